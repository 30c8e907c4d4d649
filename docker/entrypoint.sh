#!/bin/sh
# Entry point of the BaiMuras image: optionally apply migrations, then run the given command
# (the image's CMD, gunicorn, unless one is given: `celery -A baimuras worker`, `python manage.py ...`).
# Migrations run only when DJANGO_MIGRATE_ON_START=true: one web container (docker compose) may do
# it at start; with many replicas run `python manage.py migrate` once per release instead.
set -eu

case "${DJANGO_MIGRATE_ON_START:-false}" in
  true | 1 | yes)
    echo "entrypoint: python manage.py migrate --noinput"
    python manage.py migrate --noinput
    ;;
esac

exec "$@"
