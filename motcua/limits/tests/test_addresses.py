"""Whom a request comes from: X-Forwarded-For counts only from a trusted proxy (issue 17,
finding 2)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from motcua.limits.addresses import client_address


def _request(peer: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(_request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("198.51.100.7", "198.51.100.7"),
        ("1.1.1.1, 2.2.2.2, 198.51.100.7", "198.51.100.7"),  # the client wrote the first two
        ("198.51.100.7, 10.0.0.5", "198.51.100.7"),  # 10.0.0.5 is a trusted inner proxy
        ("made-up, 198.51.100.7", "198.51.100.7"),
        ("198.51.100.7, made-up", "127.0.0.1"),  # a trusted proxy never writes that
        ("", "127.0.0.1"),
    ],
)
def test_behind_a_trusted_proxy_the_right_most_untrusted_address_counts(
    settings, forwarded, expected
):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32", "10.0.0.0/8"]
    assert client_address(_request("127.0.0.1", forwarded)) == expected


def test_a_header_from_an_untrusted_peer_is_ignored_even_with_proxies_configured(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_address(_request("203.0.113.9", "198.51.100.7")) == "203.0.113.9"


def test_ipv6_clients_count_by_their_slash_64(settings):
    settings.TRUSTED_PROXIES = []
    one = client_address(_request("2001:db8:1:2::1"))
    other = client_address(_request("2001:db8:1:2:ffff::9"))
    assert one == other == "2001:db8:1:2::/64"
    assert client_address(_request("::ffff:198.51.100.7")) == "198.51.100.7"
