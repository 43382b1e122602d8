from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _

from motcua.accounts import guard
from motcua.accounts.tokens import revoke_session_tokens
from motcua.audit import record


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # Attempts count per address, failures per (account, address): see accounts/guard.py.
        wait = guard.wait_before_login(request, request.POST.get("username", ""))
        if wait:
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, _("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút."))
            response = super().form_invalid(form)
            response.status_code = 429
            response["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form) -> HttpResponse:
        guard.login_failed(self.request, self.request.POST.get("username", ""))
        return super().form_invalid(form)

    def get_default_redirect_url(self) -> str:
        """Staff go to their desk; citizens to the portal's home."""
        user = self.request.user
        return resolve_url("office:home" if getattr(user, "is_agency_staff", False) else "home")

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        guard.login_succeeded(self.request, self.request.POST.get("username", ""))
        record("accounts.login", actor=user, agency=user.agency, target=user)
        return response


login = LoginView.as_view()


class LogoutView(auth_views.LogoutView):
    """Log out, and revoke the API tokens this browser session was given."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        revoke_session_tokens(request)
        return super().post(request, *args, **kwargs)


logout = LogoutView.as_view()
