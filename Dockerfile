# syntax=docker/dockerfile:1
# BaiMuras Platform: the production image. gunicorn serves baimuras.wsgi with
# baimuras.settings.production; the same image runs the Celery worker and beat (docker-compose.yml).
#   docker build --build-arg BUILD="$(git rev-parse --short HEAD)" -t baimuras-platform .

# --- 1. builder: a wheel for every runtime dependency ------------------------------------------
FROM python:3.11-slim AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
WORKDIR /build
COPY requirements/base.txt requirements/production.txt requirements/
RUN pip wheel --wheel-dir /wheels -r requirements/production.txt

# --- 2. base: Python, the dependencies from those wheels, a non-root user ----------------------
FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=baimuras.settings.production \
    DJANGO_READ_DOT_ENV_FILE=false
RUN python -m venv /opt/venv
# Installed offline from the builder's wheels: nothing is compiled or fetched here.
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels \
    --mount=type=bind,source=requirements,target=/tmp/requirements \
    pip install --no-index --find-links=/wheels -r /tmp/requirements/production.txt
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /home/app --create-home --shell /usr/sbin/nologin app
WORKDIR /app

# --- 3. assets: compiled translations and collected static files ------------------------------
# gettext (msgfmt) lives only in this stage; the final image copies the result.
FROM base AS assets
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
COPY . /app
# The production settings refuse to start without their variables: throwaway values, for these two
# commands only (never ENV, never used at runtime). locale/ may be absent in a fresh clone (empty).
RUN mkdir -p locale \
    && DJANGO_SECRET_KEY="build-only-dummy-secret-key-not-used-at-runtime-0123456789" \
       DATABASE_URL="sqlite:////tmp/build-only.sqlite3" \
       DJANGO_ALLOWED_HOSTS="localhost" \
       REDIS_URL="redis://localhost:6379/0" \
       EMAIL_URL="consolemail://" \
       N8N_WEBHOOK_SECRET="build-only-dummy-n8n-secret-0123456789" \
       sh -c "python manage.py compilemessages -v0 && python manage.py collectstatic --noinput -v0" \
    && rm -f /tmp/build-only.sqlite3 \
    && python -m compileall -q baimuras apps \
    && chmod 0755 docker/entrypoint.sh

# --- 4. runtime: the image that runs -----------------------------------------------------------
FROM base AS runtime
ARG BUILD=dev
ENV BUILD=${BUILD}
LABEL org.opencontainers.image.title="BaiMuras Platform" \
      org.opencontainers.image.description="Site, CRM (Django admin), REST API and Celery jobs of BaiMuras"
COPY --from=assets /app /app
# Code stays root-owned and read-only for the app user; media (a volume) and var/ are writable.
RUN mkdir -p /app/media /app/var && chown app:app /app/media /app/var
USER app
EXPOSE 8000
# /health answers 200 while the database is reachable. Django checks the Host header, so the probe
# sends the first of DJANGO_ALLOWED_HOSTS (a leading "." of a domain pattern dropped).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --start-interval=5s --retries=3 \
    CMD ["python", "-c", "import os,sys,urllib.request as u; h=next((x.strip().lstrip('.') for x in os.environ.get('DJANGO_ALLOWED_HOSTS','').split(',') if x.strip() not in ('','*')),'localhost'); r=u.urlopen(u.Request('http://127.0.0.1:8000/health',headers={'Host':h,'X-Forwarded-Proto':'https'}),timeout=4); sys.exit(0 if r.status==200 else 1)"]
ENTRYPOINT ["/app/docker/entrypoint.sh"]
# Workers and threads from the environment; access log to stdout; X-Forwarded-* trusted only from
# FORWARDED_ALLOW_IPS (the load balancer's addresses).
CMD ["sh", "-c", "exec gunicorn baimuras.wsgi:application --bind 0.0.0.0:8000 --workers \"${GUNICORN_WORKERS:-3}\" --threads \"${GUNICORN_THREADS:-2}\" --forwarded-allow-ips \"${FORWARDED_ALLOW_IPS:-127.0.0.1,::1}\" --access-logfile - --error-logfile - --worker-tmp-dir /dev/shm"]
