# The app server image: gunicorn with config.settings.production, as a non-root user.
# Build: docker build -t lape-methods .   Run with compose.yaml (PostgreSQL, Redis, Elasticsearch).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

# pg_dump/pg_restore for `manage.py backup` / `restore`; gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client gettext \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 app
WORKDIR /app

COPY pyproject.toml ./
RUN pip install .
COPY . .

# Static files and translations are built into the image; no database is needed for either.
RUN export SECRET_KEY=build-only-not-secret SITE_URL=http://build.invalid \
    && python manage.py compilemessages --ignore=.venv --verbosity 0 \
    && python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/media && chown app:app /app/media

USER app
EXPOSE 8000
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
