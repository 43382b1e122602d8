"""Settings come from the environment and refuse unsafe combinations."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

CHECK = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def run_settings(**env):
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    base.update(env)
    base["DJANGO_SETTINGS_MODULE"] = "motcua.settings"
    return subprocess.run([sys.executable, "-c", CHECK], env=base, capture_output=True, text=True)


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_debug_starts_without_a_secret_key():
    result = run_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_production_starts_with_a_secret_key():
    result = run_settings(DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("name", ["LANGUAGE_CODE", "TIME_ZONE", "USE_TZ"])
def test_language_and_time_are_vietnamese(settings, name):
    assert {"LANGUAGE_CODE": "vi", "TIME_ZONE": "Asia/Ho_Chi_Minh", "USE_TZ": True}[
        name
    ] == getattr(settings, name)


def test_the_default_database_is_sqlite_tuned_for_concurrent_use():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "db = settings.DATABASES['default']; "
        "print(db['ENGINE'], db['OPTIONS']['transaction_mode'], 'journal_mode=WAL' in "
        "db['OPTIONS']['init_command'])"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DEBUG="1", DJANGO_SETTINGS_MODULE="motcua.settings")
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.stdout.split() == ["django.db.backends.sqlite3", "IMMEDIATE", "True"], (
        result.stderr
    )


def test_a_postgres_url_selects_postgresql():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "db = settings.DATABASES['default']; print(db['ENGINE'], db['NAME'], db['HOST'])"
    )
    env = dict(
        os.environ,
        DEBUG="1",
        DJANGO_SETTINGS_MODULE="motcua.settings",
        DATABASE_URL="postgres://u:p@db.example:5432/motcua",
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.stdout.split() == ["django.db.backends.postgresql", "motcua", "db.example"]


@pytest.mark.parametrize(
    ("setting", "expected"),
    [(None, ["True", "True", "2147483648"]), ("0", ["True", "False", "2147483648"])],
)
def test_postgresql_binds_on_the_server_and_prepares_only_the_lookup(setting, expected):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "o = settings.DATABASES['default']['OPTIONS']; "
        "print(o.get('server_side_binding'), settings.DB_PREPARED_STATEMENTS, "
        "o.get('prepare_threshold'))"
    )
    env = dict(
        os.environ,
        DEBUG="1",
        DJANGO_SETTINGS_MODULE="motcua.settings",
        DATABASE_URL="postgres://u:p@db.example:5432/motcua",
    )
    env.pop("DB_PREPARED_STATEMENTS", None)
    if setting is not None:
        env["DB_PREPARED_STATEMENTS"] = setting
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.stdout.split() == expected, result.stderr
