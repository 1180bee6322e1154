# Pishkhan's production image: gunicorn for the web, the same image for Celery.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PISHKHAN_VAR_DIR=/var/lib/pishkhan
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core gettext \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY --from=assets /app/node_modules ./node_modules
COPY . .
# The media volume mounts over /var/lib/pishkhan/media: create it owned by the app user so a fresh
# named volume inherits that owner (uploads and letters are written there).
RUN useradd --system --home /app pishkhan && mkdir -p /var/lib/pishkhan/media && chown -R pishkhan /var/lib/pishkhan \
 && SECRET_KEY=build python manage.py collectstatic --noinput --verbosity 0
USER pishkhan
EXPOSE 8000
CMD ["gunicorn", "pishkhan.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
