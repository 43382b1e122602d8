"""Whom a request comes from, for rate limits: the peer's address, or the address a trusted
proxy (``TRUSTED_PROXIES``, none by default) says it forwarded for."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address | None) -> bool:
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    return address is not None and any(address in net for net in networks)


def _key(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """IPv4 as is; IPv6 by its /64, which one subscriber gets whole and can walk through."""
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(ipaddress.ip_network(f"{address}/64", strict=False))


def client_address(request: HttpRequest) -> str:
    """The client's address: ``X-Forwarded-For`` counts only when the direct peer is a trusted
    proxy, and then its right-most address that is not a trusted proxy (what the last proxy we
    trust saw); everything left of it was written by the client and is ignored."""
    peer = _parse(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return "unknown"
    if not _trusted(peer):
        return _key(peer)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for item in reversed(forwarded.split(",")):
        address = _parse(item)
        if address is None:
            break  # a trusted proxy writes addresses only: the rest is the client's own text
        if not _trusted(address):
            return _key(address)
    return _key(peer)
