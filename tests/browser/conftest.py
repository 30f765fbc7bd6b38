"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

Chromium is a system package (`make install` installs it); these tests never download a browser.
When it is missing they fail with a message saying so rather than skipping quietly.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

# Playwright's sync API runs an asyncio event loop in this thread; Django would otherwise refuse
# ORM calls made from the tests (creating data, reading it back) as "async-unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
CHROMIUM_FALLBACK = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PASSWORD = "correct horse battery"


def _load(name: str) -> ModuleType:
    """Import a helper next to this file by path, so it works whatever pytest's import mode and
    sys.path are, and cannot clash with another directory's `pages.py`."""
    module_name = f"hearth_browser_tests_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


axe = _load("axe")
pages = _load("pages")


def chromium_path() -> str:
    return shutil.which("chromium") or CHROMIUM_FALLBACK


# --- browser ------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    if not Path(executable).is_file():
        pytest.fail(
            f"Chromium was not found (looked on PATH and at {CHROMIUM_FALLBACK}). The browser tests need "
            "Debian's chromium package: run `make install` (or `apt-get install chromium`). "
            "Do not use `playwright install`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_app(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """Open a fresh browser context (own cookies) on the live server: `new_app(javascript=False)`.

    The app's Content-Security-Policy stays switched on (no `bypass_csp`) so that anything it
    blocks shows up as a test failure; axe-core goes in through an init script instead.
    """
    contexts: list[Any] = []

    def open_app(*, javascript: bool = True) -> Any:
        context = browser.new_context(
            base_url=live_server.url,
            java_script_enabled=javascript,
            accept_downloads=True,
            locale="en-GB",
            timezone_id="Europe/London",
            viewport={"width": 1280, "height": 900},
            service_workers="block",
        )
        context.set_default_timeout(10_000)
        if javascript:
            axe.install_axe(context)
        contexts.append(context)
        page = context.new_page()
        watcher = pages.Watcher(origin=live_server.url)
        watcher.attach(page)
        return pages.App(page, live_server.url, watcher, check_a11y=axe.check_a11y if javascript else None)

    yield open_app
    for context in contexts:
        context.close()


@pytest.fixture
def app(new_app: Callable[..., Any]) -> Any:
    return new_app()


@pytest.fixture
def page(app: Any) -> Any:
    return app.page


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Files attached during a test go to its temporary directory, not var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


# --- data, made through the services so audit and search entries are written -------------------
@dataclass
class World:
    users: dict[str, Any]
    estate: Any
    block: Any
    prop: Any
    person: Any
    cautioned: Any


@pytest.fixture
def world(transactional_db: Any) -> World:
    """Larkspur Estate with Flat 12 in Juniper House; Marisol Quenneville, and Rowan Thistlewood with a
    cautionary alert; and four officers who sign in with PASSWORD."""
    from factories import (
        AlertFactory,
        BlockFactory,
        EstateFactory,
        PersonFactory,
        PropertyFactory,
        UserFactory,
    )
    from hearth.core import permissions as roles

    def user(username: str, first: str, last: str, role: str) -> Any:
        return UserFactory(username=username, password=PASSWORD, first_name=first, last_name=last, role=role)

    users = {
        "loader": user("data.loader", "Dana", "Loader", roles.ADMINISTRATOR),
        "senior": user("sam.senior", "Sam", "Senior", roles.SENIOR),
        "auditor": user("ada.auditor", "Ada", "Auditor", roles.AUDITOR),
        "finance": user("fin.approver", "Fin", "Approver", roles.FINANCE_APPROVER),
    }
    loader = users["loader"]
    estate = EstateFactory(actor=loader, name="Larkspur Estate", ward="Hollybank")
    block = BlockFactory(
        actor=loader,
        estate=estate,
        name="Juniper House",
        address_line_1="1-40 Juniper Road",
        postcode="HT1 4JU",
    )
    prop = PropertyFactory(
        actor=loader,
        estate=estate,
        block=block,
        address_line_1="Flat 12, Juniper House",
        postcode="HT1 4JU",
        kind="flat",
        floor=3,
        status="let",
    )

    def resident(first: str, last: str) -> Any:
        return PersonFactory(
            actor=loader,
            first_name=first,
            last_name=last,
            date_of_birth=None,
            preferred_contact="letter",
            language="English",
        )

    person = resident("Marisol", "Quenneville")
    cautioned = resident("Rowan", "Thistlewood")
    AlertFactory(actor=loader, person=cautioned, description="Visit in pairs")
    return World(users=users, estate=estate, block=block, prop=prop, person=person, cautioned=cautioned)
