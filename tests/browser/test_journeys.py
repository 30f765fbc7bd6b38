"""Journeys through the staff web app in a real browser against a real database.

Every page visited is checked by the page objects: axe-core (WCAG 2.2 A/AA) finds nothing, no
static asset fails to load, and the console shows no JavaScript error or CSP report.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from hearth.properties.models import Property

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
BAD_POSTCODE = "NOT A POSTCODE"
POSTCODE_ERROR = "Enter a real UK postcode, like SW1A 1AA."


def test_officer_finds_a_property_and_corrects_its_postcode(app: Any, world: Any, tmp_path: Path) -> None:
    page = app.page
    prop = world.prop
    old_postcode, new_postcode = prop.postcode, "HT2 7PX"

    # Sign in: the wrong password first. The strict CSP is on while we browse, so the watcher's
    # "no CSP reports" means something.
    csp = app.goto("/login/").headers.get("content-security-policy", "")
    assert re.search(r"script-src 'self' 'nonce-[^']+'", csp), f"unexpected Content-Security-Policy: {csp!r}"
    login = app.login_here()
    login.sign_in("sam.senior", "not the password")
    assert app.path().startswith("/login/")
    expect(login.field_error("id_password")).to_contain_text("The username or password is not right.")
    expect(page.get_by_label("Password")).to_have_attribute(
        "aria-describedby", re.compile(r"id_password-error")
    )
    login.sign_in("sam.senior", PASSWORD)
    assert app.path() == "/"

    # Search as you type: results arrive through htmx, with no page load and no Enter.
    search = app.search()
    page.evaluate("() => { window.__sameDocument = true; }")
    search.type("Quennev")
    expect(search.result_link("Marisol Quenneville")).to_be_visible()
    assert page.evaluate("() => window.__sameDocument === true"), "typing in #q reloaded the page"
    expect(page).to_have_url(re.compile(r"/search/\?q=Quennev"))  # hx-push-url
    app.checked()  # the page as htmx left it

    # Open the property from a search by its postcode.
    box = page.locator("#q")
    box.fill("")
    search.type(old_postcode)
    expect(search.result_link(re.compile(r"^Flat 12, Juniper House"))).to_be_visible()
    app.checked()
    search.open(re.compile(r"^Flat 12, Juniper House"), re.compile(rf"/properties/{prop.pk}/$"))
    prop_page = app.property_here()
    assert old_postcode in prop_page.address()
    page.screenshot(path=str(tmp_path / "property.png"), full_page=True)

    # A bad postcode: error summary, field error, nothing saved.
    form = prop_page.edit()
    form.postcode().fill(BAD_POSTCODE)
    form.save()
    assert app.path() == f"/properties/{prop.pk}/edit/"
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = form.error_summary()
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name=POSTCODE_ERROR)).to_have_attribute("href", "#id_postcode")
    expect(form.field_error("id_postcode")).to_contain_text(POSTCODE_ERROR)
    expect(form.postcode()).to_have_value(BAD_POSTCODE)
    # GOV.UK Frontend's CSS and JavaScript are working: red border, and the summary takes focus.
    border = summary.evaluate("e => getComputedStyle(e).borderTopColor")
    red, green, blue = (int(n) for n in re.findall(r"\d+", border)[:3])
    assert red > 180 and green < 80 and blue < 80, f"error summary border is {border}, not GOV.UK red"
    assert border == form.field_error("id_postcode").evaluate("e => getComputedStyle(e).color")
    expect(summary).to_be_focused()
    page.screenshot(path=str(tmp_path / "form-with-errors.png"), full_page=True)
    print(f"\nScreenshots in {tmp_path}")
    prop_page = app.property(prop.pk)  # reload: still the old postcode
    assert old_postcode in prop_page.address()
    assert Property.objects.get(pk=prop.pk).postcode == old_postcode

    # Fix it: success banner, the new postcode on the page, the change in History.
    form = prop_page.edit()
    form.postcode().fill("ht27px")
    form.save()
    assert app.path() == f"/properties/{prop.pk}/"
    expect(form.success_banner()).to_contain_text("Details saved.")
    prop_page = app.property_here()
    assert new_postcode in prop_page.address()
    assert old_postcode not in prop_page.address()

    history = prop_page.history()
    change = history.change("Postcode")
    assert change["from"] == old_postcode
    assert change["to"] == new_postcode
    assert change["byline"] == "by Sam Senior"


def test_header_search_works_without_javascript(new_app: Any, world: Any) -> None:
    app = new_app(javascript=False)
    app.sign_in("sam.senior", PASSWORD)
    results = app.header().submit("Quenneville")
    assert app.path() == "/search/?q=Quenneville"
    expect(results.result_link("Marisol Quenneville")).to_be_visible()
    expect(app.page.locator("#q")).to_have_value("Quenneville")


def test_auditor_cannot_change_a_property(app: Any, world: Any) -> None:
    app.sign_in("ada.auditor", PASSWORD)
    prop_page = app.property(world.prop.pk)
    expect(prop_page.change_details()).to_have_count(0)
    expect(app.page.get_by_text("Flat 12, Juniper House").first).to_be_visible()
    app.goto(f"/properties/{world.prop.pk}/edit/", status=403)


@pytest.mark.parametrize(
    ("username", "sees_alert"), [("sam.senior", True), ("fin.approver", False)], ids=["senior", "finance"]
)
def test_cautionary_alert_is_shown_only_to_permitted_roles(
    app: Any, world: Any, username: str, sees_alert: bool
) -> None:
    app.sign_in(username, PASSWORD)
    person_page = app.person(world.cautioned.pk)
    expect(app.page.locator("h1")).to_have_text("Rowan Thistlewood")
    if sees_alert:
        expect(person_page.warning()).to_contain_text("Cautionary alert: Dog at property")
        expect(person_page.warning()).to_contain_text("Visit in pairs")
    else:
        expect(person_page.warning()).to_have_count(0)
        expect(app.page.get_by_text("Dog at property")).to_have_count(0)
        expect(app.page.get_by_text("Cautionary alert")).to_have_count(0)


def test_people_list_exports_csv(app: Any, world: Any) -> None:
    app.sign_in("sam.senior", PASSWORD)
    people = app.people()
    download = people.download("CSV")
    assert download.suggested_filename.startswith("people-")
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["Reference", "Title", "First name", "Last name"]
    assert [world.person.reference, "", "Marisol", "Quenneville"] == rows_for(rows, world.person.reference)[
        :4
    ]
    app.watcher.assert_clean()


def test_axe_check_reports_violations(app: Any, page: Any) -> None:
    """The helper really runs axe: a page with known faults fails, naming the rules and elements."""
    app.goto("/login/")
    page.evaluate(
        """() => {
            const main = document.querySelector('main');
            main.insertAdjacentHTML(
                'beforeend', '<img src="/static/hearth/favicon.svg"><input id="unlabelled" type="text">');
            const faint = document.createElement('p');
            faint.textContent = 'Faint text';
            faint.style.color = '#c8c8c8';  // CSSOM, which the CSP allows
            main.append(faint);
        }"""
    )
    with pytest.raises(AssertionError) as failure:
        app.check_a11y(page)
    message = str(failure.value)
    for rule in ("image-alt", "label", "color-contrast"):
        assert f"- {rule} (" in message, message
    assert "#unlabelled" in message
    app.watcher.assert_clean()


def rows_for(rows: list[list[str]], reference: str) -> list[str]:
    matches = [row for row in rows if row and row[0] == reference]
    assert len(matches) == 1, f"{reference} appears {len(matches)} times in the export"
    return matches[0]


def test_attach_a_file_to_a_person(app: Any, world: Any, tmp_path: Path) -> None:
    app.sign_in("sam.senior", PASSWORD)
    files = app.files("people", world.person.pk)
    expect(app.page.get_by_text("No files are attached.")).to_be_visible()

    # Nothing chosen: the GOV.UK error.
    files.attach(None)
    expect(files.error_summary()).to_contain_text("Select a file to attach.")
    expect(files.field_error("id_file")).to_contain_text("Select a file to attach.")

    note = tmp_path / "tenancy-notes.txt"
    note.write_text("Spoke to Ms Quenneville about the repair.\n", encoding="utf-8")
    files.attach(note, description="Call notes")
    expect(files.success_banner()).to_contain_text("File attached.")
    assert files.listed() == ["tenancy-notes.txt"]
    expect(app.page.get_by_role("cell", name="Call notes")).to_be_visible()
