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


@pytest.mark.parametrize(("setting", "expected"), [(None, "-c jit=off"), ("0", None)])
def test_postgresql_connections_run_without_jit_unless_told(settings_with, setting, expected):
    env = {"DEBUG": "1", "DATABASE_URL": "postgres://u:p@db.example:5432/motcua"}
    if setting is not None:
        env["DB_JIT_OFF"] = setting  # behind a pooler that refuses start-up options
    read = settings_with(**env)
    assert read.DATABASES["default"]["OPTIONS"].get("options") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("TRUE", True), ("yes", True), (" on ", True), ("0", False), ("Off", False)],
)
def test_a_yes_no_setting_reads_the_usual_words(settings_with, value, expected):
    assert settings_with(DEBUG="1", SECURE_SSL_REDIRECT=value).SECURE_SSL_REDIRECT is expected


@pytest.mark.parametrize("value", ["ture", "2", "enabled", "nein"])
def test_a_mistyped_yes_no_setting_stops_the_start(settings_with, value):
    """A typo is an error, not a silent False (DEBUG=ture would run production as production,
    SECURE_SSL_REDIRECT=ture would leave plain HTTP open)."""
    with pytest.raises(ImproperlyConfigured, match="SECURE_SSL_REDIRECT"):
        settings_with(DEBUG="1", SECURE_SSL_REDIRECT=value)


def test_an_unset_or_empty_setting_takes_its_default(settings_with):
    read = settings_with(DEBUG="1", SECURE_SSL_REDIRECT="", API_TOKEN_TTL_HOURS="")
    assert (read.SECURE_SSL_REDIRECT, read.API_TOKEN_TTL_HOURS) == (False, 168)


def test_number_settings_are_read_strictly(settings_with):
    read = settings_with(DEBUG="1", API_TOKEN_TTL_HOURS=" 24 ", SMS_TIMEOUT_SECONDS="2.5")
    assert (read.API_TOKEN_TTL_HOURS, read.SMS_TIMEOUT_SECONDS) == (24, 2.5)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("API_TOKEN_TTL_HOURS", "24h"),
        ("API_TOKEN_TTL_HOURS", "1.5"),
        ("UPLOAD_MAX_BYTES", "-1"),
        ("SMS_TIMEOUT_SECONDS", "nan"),
    ],
)
def test_a_mistyped_number_setting_stops_the_start(settings_with, name, value):
    with pytest.raises(ImproperlyConfigured, match=name):
        settings_with(DEBUG="1", **{name: value})


def test_s3_storage_without_boto3_says_which_extra_to_install(settings_with, monkeypatch):
    import importlib.util

    found = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "boto3" else found(name, *a)
    )
    with pytest.raises(ImproperlyConfigured, match=r"motcua\[s3\]"):
        settings_with(DEBUG="1", STORAGE_URL="s3://bucket/files?endpoint=http://127.0.0.1:9")


def test_the_demo_inbox_is_refused_outside_a_demo():
    result = run_settings(DEBUG="0", SECRET_KEY="x" * 50, DEMO_INBOX="1")
    assert result.returncode != 0 and "DEMO_INBOX" in result.stderr
    assert run_settings(DEBUG="1", DEMO_INBOX="1").returncode == 0
