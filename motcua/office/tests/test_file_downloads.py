"""A stored upload reaches staff as a download with ``nosniff``, never rendered by the
browser: it came from outside (issue 17, item 14)."""

from __future__ import annotations

import pytest

from motcua.documents.tests import files
from motcua.dossiers.tests.support import intake_body

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("make", "name"), [(files.a_pdf, "giay.pdf"), (files.a_png, "ma.png")])
def test_staff_screens_hand_uploads_out_as_downloads(client, api_token, lan, monday, make, name):
    headers = api_token(lan)
    file_id = files.post_file(client, headers, "/files", make(), name).json()["id"]
    body = intake_body(
        components=[
            {"code": "to_khai_tthn", "originals": 1, "copies": 0, "file_ids": [file_id]},
            {"code": "giay_to_tuy_than", "originals": 0, "copies": 1},
        ]
    )
    code = client.post("/api/v1/dossiers", body, content_type="application/json", **headers).json()[
        "code"
    ]
    client.force_login(lan)

    response = client.get(f"/office/ho-so/{code}/tep/{file_id}/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
