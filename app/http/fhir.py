"""A course's FHIR Bundle as the bytes the API's export and the course page's download send."""

from __future__ import annotations

import json

from app.services import fhir_export

FHIR_JSON = "application/fhir+json"


def bundle_json(export: fhir_export.Export) -> bytes:
    """The Bundle as UTF-8 JSON bytes."""
    return json.dumps(export.bundle, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode()
