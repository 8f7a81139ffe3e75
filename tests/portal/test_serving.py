"""portal.serving and portal.checks: a server refuses the development secret key
unless DEBUG, check --deploy warns about it, and management commands keep working in
a development checkout."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _without_portal_env():
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PORTAL_"))
    }
    env.update(DJANGO_SETTINGS_MODULE="portal.settings", DJANGO_DEBUG="0")
    return env


def test_production_refuses_to_serve_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "-c", "import portal.wsgi"],
        cwd=ROOT,
        env=_without_portal_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_check_deploy_warns_about_the_development_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=_without_portal_env(),
        capture_output=True,
        text=True,
    )
    assert "portal.W001" in result.stdout + result.stderr


def test_management_commands_work_in_a_development_checkout():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=_without_portal_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
