"""HSTS and a Content-Security-Policy by default, and ``check --deploy`` clean with the
example environment of deploy/ (issue 17, item 13)."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import run_checks

import motcua

REPO = Path(motcua.__file__).resolve().parent.parent
EXAMPLE_ENV = REPO / "deploy" / "env.example"


def test_production_answers_with_hsts_by_default(settings_with):
    read = settings_with(DEBUG="0", SECRET_KEY="x" * 60)
    assert read.SECURE_HSTS_SECONDS == 365 * 24 * 3600
    assert read.SECURE_HSTS_INCLUDE_SUBDOMAINS is True
    assert settings_with(DEBUG="1").SECURE_HSTS_SECONDS == 0  # never pin a developer's browser


def test_hsts_is_configurable(settings_with):
    read = settings_with(DEBUG="0", SECRET_KEY="x" * 60, SECURE_HSTS_SECONDS="0")
    assert read.SECURE_HSTS_SECONDS == 0


@pytest.mark.django_db
def test_every_page_carries_the_content_security_policy(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    policy = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ):
        assert directive in policy
    assert "unsafe-eval" not in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert client.get("/api/v1/procedures")["Content-Security-Policy"] == policy


@pytest.mark.django_db
def test_the_policy_is_configurable_and_can_be_switched_off(client, settings):
    settings.CONTENT_SECURITY_POLICY = "default-src 'none'"
    assert client.get("/")["Content-Security-Policy"] == "default-src 'none'"
    settings.CONTENT_SECURITY_POLICY = ""
    assert "Content-Security-Policy" not in client.get("/")


def test_no_template_runs_inline_script():
    """A script-src without 'unsafe-inline' blocks inline code: none may be written."""
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>|\son[a-z]+=\""
    )
    offenders = [
        str(path.relative_to(REPO))
        for path in (REPO / "motcua").rglob("*.html")
        if inline.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def _example_env(tmp_path) -> dict[str, str]:
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}  # none of the tests' own settings
    for line in EXAMPLE_ENV.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            env[name.strip()] = value.strip()
    secret = tmp_path / "secret_key"
    secret.write_text(secrets.token_urlsafe(64))
    env.update(
        SECRET_KEY_FILE=str(secret),
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_SETTINGS_MODULE="motcua.settings",
    )
    return env


def _check_deploy(env, cwd):
    return subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=cwd,
    )


def test_check_deploy_is_clean_with_the_example_environment(tmp_path):
    result = _check_deploy(_example_env(tmp_path), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_site_url_is_unset(tmp_path):
    """Issue 18 item 11: QR codes and e-mail links need a public SITE_URL."""
    env = _example_env(tmp_path)
    env.pop("SITE_URL")
    result = _check_deploy(env, tmp_path)
    assert result.returncode != 0
    assert "motcua.W001" in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("site_url", "warned"),
    [
        ("http://127.0.0.1:8000", True),
        ("http://localhost:8180", True),
        ("http://192.168.1.20", True),
        ("http://motcua.local", True),
        ("https://motcua.minhson.gov.vn", False),
    ],
)
def test_a_site_url_on_this_machine_or_a_private_network_is_a_deploy_warning(
    settings, site_url, warned
):
    settings.SITE_URL = site_url
    found = {message.id for message in run_checks(include_deployment_checks=True)}
    assert ("motcua.W001" in found) is warned


def test_make_demo_sets_site_url_from_the_host_and_port_it_serves():
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    result = subprocess.run(
        ["make", "-n", "demo", "HOST=192.0.2.7", "PORT=8185"],
        env=env,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    served = [line for line in result.stdout.splitlines() if "runserver" in line]
    assert served and "SITE_URL=http://192.0.2.7:8185" in served[0], result.stdout
