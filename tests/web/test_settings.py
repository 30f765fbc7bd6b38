"""Production settings refuse to start insecurely; development is the only place with debug."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='hearth.config.settings'; "
    "from django.conf import settings; "
    "print(settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
    "settings.SECURE_HSTS_SECONDS > 0, settings.SECURE_SSL_REDIRECT)"
)


def _run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("HEARTH_")}
    return subprocess.run(
        [sys.executable, "-c", SCRIPT], env={**clean, **env}, capture_output=True, text=True, timeout=60
    )


def test_production_needs_a_secret_key() -> None:
    result = _run(
        {"HEARTH_ENV": "production", "HEARTH_DATA_DIR": os.environ.get("TMPDIR", "/tmp") + "/hearth-prod"}
    )
    assert result.returncode != 0
    assert "Set HEARTH_SECRET_KEY in production." in result.stderr


def test_production_is_secure_and_without_debug() -> None:
    result = _run(
        {
            "HEARTH_ENV": "production",
            "HEARTH_SECRET_KEY": "x" * 50,
            "HEARTH_DATA_DIR": os.environ.get("TMPDIR", "/tmp") + "/hearth-prod",
        }
    )
    assert result.stdout.split() == ["False", "True", "True", "True", "True"], result.stderr


def test_test_environment_has_no_debug() -> None:
    result = _run(
        {"HEARTH_ENV": "test", "HEARTH_DATA_DIR": os.environ.get("TMPDIR", "/tmp") + "/hearth-prod"}
    )
    assert result.stdout.split()[0] == "False", result.stderr
