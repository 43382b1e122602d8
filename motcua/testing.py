"""Loaded by pytest before Django (``-p motcua.testing`` in pyproject): test-only environment.

Tests run with DEBUG off, like production, so they need a secret key; background tasks run
inline unless a test asks for the database worker."""

import os

PASSWORD = "mat-khau-thu-nghiem-2025"  # noqa: S105 - the cast's password in tests

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("TASKS_BACKEND", "immediate")
os.environ.setdefault("SECURE_COOKIES", "0")
