"""The demo tests seed the province several times; each seed makes a demo CA and a key per
leader and per seal. The product makes RSA-2048 keys, slow to generate and to check when a
PKCS#12 file is opened (tens of milliseconds each); these tests get EC keys, which sign and
verify the same way (the signing tests cover RSA)."""

from __future__ import annotations

import pytest

from motcua.signing import democa


@pytest.fixture(autouse=True)
def _ec_keys(monkeypatch):
    original = democa._new_key
    monkeypatch.setattr(democa, "_new_key", lambda key_type: original("ec"))
