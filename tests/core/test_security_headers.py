"""No answer of Hearth's, page or API, may be kept by a browser or a proxy, and every one denies the
browser's powerful features; static files keep their caching; Django names no server; HSTS preload is
the operator's choice."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings

from factories import RentAccountFactory
from hearth.api import tokens

pytestmark = pytest.mark.django_db


def assert_private(response: Any) -> None:
    assert "no-store" in response["Cache-Control"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "Server" not in response


def test_record_pages_and_api_answers_are_not_kept(senior: User, senior_client: Client) -> None:
    account = RentAccountFactory(actor=senior)
    (person,) = account.tenancy.parties.values_list("person", flat=True)
    for path in (f"/people/{person}/", f"/rents/accounts/{account.pk}/", "/people/?export=csv"):
        response = senior_client.get(path)
        assert response.status_code == 200, path
        assert_private(response)
    _token, secret = tokens.create_token(actor=None, user=senior, name="headers")
    response = Client().get("/api/v1/people", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200 and response.json()["items"]
    assert_private(response)
    assert_private(Client().get("/api/v1/people"))  # a refusal too


def test_the_sign_in_page_is_not_kept_and_static_files_keep_their_caching() -> None:
    client = Client()
    assert_private(client.get("/login/"))
    css = client.get("/static/govuk/govuk-frontend.min.css")
    assert css.status_code == 200 and "no-store" not in css.get("Cache-Control", "")
    asset = client.get("/assets/images/favicon.ico")
    assert asset.status_code == 200 and asset["Cache-Control"] == "public, max-age=86400"


@override_settings(
    SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True
)
def test_hsts_preload_when_the_operator_asks_for_it() -> None:
    response = Client().get("/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.parametrize(("value", "preload"), [(None, "False"), ("1", "True")])
def test_hearth_hsts_preload_sets_preload_in_production(
    value: str | None, preload: str, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEARTH_")}
    env |= {"HEARTH_ENV": "production", "HEARTH_SECRET_KEY": "x" * 50, "HEARTH_DATA_DIR": str(tmp_path)}
    if value is not None:
        env["HEARTH_HSTS_PRELOAD"] = value
    script = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'hearth.config.settings'; "
        "from django.conf import settings; print(settings.SECURE_HSTS_PRELOAD)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == preload, result.stderr
