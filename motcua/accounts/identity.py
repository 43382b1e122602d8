"""Extension point for a national identity provider (VNeID, đăng nhập một lần của Cổng Dịch
vụ công quốc gia). Nothing here talks to VNeID: the contract a real adapter must meet is
written down so that one can be added without touching the portal's views.

An adapter is a class with the methods of :class:`IdentityProvider`, named in the setting
``IDENTITY_PROVIDERS`` (``{"vneid": "dotted.path.to.Adapter"}``). The portal's login page
shows one button per configured provider; ``/tai-khoan/dang-nhap/<name>/`` redirects to
:meth:`IdentityProvider.authorization_url` and its callback gives the query to
:meth:`IdentityProvider.complete`, which answers a :class:`VerifiedIdentity`. The portal then
finds or creates the citizen account whose ``username`` is ``"<name>:<subject>"``. An
identity from a provider is verified by the provider, so no one-time code is sent. See README
"Signing in with VNeID"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class VerifiedIdentity:
    """What a provider vouches for. ``subject`` is its stable id for the person (for VNeID
    the 12-digit personal identification number, số định danh cá nhân)."""

    provider: str
    subject: str
    full_name: str
    phone: str = ""
    email: str = ""


class IdentityProvider(Protocol):
    name: str
    label: str  # the button's text, e.g. "Đăng nhập bằng tài khoản định danh điện tử VNeID"

    def authorization_url(self, *, state: str, redirect_uri: str) -> str:
        """Where to send the browser to log in (OpenID Connect authorization request)."""

    def complete(self, *, query: dict[str, str], state: str, redirect_uri: str) -> VerifiedIdentity:
        """Check the provider's answer (state, code exchange, token signature) and return the
        identity, or raise ``motcua.errors.PermissionDenied``."""


def configured_providers() -> dict[str, IdentityProvider]:
    """The adapters named in ``settings.IDENTITY_PROVIDERS`` (none by default)."""
    return {
        name: import_string(path)()
        for name, path in getattr(settings, "IDENTITY_PROVIDERS", {}).items()
    }
