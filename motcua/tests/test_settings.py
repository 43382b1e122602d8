"""Settings come from the environment and refuse unsafe combinations."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from motcua.tests.conftest import CLEARED

CHECK = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def run_settings(**env):
    """Start Django in a new process with this environment (the real start-up)."""
    base = {k: v for k, v in os.environ.items() if k not in CLEARED}
    base.update(env)
    base["DJANGO_SETTINGS_MODULE"] = "motcua.settings"
    return subprocess.run([sys.executable, "-c", CHECK], env=base, capture_output=True, text=True)


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_a_missing_secret_key_in_the_settings_file(settings_with):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        settings_with(DEBUG="0")


def test_debug_starts_without_a_secret_key(settings_with):
    read = settings_with(DEBUG="1")
    assert read.DEBUG is True
    assert read.SECRET_KEY


def test_production_starts_with_a_secret_key():
    result = run_settings(DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("name", ["LANGUAGE_CODE", "TIME_ZONE", "USE_TZ"])
def test_language_and_time_are_vietnamese(settings, name):
    assert {"LANGUAGE_CODE": "vi", "TIME_ZONE": "Asia/Ho_Chi_Minh", "USE_TZ": True}[
        name
    ] == getattr(settings, name)


def test_the_default_database_is_sqlite_tuned_for_concurrent_use(settings_with):
    db = settings_with(DEBUG="1").DATABASES["default"]
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]


def test_a_postgres_url_selects_postgresql(settings_with):
    db = settings_with(DEBUG="1", DATABASE_URL="postgres://u:p@db.example:5432/motcua").DATABASES[
        "default"
    ]
    assert (db["ENGINE"], db["NAME"], db["HOST"]) == (
        "django.db.backends.postgresql",
        "motcua",
        "db.example",
    )


@pytest.mark.parametrize(
    ("setting", "expected"),
    [(None, (True, True, 2**31)), ("0", (True, False, 2**31))],
)
def test_postgresql_binds_on_the_server_and_prepares_only_the_lookup(
    settings_with, setting, expected
):
    env = {"DEBUG": "1", "DATABASE_URL": "postgres://u:p@db.example:5432/motcua"}
    if setting is not None:
        env["DB_PREPARED_STATEMENTS"] = setting
    read = settings_with(**env)
    options = read.DATABASES["default"]["OPTIONS"]
    assert (
        options.get("server_side_binding"),
        read.DB_PREPARED_STATEMENTS,
        options.get("prepare_threshold"),
    ) == expected
