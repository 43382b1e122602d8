"""The OpenAPI document tells the truth: one schema per name, and every status an operation
answers is one it documents, with the one error shape for errors."""

from __future__ import annotations

import re
import typing
from collections import defaultdict
from importlib import import_module

import pytest
from django.conf import settings
from pydantic import BaseModel

from motcua.api.openapi import documented_codes, error_codes, operations

# The API with every router mounted: the URL configuration mounts the reports edge's own.
api = import_module(settings.ROOT_URLCONF).api
ERROR = {"$ref": "#/components/schemas/Error"}


def _models(annotation, found: set) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found:
            return
        found.add(annotation)
        for field in annotation.model_fields.values():
            _models(field.annotation, found)
    for argument in typing.get_args(annotation):
        _models(argument, found)


def test_no_two_schemas_share_a_name(client):
    components = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    found: set = set()
    for _path, operation in operations(api):
        for model in operation.response_models.values():
            _models(model, found)
        for model in operation.models:
            _models(model, found)
    by_name = defaultdict(set)
    for model in found:
        if model.__name__ in components:
            by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    shared = {name: sorted(models) for name, models in by_name.items() if len(models) > 1}
    assert shared == {}
    detail = components["DossierDetail"]["properties"]
    assert detail["steps"]["items"] == {"$ref": "#/components/schemas/DossierStepOut"}
    assert "agency" in components["DossierStepOut"]["properties"]
    assert "originals" in components["DossierComponentOut"]["properties"]


def test_every_operation_documents_its_errors_in_the_error_shape(client):
    document = client.get("/api/v1/openapi.json").json()
    assert set(document["components"]["schemas"]["Error"]["required"]) == {
        "error",
        "message",
        "details",
    }
    seen = 0
    for path, methods in document["paths"].items():
        for method, entry in methods.items():
            codes = {int(code) for code in entry["responses"]}
            errors = {code for code in codes if code >= 400}
            assert 400 in errors, (method, path)
            if entry.get("security"):
                assert 401 in errors, (method, path)
            if "{" in path:
                assert 404 in errors, (method, path)
            for code in errors:
                schema = entry["responses"][str(code)]["content"]["application/json"]["schema"]
                assert schema == ERROR, (method, path, code)
            seen += 1
    assert seen == sum(len(op.methods) for _path, op in operations(api))
    codes = {
        (method, path): {int(code) for code in entry["responses"]}
        for path, methods in document["paths"].items()
        for method, entry in methods.items()
    }
    assert {403, 409} <= codes["post", "/api/v1/dossiers/{code}/actions/{action}"]
    assert 429 in codes["get", "/api/v1/public/lookup"]
    assert 413 in codes["post", "/api/v1/files"]


def _probe_path(path: str) -> str:
    return re.sub(r"{[^}]+}", "999999", path)


def _probes():
    for path, operation in operations(api):
        for method in operation.methods:
            yield pytest.param(method, path, operation, id=f"{method} {path}")


@pytest.mark.parametrize(("method", "path", "operation"), list(_probes()))
@pytest.mark.parametrize("who", ["nobody", "citizen", "outsider", "lan"])
def test_every_answer_to_a_probe_is_documented(
    db, request, client, api_token, settings, method, path, operation, who
):
    """Without a token, as a citizen, as another agency's officer and as the counter officer,
    with made-up path values and no parameters: whatever comes back is in the document."""
    settings.RATELIMIT_ENABLE = False
    headers = {} if who == "nobody" else api_token(request.getfixturevalue(who))
    url = "/api/v1" + _probe_path(path)
    if method == "GET":
        response = client.get(url, **headers)
    else:
        response = client.generic(method, url, b"{}", content_type="application/json", **headers)
    assert response.status_code != 500
    assert response.status_code in documented_codes(operation), response.content
    if response.status_code >= 400:
        assert set(response.json()) == {"error", "message", "details"}
        assert response.status_code in error_codes(operation)
