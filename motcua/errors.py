"""Errors that carry a Vietnamese message to the person who caused them.

The API turns them into ``{"error", "message", "details"}`` (CONTRACT.md); commands print the
message and exit non-zero; views show it beside the form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

View = TypeVar("View", bound=Callable[..., Any])


class DomainError(Exception):
    """A rule said no. ``code`` is stable English, ``message`` is for people (Vietnamese)."""

    code = "invalid"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, details: Any = None) -> None:
        super().__init__(message)
        self.message = str(message)
        if code:
            self.code = code
        self.details = details or {}

    def as_dict(self) -> dict[str, Any]:
        return {"error": self.code, "message": self.message, "details": self.details}


class ValidationFailed(DomainError):
    """Input has the wrong shape or value (400)."""

    code = "validation_error"
    status = 400


FIELD_MESSAGES = {
    "missing": "thiếu trường bắt buộc",
    "string_type": "phải là chuỗi ký tự",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "decimal_parsing": "phải là số",
    "float_parsing": "phải là số",
    "datetime_from_date_parsing": "phải là thời điểm dạng ISO 8601",
    "datetime_parsing": "phải là thời điểm dạng ISO 8601",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "enum": "không thuộc các giá trị cho phép",
    "literal_error": "không thuộc các giá trị cho phép",
    "json_invalid": "không phải JSON hợp lệ",
}


def invalid_fields(errors: list[dict[str, Any]]) -> ValidationFailed:
    """A schema's (pydantic's) errors as one :class:`ValidationFailed`, field by field."""
    fields = {}
    for err in errors:
        loc = [str(part) for part in err.get("loc", []) if part not in ("body", "query", "path")]
        where = ".".join(loc) or "body"
        fields[where] = FIELD_MESSAGES.get(err.get("type", ""), err.get("msg", "không hợp lệ"))
    listing = "; ".join(f"{k}: {v}" for k, v in fields.items())
    return ValidationFailed(f"Dữ liệu không hợp lệ ({listing}).", details=fields)


class NotFound(DomainError):
    """No such object, or not one the caller may see (404; both look the same)."""

    code = "not_found"
    status = 404


class PermissionDenied(DomainError):
    """The caller's role may not do this (403)."""

    code = "forbidden"
    status = 403


class Conflict(DomainError):
    """The object's state does not allow this now (409)."""

    code = "conflict"
    status = 409


def answers(*codes: int) -> Callable[[View], View]:
    """Name the error statuses an API view's rules may answer (403 a policy, 409 the state …),
    beyond those its declaration implies; the OpenAPI document lists them (``api/openapi.py``)."""

    def mark(view: View) -> View:
        view.error_codes = frozenset(getattr(view, "error_codes", ())) | set(codes)  # type: ignore[attr-defined]
        return view

    return mark
