"""Loaded by pytest before Django (``-p motcua.testing`` in pyproject): test-only environment.

Tests run with DEBUG off, like production, so they need a secret key; background tasks run
inline unless a test asks for the database worker."""

import os

from hypothesis import settings

PASSWORD = "mat-khau-thu-nghiem-2025"  # noqa: S105 - the cast's password in tests

# Hypothesis checks properties, never speed: its 200 ms deadline per example is a timing
# assert that fails on a loaded machine (STYLE.md habit 23), so it is off for every test.
settings.register_profile("motcua", deadline=None)
settings.load_profile("motcua")

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("TASKS_BACKEND", "immediate")
os.environ.setdefault("SECURE_COOKIES", "0")
