"""The demo tests seed the province several times; each seed makes a demo CA and one RSA key
per leader and per seal (RSA-2048 keys take tens of milliseconds each to generate)."""

from __future__ import annotations

import pytest

from motcua.signing import democa

_rsa_keys: list[democa.PrivateKey] = []


@pytest.fixture(autouse=True)
def _reused_rsa_keys(monkeypatch):
    """The n-th RSA key a demo test asks for is the n-th of a pool kept for the worker: the keys
    of one test differ from each other, the next test gets the same ones again (its demo CA and
    certificates live in that test's storage only). The product makes a fresh key every time."""
    original = democa._new_key
    handed = 0

    def new_key(key_type: democa.KeyType) -> democa.PrivateKey:
        nonlocal handed
        if key_type != "rsa":
            return original(key_type)
        if handed == len(_rsa_keys):
            _rsa_keys.append(original(key_type))
        handed += 1
        return _rsa_keys[handed - 1]

    monkeypatch.setattr(democa, "_new_key", new_key)
