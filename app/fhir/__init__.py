"""A kept course as a FHIR R4 Bundle: pure mapping from the course views to plain dicts."""
