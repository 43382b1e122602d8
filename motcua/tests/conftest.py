"""Fixtures shared by the project-wide tests."""

from __future__ import annotations

import runpy
from types import SimpleNamespace

import pytest

import motcua.settings

# The variables the settings tests are about: cleared from the test's own environment.
CLEARED = ("SECRET_KEY", "DEBUG", "DATABASE_URL", "DB_PREPARED_STATEMENTS", "DEMO_INBOX")


@pytest.fixture
def settings_with(monkeypatch):
    """``settings_with(NAME=value, …)``: the settings file read afresh in this process with
    that environment (and none of the variables it is about from the test's own)."""

    def read(**env: str) -> SimpleNamespace:
        for name in CLEARED:
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return SimpleNamespace(**runpy.run_path(motcua.settings.__file__))

    return read
