"""What the OpenAPI document promises each operation may answer.

Every error has one shape (``Error``, CONTRACT.md). The codes follow from how an operation is
declared, so a new endpoint is documented without anyone remembering to: 400 always (input is
checked at the edge), 401 when it needs a token, 404 when its path names an object, 429 when it
is throttled. Codes that come from the rules (403 a policy, 409 the lifecycle …) are named on the
view with ``motcua.errors.answers(403, 409)``. Every API answer in the test suite is checked
against the document (``motcua/conftest.py``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from http.client import responses as reasons
from typing import Any

from ninja import NinjaAPI, Schema
from ninja.operation import Operation

ERROR_REF = "#/components/schemas/Error"


class ErrorOut(Schema):
    """``{"error", "message", "details"}``: a stable English code, a Vietnamese sentence."""

    error: str
    message: str
    details: dict[str, Any]


def error_codes(operation: Operation) -> set[int]:
    """The error statuses ``operation`` may answer."""
    codes = {400}
    if operation.auth_callbacks:
        codes.add(401)
    if "{" in operation.path:
        codes.add(404)
    if operation.throttle_objects:
        codes.add(429)
    codes |= set(getattr(operation.view_func, "error_codes", ()))
    return codes


def documented_codes(operation: Operation) -> set[int]:
    """Every status ``operation`` documents: its successes and its errors."""
    return {code for code in operation.response_models if isinstance(code, int)} | error_codes(
        operation
    )


def operations(api: NinjaAPI) -> Iterator[tuple[str, Operation]]:
    """``(path, operation)`` for every operation of ``api``, the path as the document shows it."""
    for router in api._get_bound_routers():
        for path, view in router.path_operations.items():
            full = "/".join(part.strip("/") for part in (router.prefix, path) if part.strip("/"))
            for operation in view.operations:
                if operation.include_in_schema:
                    yield "/" + full, operation


class DocumentedAPI(NinjaAPI):
    """A NinjaAPI whose document lists every error answer with the one error schema."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["components"].setdefault("schemas", {})["Error"] = ErrorOut.model_json_schema()
        prefix = self.get_root_path(path_params or {}) if path_prefix is None else path_prefix
        for path, operation in operations(self):
            shown = "/" + (prefix + path.lstrip("/")).lstrip("/")
            for method in operation.methods:
                entry = schema["paths"][_template(shown)][method.lower()]
                for code in sorted(error_codes(operation)):
                    entry["responses"].setdefault(
                        code,
                        {
                            "description": reasons.get(code, "Error"),
                            "content": {"application/json": {"schema": {"$ref": ERROR_REF}}},
                        },
                    )
        return schema


def _template(path: str) -> str:
    """``/dossiers/{int:id}`` → ``/dossiers/{id}``, as ninja writes paths in the document."""
    return re.sub(r"{[^}:]+:", "{", path)
