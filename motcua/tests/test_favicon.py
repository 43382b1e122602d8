"""Issue 21 (polish): ``/favicon.ico`` answers the icon the pages link, not a 404."""

from __future__ import annotations

import io

from django.contrib.staticfiles import finders
from PIL import Image

from motcua.favicon import ICON_BYTES


def test_favicon_answers_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert "max-age" in response["Cache-Control"]
    with Image.open(io.BytesIO(response.content)) as icon:
        assert icon.format == "ICO"
        assert (32, 32) in icon.info["sizes"]


def test_the_pages_link_the_same_icon(client):
    page = client.get("/accounts/login/").content.decode()
    assert '<link rel="icon" href="/static/motcua/favicon.ico"' in page
    with open(finders.find("motcua/favicon.ico"), "rb") as linked:
        assert linked.read() == ICON_BYTES
