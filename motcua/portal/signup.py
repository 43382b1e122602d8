"""Tài khoản công dân: register with a phone or e-mail and a password, confirm with the
one-time code, log in and out; and the language switch of the public pages."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts import guard, identity, services, verification
from motcua.accounts.models import User
from motcua.accounts.tokens import revoke_session_tokens
from motcua.audit import record
from motcua.errors import DomainError
from motcua.notify import codes
from motcua.notify.channels import DEMO_REPLACED
from motcua.notify.models import Message
from motcua.portal.forms import CodeForm, LoginForm, RegisterForm
from motcua.portal.http import throttled, too_many

PENDING = "portal_pending_user"
DECOY = "portal_taken_contact"  # registration for a contact that already has an account
NEXT = "portal_signup_next"  # where the citizen was going when they chose to register


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def language(request: HttpRequest, code: str) -> HttpResponse:
    """Chọn ngôn ngữ: a plain link, so the cacheable public pages carry no form token."""
    if not check_for_language(code):
        raise Http404
    response = HttpResponseRedirect(_safe_next(request, reverse("portal:catalogue")))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST":
        if throttled(request, "portal-register", "RATELIMIT_REGISTER"):
            return too_many(request, "portal/register.html", context)
        if form.is_valid():
            data = form.cleaned_data
            try:
                done = services.register_citizen(
                    full_name=data["full_name"], contact=data["contact"], password=data["password"]
                )
                channel, login = services.parse_contact(data["contact"])
                if done.taken:
                    codes.send_taken_notice(done.user, channel=channel, recipient=login)
                else:
                    codes.send_signup_code(done.user)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                # A taken contact gets the same code page, which refuses every code (item 16).
                request.session.pop(PENDING, None)
                request.session.pop(DECOY, None)
                if done.taken:
                    request.session[DECOY] = {"recipient": login, "tries": 0}
                else:
                    request.session[PENDING] = done.user.pk
                request.session[NEXT] = _safe_next(request, "")
                return redirect("portal:verify")
    context["next"] = _safe_next(request, "")
    return render(request, "portal/register.html", context)


def _pending(request: HttpRequest) -> User | None:
    user_id = request.session.get(PENDING)
    return services.pending_citizen(user_id) if user_id else None


def verify(request: HttpRequest) -> HttpResponse:
    user = _pending(request)
    if user is None and request.session.get(DECOY):
        return _decoy_verify(request)
    if user is None:
        return redirect("portal:register")
    form = CodeForm(request.POST or None)
    context = {
        "form": form,
        "recipient": user.phone or user.email,
        "demo_inbox": settings.DEMO_INBOX,
    }
    if request.method == "POST":
        if throttled(request, "portal-verify", "RATELIMIT_VERIFY"):
            return too_many(request, "portal/verify.html", context)
        if form.is_valid():
            try:
                services.confirm_signup(user, form.cleaned_data["code"])
            except DomainError as exc:
                form.add_error("code", exc.message)
            else:
                del request.session[PENDING]
                auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Tài khoản đã được xác thực. Chào mừng bạn!"))
                return redirect(request.session.pop(NEXT, "") or reverse("portal:my_dossiers"))
    return render(request, "portal/verify.html", context)


def _decoy_verify(request: HttpRequest) -> HttpResponse:
    """The code page after registering a contact that already has an account: it looks and
    counts like the real one, and no code works (no code was sent)."""
    decoy = request.session[DECOY]
    form = CodeForm(request.POST or None)
    context = {
        "form": form,
        "recipient": decoy["recipient"],
        "demo_inbox": settings.DEMO_INBOX,
    }
    if request.method == "POST":
        if throttled(request, "portal-verify", "RATELIMIT_VERIFY"):
            return too_many(request, "portal/verify.html", context)
        if form.is_valid():
            decoy["tries"] = min(decoy["tries"] + 1, verification.MAX_ATTEMPTS)
            request.session[DECOY] = decoy
            left = verification.MAX_ATTEMPTS - decoy["tries"]
            form.add_error(
                "code",
                _("Mã xác thực không đúng. Còn %(n)s lần thử.") % {"n": left}
                if left
                else _("Đã nhập sai quá số lần cho phép. Vui lòng yêu cầu gửi mã mới."),
            )
    return render(request, "portal/verify.html", context)


@require_POST
def resend(request: HttpRequest) -> HttpResponse:
    user = _pending(request)
    decoy = request.session.get(DECOY) if user is None else None
    if user is None and not decoy:
        return redirect("portal:register")
    if throttled(request, "portal-register", "RATELIMIT_REGISTER"):
        messages.error(request, _("Bạn thao tác quá nhiều lần. Vui lòng thử lại sau ít phút."))
        return redirect("portal:verify")
    if decoy:
        decoy["tries"] = 0
        request.session[DECOY] = decoy
        messages.success(request, _("Đã gửi mã xác thực mới."))
        return redirect("portal:verify")
    try:
        codes.send_signup_code(user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã gửi mã xác thực mới."))
    return redirect("portal:verify")


def login(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    context = {
        "form": form,
        "next": _safe_next(request, ""),
        "providers": identity.configured_providers(),
    }
    if request.method == "POST":
        # Attempts count per address, failures per (account, address): accounts/guard.py.
        account = _username(request.POST.get("contact", ""))
        if guard.wait_before_login(request, account):
            return too_many(request, "portal/login.html", context)
        if form.is_valid():
            user = _authenticate(request, form.cleaned_data)
            if user is None and getattr(request, "pending_signup", False):
                return redirect("portal:verify")
            if user is None:
                guard.login_failed(request, account)
            else:
                guard.login_succeeded(request, account)
                auth_login(request, user)
                record("accounts.login", actor=user, target=user)
                return redirect(_safe_next(request, reverse("portal:my_dossiers")))
    return render(request, "portal/login.html", context)


def _username(contact: str) -> str:
    """The account a contact names (a phone in any spelling is one account)."""
    try:
        return services.parse_contact(contact)[1]
    except DomainError:
        return contact


def _authenticate(request: HttpRequest, data: dict) -> User | None:
    username = _username(data["contact"])
    user = authenticate(request, username=username, password=data["password"])
    if user is not None:
        return user
    pending = User.objects.filter(username=username, is_active=False, role="citizen").first()
    if pending is not None and pending.check_password(data["password"]):
        request.session[PENDING] = pending.pk
        request.pending_signup = True
        messages.info(request, _("Tài khoản chưa được xác thực: nhập mã đã gửi cho bạn."))
        return None
    record("accounts.login_failed", data={"username": username[:150]})
    return None


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    revoke_session_tokens(request)
    auth_logout(request)
    return redirect("home")


def provider_login(request: HttpRequest, name: str) -> HttpResponse:
    """Đăng nhập bằng tài khoản định danh điện tử: hand over to the provider."""
    provider = identity.configured_providers().get(name)
    if provider is None:
        raise Http404
    state = secrets.token_urlsafe(24)
    request.session[f"idp_state:{name}"] = state
    callback = request.build_absolute_uri(reverse("portal:provider_callback", args=[name]))
    return redirect(provider.authorization_url(state=state, redirect_uri=callback))


def provider_callback(request: HttpRequest, name: str) -> HttpResponse:
    provider = identity.configured_providers().get(name)
    state = request.session.pop(f"idp_state:{name}", None)
    if provider is None or state is None:
        raise Http404
    callback = request.build_absolute_uri(reverse("portal:provider_callback", args=[name]))
    try:
        found = provider.complete(query=request.GET.dict(), state=state, redirect_uri=callback)
        user = services.citizen_from_identity(found)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("portal:login")
    auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    record("accounts.login", actor=user, target=user, data={"via": name})
    return redirect("portal:my_dossiers")


DEMO_INBOX_SHOWN = 50


def demo_inbox(request: HttpRequest) -> HttpResponse:
    """Hộp thư trình diễn: in a demo (``DEMO_INBOX``) the SMS and e-mail the system would have
    sent, newest first, so a sign-up code can be read; a 404 anywhere else."""
    if not settings.DEMO_INBOX:
        raise Http404
    shown = (
        Message.objects.with_scopes_disabled()  # a demo's messages, to anyone: that is its use
        .filter(channel__in=DEMO_REPLACED)
        .order_by("-created_at", "-pk")[:DEMO_INBOX_SHOWN]
    )
    return render(request, "portal/demo_inbox.html", {"shown": shown})
