"""Page objects for the staff web app, and a watcher for what the browser saw going wrong.

Every page object checks the page it lands on: axe-core finds no WCAG A/AA violation, no static
asset answered 4xx/5xx, and the console shows no JavaScript error or Content-Security-Policy report.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Download, Locator, Page, Request, Response


@dataclass
class Watcher:
    """Collects broken assets, console errors, CSP reports and uncaught exceptions from one page."""

    origin: str
    problems: list[str] = field(default_factory=list)
    documents: set[str] = field(default_factory=set)
    seen: int = 0

    def attach(self, page: Page) -> None:
        page.on("response", self._response)
        page.on("requestfailed", self._request_failed)
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"uncaught JavaScript error: {exc}"))

    def _same_origin(self, url: str) -> bool:
        return url.startswith(self.origin + "/")

    def _is_asset(self, request: Request) -> bool:
        path = urlsplit(request.url).path
        return request.resource_type in {"stylesheet", "script", "font", "image"} or path.startswith(
            ("/static/", "/assets/")
        )

    def _response(self, response: Response) -> None:
        request = response.request
        if request.resource_type == "document":
            self.documents.add(response.url)
            return
        if self._is_asset(request) and response.status >= 400:
            self.problems.append(f"{request.resource_type} {response.url} answered {response.status}")
        elif not self._same_origin(response.url):
            self.problems.append(f"request left the test server: {response.url}")

    def _request_failed(self, request: Request) -> None:
        failure = request.failure or ""
        if request.resource_type == "document" and "ERR_ABORTED" in failure:
            return  # a navigation that became a download
        self.problems.append(f"{request.resource_type} {request.url} failed: {failure}")

    def _console(self, msg: ConsoleMessage) -> None:
        text = msg.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.problems.append(f"CSP report ({msg.type}) at {msg.location.get('url')}: {text}")
            return
        if msg.type != "error":
            return
        where = msg.location.get("url", "")
        if text.startswith("Failed to load resource") and where in self.documents:
            return  # the page itself answered 4xx on purpose (403, a form with errors); tests check the status
        if text.startswith("Failed to load resource") and urlsplit(where).path == "/favicon.ico":
            return  # Chromium asks for it by itself on pages without <link rel=icon> (Django's bare 403 page)
        self.problems.append(f"console error at {where}: {text}")

    def assert_clean(self) -> None:
        new, self.seen = self.problems[self.seen :], len(self.problems)
        assert not new, "The browser reported problems:\n" + "\n".join(f"- {p}" for p in new)


class App:
    """One browser tab on the live server."""

    def __init__(
        self, page: Page, base_url: str, watcher: Watcher, *, check_a11y: Callable[[Page], None] | None
    ) -> None:
        self.page = page
        self.base_url = base_url
        self.watcher = watcher
        self.check_a11y = check_a11y  # None where JavaScript is off: axe cannot run

    def checked(self) -> None:
        """Run after every navigation: accessibility, assets, console."""
        self.page.wait_for_load_state("load")
        if self.check_a11y is not None:
            self.check_a11y(self.page)
        self.watcher.assert_clean()

    def goto(self, path: str, *, status: int = 200) -> Response:
        response = self.page.goto(self.base_url + path)
        assert response is not None, f"no response for {path}"
        assert response.status == status, f"{path} answered {response.status}, expected {status}"
        self.checked()
        return response

    def path(self) -> str:
        parts = urlsplit(self.page.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def click_and_wait(self, target: Locator, url: str | re.Pattern[str]) -> None:
        with self.page.expect_navigation(url=url):
            target.click()
        self.checked()

    # Pages -------------------------------------------------------------------------------------
    def login(self) -> LoginPage:
        self.goto("/login/")
        return LoginPage(self)

    def login_here(self) -> LoginPage:
        return LoginPage(self)

    def sign_in(self, username: str, password: str) -> None:
        self.login().sign_in(username, password)
        assert self.path() == "/", f"signing in as {username} ended on {self.path()}"

    def search(self) -> SearchPage:
        self.goto("/search/")
        return SearchPage(self)

    def property(self, pk: int) -> PropertyPage:
        self.goto(f"/properties/{pk}/")
        return PropertyPage(self)

    def property_here(self) -> PropertyPage:
        """The property page the last click landed on."""
        return PropertyPage(self)

    def header(self) -> HeaderSearch:
        return HeaderSearch(self)

    def person(self, pk: int) -> PersonPage:
        self.goto(f"/people/{pk}/")
        return PersonPage(self)

    def people(self) -> PeopleList:
        self.goto("/people/")
        return PeopleList(self)

    def files(self, segment: str, pk: int) -> FilesTab:
        self.goto(f"/{segment}/{pk}/files/")
        return FilesTab(self)


class Screen:
    def __init__(self, app: App) -> None:
        self.app = app
        self.page = app.page

    def heading(self) -> str:
        return self.page.locator("h1").inner_text().strip()

    def success_banner(self) -> Locator:
        return self.page.locator(".govuk-notification-banner--success")

    def error_summary(self) -> Locator:
        return self.page.locator(".govuk-error-summary")

    def field_error(self, field_id: str) -> Locator:
        return self.page.locator(f"#{field_id}-error")


class LoginPage(Screen):
    def fill(self, username: str, password: str) -> None:
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)

    def submit(self) -> None:
        self.app.click_and_wait(self.page.get_by_role("button", name="Sign in"), re.compile(r".*"))

    def sign_in(self, username: str, password: str) -> None:
        self.fill(username, password)
        self.submit()


class HeaderSearch(Screen):
    def submit(self, query: str) -> SearchPage:
        box = self.page.locator("#header-search")
        box.fill(query)
        button = self.page.locator("form.hearth-header-search").get_by_role("button", name="Search")
        self.app.click_and_wait(button, re.compile(r"/search/\?"))
        return SearchPage(self.app)


class SearchPage(Screen):
    def results(self) -> Locator:
        return self.page.locator("#search-results")

    def result_link(self, name: str | re.Pattern[str]) -> Locator:
        return self.results().get_by_role("link", name=name)

    def type(self, text: str) -> None:
        """Type into the search box key by key, without pressing Enter."""
        box = self.page.locator("#q")
        box.click()
        box.press_sequentially(text, delay=40)

    def open(self, name: str | re.Pattern[str], url: str | re.Pattern[str]) -> None:
        self.app.click_and_wait(self.result_link(name), url)


class RecordPage(Screen):
    def tab(self, label: str) -> Locator:
        return self.page.get_by_role("navigation", name="Record navigation").get_by_role("link", name=label)

    def open_tab(self, label: str) -> None:
        self.app.click_and_wait(self.tab(label), re.compile(r".*"))

    def summary_value(self, key: str) -> str:
        row = self.page.locator(".govuk-summary-list__row").filter(
            has=self.page.locator("dt", has_text=re.compile(rf"^\s*{re.escape(key)}\s*$"))
        )
        return row.locator("dd").inner_text().strip()

    def change_details(self) -> Locator:
        return self.page.get_by_role("link", name="Change details")

    def warning(self) -> Locator:
        return self.page.locator(".govuk-warning-text")


class PropertyPage(RecordPage):
    def address(self) -> str:
        return self.summary_value("Address")

    def edit(self) -> PropertyForm:
        self.app.click_and_wait(self.change_details(), re.compile(r"/properties/\d+/edit/$"))
        return PropertyForm(self.app)

    def history(self) -> HistoryTab:
        self.open_tab("History")
        return HistoryTab(self.app)


class PropertyForm(Screen):
    def postcode(self) -> Locator:
        return self.page.get_by_label("Postcode", exact=True)

    def save(self) -> None:
        self.app.click_and_wait(self.page.get_by_role("button", name="Save"), re.compile(r".*"))


class HistoryTab(RecordPage):
    def events(self) -> Locator:
        return self.page.locator(".moj-timeline__item")

    def change(self, field_label: str) -> dict[str, Any]:
        """The newest event that changed `field_label`: its From, To and byline."""
        event = self.events().filter(has=self.page.locator("th[scope=row]", has_text=field_label)).first
        row = event.locator("tr").filter(has=self.page.locator("th[scope=row]", has_text=field_label))
        cells = row.locator("td").all_inner_texts()
        return {
            "from": cells[0].strip(),
            "to": cells[1].strip(),
            "byline": event.locator(".moj-timeline__byline").inner_text().strip(),
            "title": event.locator(".moj-timeline__title").inner_text().strip(),
        }


class PersonPage(RecordPage):
    pass


class PeopleList(Screen):
    def download(self, label: str = "CSV") -> Download:
        with self.page.expect_download() as info:
            self.page.get_by_role("link", name=label, exact=True).click()
        return info.value


class FilesTab(RecordPage):
    def attach(self, path: Any | None, description: str = "") -> None:
        if path is not None:
            self.page.get_by_label("Choose a file").set_input_files(path)
        if description:
            self.page.get_by_label("Description (optional)").fill(description)
        self.app.click_and_wait(self.page.get_by_role("button", name="Attach file"), re.compile(r"/files/$"))

    def listed(self) -> list[str]:
        return [
            t.strip()
            for t in self.page.locator("table.govuk-table tbody tr td:first-child a").all_inner_texts()
        ]
