"""The app starts and serves its OpenAPI schema."""


def test_openapi_lists_the_calculators(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/v1/mix", "/api/v1/compound", "/api/v1/compound/check"} <= set(paths)
