# STS Planner: FastAPI app served by uvicorn, PDFs by WeasyPrint.
# Pinned by tag until scripts/pin-base-image.sh is run where Docker Hub can be reached: it
# writes the tag's current digest here (python:3.11-slim-bookworm@sha256:…).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    XDG_CACHE_HOME=/tmp/cache \
    STS_HOST=0.0.0.0 \
    STS_PORT=8000 \
    STS_WORKERS=2

# WeasyPrint needs Pango for the PDF print views, and a font to set them in. Versions float
# with Debian's security updates for bookworm, so they are not pinned.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Dependencies are exactly those of requirements.lock (made from pyproject.toml by
# scripts/lock.sh), each checked against its hash, installed by the pip of requirements-pip.lock. The app is not installed: it runs from /app,
# where the templates, static files and protocol templates sit beside it. Importing the unit
# registry once fills pint's definitions cache (in XDG_CACHE_HOME), and compiling the app's
# modules here (the server may not write beside them) spares every start compiling them again.
COPY pyproject.toml README.md requirements-pip.lock requirements.lock ./
COPY app/ app/
RUN pip install --no-cache-dir --require-hashes -r requirements-pip.lock \
    && pip install --no-cache-dir --require-hashes -r requirements.lock \
    && python -c "import app.quantities.registry" \
    && python -m compileall -q app \
    && groupadd --system --gid 10001 sts \
    && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --shell /usr/sbin/nologin sts \
    && chown -R 10001:10001 /tmp/cache \
    && mkdir -p /app/data && chown 10001:10001 /app/data
COPY schedules/ schedules/
COPY templates/ templates/
COPY static/ static/

# A non-root user that owns nothing in /app: the code cannot be changed by the server.
# Kept courses (issue 8): the default SQLite database lives here; mount a volume to keep it.
ENV STS_DATA_DIR=/app/data
VOLUME ["/app/data"]
USER 10001:10001
EXPOSE 8000

# No curl in the slim image: Python asks /healthz on the address the server listens on
# (STS_HOST, with 0.0.0.0 or :: asked on loopback), and any error or non-2xx fails the check.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-m", "app.healthcheck"]

# Host, port and the number of workers come from STS_HOST, STS_PORT and STS_WORKERS; bad
# settings stop start-up with a message naming the variable.
CMD ["python", "-m", "app.serve"]
