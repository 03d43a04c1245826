#!/usr/bin/env bash
# Pin the Dockerfile's base image by digest: ask Docker Hub for the digest its tag names today
# (the multi-platform index, so every platform still builds) and write it into the FROM line.
# Run where Docker Hub can be reached, review the diff, build, commit. Needs curl.
# BASE_DIGEST=sha256:… skips the question (for a digest read elsewhere, and for the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
from=$(grep -m1 '^FROM ' Dockerfile | awk '{print $2}')
image=${from%@*}          # python:3.11-slim-bookworm, with any old digest dropped
repository=${image%:*}    # python
tag=${image##*:}          # 3.11-slim-bookworm
case $repository in */*) ;; *) repository="library/$repository" ;; esac

digest=${BASE_DIGEST:-}
if [ -z "$digest" ]; then
  token=$(curl -fsS "https://auth.docker.io/token?service=registry.docker.io&scope=repository:$repository:pull" \
    | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
  digest=$(curl -fsSI \
    -H "Authorization: Bearer $token" \
    -H "Accept: application/vnd.oci.image.index.v1+json" \
    -H "Accept: application/vnd.docker.distribution.manifest.list.v2+json" \
    "https://registry-1.docker.io/v2/$repository/manifests/$tag" \
    | tr -d '\r' | awk 'tolower($1) == "docker-content-digest:" {print $2}')
fi
if ! [[ $digest =~ ^sha256:[0-9a-f]{64}$ ]]; then
  echo "No digest for $image (got '${digest}'): nothing changed." >&2
  exit 1
fi
sed -i "0,/^FROM .*/s||FROM $image@$digest|" Dockerfile
echo "FROM $image@$digest"
