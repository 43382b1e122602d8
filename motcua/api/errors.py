"""Every API error has the shape of CONTRACT.md: ``{"error", "message", "details"}``."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.errors import Throttled as NinjaThrottled

from motcua.errors import DomainError, invalid_fields


def _error(api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, details=None):
    return api.create_response(
        request, {"error": code, "message": message, "details": details or {}}, status=status
    )


def install(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return _error(api, request, exc.status, exc.code, exc.message, exc.details)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        invalid = invalid_fields(exc.errors)
        return _error(api, request, 400, invalid.code, invalid.message, invalid.details)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return _error(
            api,
            request,
            401,
            "unauthorized",
            "Cần đăng nhập: mã truy cập thiếu, sai hoặc đã hết hạn.",
        )

    @api.exception_handler(NinjaThrottled)
    def throttled(request: HttpRequest, exc: NinjaThrottled) -> HttpResponse:
        response = _error(
            api, request, 429, "too_many_requests", "Quá nhiều yêu cầu, vui lòng thử lại sau."
        )
        if exc.wait:
            response["Retry-After"] = str(int(exc.wait) + 1)
        return response

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _error(api, request, 404, "not_found", "Không tìm thấy.")

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return _error(api, request, exc.status_code, "error", str(exc))
