"""``manage.py check --deploy``: the public address printed in QR codes and links (SITE_URL)."""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_NAMES = ("localhost", "localhost.localdomain")


def is_local(url: str) -> bool:
    """Does ``url`` point at this machine or a private network, where a citizen's phone
    reading a QR code cannot follow it?"""
    host = (urlsplit(url).hostname or "").lower()
    if not host or host in LOCAL_NAMES or host.endswith((".localhost", ".local")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_unspecified


@register(Tags.security, deploy=True)
def site_url(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    url = settings.SITE_URL
    if url and not is_local(url):
        return []
    return [
        Warning(
            f"SITE_URL ({url or 'chưa đặt'}) không phải địa chỉ công khai: mã QR trên giấy tờ và "
            "đường dẫn trong tin nhắn, thư điện tử sẽ không mở được. "
            "SITE_URL is unset or local: QR codes and links in messages will not work.",
            hint="SITE_URL=https://motcua.<tỉnh>.gov.vn",
            id="motcua.W001",
        )
    ]
