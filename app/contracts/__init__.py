"""What the services, the pages and the JSON API share: request models, their field types, and the
plan bodies built from domain results. Imports only pydantic, the domain, app.clinical and
app.quantities (the import contract in pyproject.toml checks it)."""
