"""Django's PostgreSQL backend, failing fast when the server does not answer (see `base`)."""
