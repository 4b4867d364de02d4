"""Django's PostgreSQL backend with every wait for the server bounded.

libpq waits for an answer as long as the socket stays open, and a server that hangs (or a network
that drops packets) keeps it open: a request would wait until gunicorn kills its worker. Here each
wait on a connection ends after `ANSWER_TIMEOUT` seconds (longer than the server's own
`statement_timeout`, so a slow query is cancelled by the server first and the connection stays
usable); the connection, whose state is then unknown, is closed and the request ends with
OperationalError, which `operations.errors` answers with 503.

After a failed connection or an unanswered wait, this process does not try the server again for
`RETRY_SECONDS`: requests meanwhile fail at once instead of each waiting out the timeout.

OPTIONS (besides libpq's connection parameters): `answer_timeout` (seconds, None for no bound)
and `retry_seconds`. This backend does not take Django's `pool` option.
"""

import time

import psycopg
from django.core.exceptions import ImproperlyConfigured
from django.db.backends.postgresql import base
from django.db.backends.postgresql.psycopg_any import IsolationLevel

# What the connection's health check (`SELECT 1` before reusing a connection) may take.
HEALTH_CHECK_TIMEOUT = 2.0


class BoundedConnection(psycopg.Connection):
    """A psycopg connection whose waits for the server end after `answer_timeout` seconds."""

    answer_timeout: float | None = None
    on_timeout = None  # called when a wait ran out, before the error is raised

    def wait(self, gen, *args, timeout=None, **kwargs):
        try:
            return super().wait(
                gen, *args, timeout=self.answer_timeout if timeout is None else timeout, **kwargs
            )
        except psycopg.errors._WaitTimeout as error:
            # The query may still be running or its answer half-read: the connection is unusable.
            self.pgconn.finish()
            if self.on_timeout:
                self.on_timeout()
            raise psycopg.OperationalError(
                f"the database did not answer within {timeout or self.answer_timeout:g} s"
            ) from error


class DatabaseWrapper(base.DatabaseWrapper):
    # Per process and database alias: until when not to try the server again.
    _unreachable_until: dict[str, float] = {}

    def get_connection_params(self):
        params = super().get_connection_params()
        if "pool" in self.settings_dict["OPTIONS"]:
            raise ImproperlyConfigured("operations.postgresql does not take the 'pool' option")
        params.pop("answer_timeout", None)
        params.pop("retry_seconds", None)
        return params

    @property
    def answer_timeout(self) -> float | None:
        return self.settings_dict["OPTIONS"].get("answer_timeout")

    @property
    def retry_seconds(self) -> float:
        return self.settings_dict["OPTIONS"].get("retry_seconds", 1.0)

    def get_new_connection(self, conn_params):
        until = self._unreachable_until.get(self.alias, 0.0)
        if until > time.monotonic():
            raise psycopg.OperationalError(
                f"the database was unreachable moments ago; trying again in "
                f"{until - time.monotonic():.1f} s"
            )
        try:
            connection = BoundedConnection.connect(**conn_params)
        except psycopg.OperationalError:
            self._mark_unreachable()
            raise
        self._unreachable_until.pop(self.alias, None)
        connection.answer_timeout = self.answer_timeout
        connection.on_timeout = self._mark_unreachable
        isolation_level = self.settings_dict["OPTIONS"].get("isolation_level")
        self.isolation_level = IsolationLevel(isolation_level or IsolationLevel.READ_COMMITTED)
        if isolation_level is not None:
            connection.isolation_level = self.isolation_level
        return connection

    def is_usable(self):
        if self.connection is None or self.connection.closed:
            return False
        # The health check is `SELECT 1`: it has no reason to take long.
        bound = self.connection.answer_timeout
        self.connection.answer_timeout = min(HEALTH_CHECK_TIMEOUT, bound or HEALTH_CHECK_TIMEOUT)
        try:
            with self.connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except psycopg.Error:
            return False
        finally:
            self.connection.answer_timeout = bound
        return True

    def _mark_unreachable(self) -> None:
        self._unreachable_until[self.alias] = time.monotonic() + self.retry_seconds
