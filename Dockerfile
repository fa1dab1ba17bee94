# One image for every process: api, worker, beat, migrate (compose picks the command).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends tesseract-ocr \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY services ./services
COPY migrations ./migrations
RUN pip install .

RUN useradd --create-home --uid 10001 vendor && mkdir -p /data && chown vendor /data
USER vendor
ENV VENDOR_RISK_VAR_DIR=/data VENDOR_RISK_BLOB_DIR=/data/blobs
EXPOSE 8000
CMD ["vendor-risk", "api", "--host", "0.0.0.0", "--port", "8000"]
