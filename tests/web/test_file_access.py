"""A file is served only to someone who may see the record it belongs to: the record's own capability
(403 without it, as every page answers) and its partner scoping (404 for another partner's record, as the
register pages answer). Walked for every kind of record that holds files, every role and every partner."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from lettings_helpers import live_application
from lettings_helpers import make_user as make_partner_user

from hearth.core import files, permissions
from hearth.core.models import Attachment
from hearth.lettings import services as lettings
from hearth.people import services as people
from hearth.rents import services as rents
from hearth.repairs import services as repairs
from hearth.repairs.models import RateLine
from hearth.tenancy_processes import name_change

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
RATES = [
    {
        "code": "100020",
        "description": "Clear blocked sink waste",
        "unit": "each",
        "rate": "42.00",
        "trade": "Plumbing",
    }
]
PARTNERS = (None, "WYC", "MAL")  # an officer of no partner, of Wychavon, of Malvern


@dataclass
class Held:
    """One file on one record: who may see the record, where its pages are."""

    name: str
    attachment: Attachment
    capability: str  # the record module's own capability
    page: str  # the record's own page
    files_page: str | None  # the page that lists its files, where it has one
    partner: str | None = None  # the partner whose record it is, when the record is scoped


EVIDENCE = b"%PDF-1.4 private evidence"  # a file is judged by what it holds: a PDF must be one
PHOTO = b"\xff\xd8\xff\xe0 private evidence"


def _upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PHOTO if name.endswith(".jpg") else EVIDENCE)


@pytest.fixture
def held(estate: Any, settings: Any, tmp_path: Any) -> dict[str, Held]:
    """Every kind of record that holds files, each with one file, made through the services."""
    settings.MEDIA_ROOT = tmp_path
    admin = make_partner_user("filesadmin", permissions.ADMINISTRATOR)
    wychavon = lettings.create_council(actor=admin, code="WYC", name="Wychavon District Council")
    malvern = lettings.create_council(actor=admin, code="MAL", name="Malvern Hills District Council")

    contractor = repairs.create_contractor(
        actor=admin, name="Brightfix Repairs Ltd", email="o@brightfix.test"
    )
    contract = repairs.create_contract(
        actor=admin, contractor=contractor, name="Responsive repairs", start_date=dt.date(2024, 1, 1)
    )
    repairs.import_rates(actor=admin, contract=contract, rows=list(enumerate(RATES, start=2)))
    rate = RateLine.objects.get(contract=contract, code="100020")
    order = repairs.raise_order(
        actor=admin,
        contract=contract,
        property=estate.flat,
        description="Sink blocked",
        priority="urgent",
        lines=[repairs.LineRequest(rate, Decimal("1"))],
    )
    hazard = repairs.open_hazard_case(
        actor=admin,
        property=estate.flat,
        severity="significant",
        aware_at=timezone.now() - dt.timedelta(days=1),
    )
    account = rents.open_account(
        actor=admin, tenancy=estate.tenancy, charges=[("rent", Decimal("95.50"), "")]
    )
    (process,) = name_change.change_name(
        actor=admin,
        request=name_change.NameChangeRequest(
            person=estate.person, first_name="Nadia", last_name="Bello", evidence="marriage"
        ),
    )
    letter = Attachment.objects.get(description__endswith="letter")

    def applicant(first: str) -> Any:
        return people.create_person(
            actor=admin, first_name=first, last_name="Applicant", date_of_birth=dt.date(1990, 1, 1)
        )

    wyc_app = live_application(admin, wychavon, applicant("Wyn"))
    mal_app = live_application(admin, malvern, applicant("Mal"), local_connections=["Malvern"])
    now = timezone.now()
    cycle = lettings.open_cycle(
        actor=admin, opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=6)
    )
    advert = lettings.create_advert(actor=admin, cycle=cycle, property=estate.house, landlord=wychavon)

    def attach(record: Any, name: str) -> Attachment:
        return files.attach(actor=admin, record=record, upload=_upload(name), description=name)

    rows = [
        Held(
            "person",
            attach(estate.person, "passport.pdf"),
            "records.view",
            f"/people/{estate.person.pk}/",
            f"/people/{estate.person.pk}/files/",
        ),
        Held(
            "property",
            attach(estate.flat, "gas-certificate.pdf"),
            "records.view",
            f"/properties/{estate.flat.pk}/",
            f"/properties/{estate.flat.pk}/files/",
        ),
        Held(
            "block",
            attach(estate.block, "fire-risk.pdf"),
            "records.view",
            f"/blocks/{estate.block.pk}/",
            f"/blocks/{estate.block.pk}/files/",
        ),
        Held(
            "estate",
            attach(estate.estate, "estate-plan.pdf"),
            "records.view",
            f"/estates/{estate.estate.pk}/",
            f"/estates/{estate.estate.pk}/files/",
        ),
        Held(
            "tenancy",
            attach(estate.tenancy, "signed-agreement.pdf"),
            "records.view",
            f"/tenancies/{estate.tenancy.pk}/",
            f"/tenancies/{estate.tenancy.pk}/files/",
        ),
        Held(
            "repair order",
            attach(order, "before.jpg"),
            "repairs.view",
            f"/repairs/orders/{order.pk}/",
            f"/repairs/orders/{order.pk}/files/",
        ),
        Held(
            "hazard case",
            attach(hazard, "mould-survey.pdf"),
            "repairs.view",
            f"/repairs/hazards/{hazard.pk}/",
            None,
        ),
        Held(
            "rent account",
            attach(account, "bank-statement.pdf"),
            "rents.view",
            f"/rents/accounts/{account.pk}/",
            f"/rents/accounts/{account.pk}/files/",
        ),
        Held(
            "process letter",
            letter,
            "rents.view",
            f"/rents/accounts/{account.pk}/",
            f"/rents/accounts/{account.pk}/files/",
        ),
        Held(
            "Wychavon application",
            attach(wyc_app, "wychavon-evidence.pdf"),
            "lettings.view",
            f"/lettings/applications/{wyc_app.pk}/",
            f"/lettings/applications/{wyc_app.pk}/files/",
            "WYC",
        ),
        Held(
            "Malvern application",
            attach(mal_app, "malvern-evidence.pdf"),
            "lettings.view",
            f"/lettings/applications/{mal_app.pk}/",
            f"/lettings/applications/{mal_app.pk}/files/",
            "MAL",
        ),
        Held(
            "advert photo",
            lettings.add_advert_photo(
                actor=admin,
                advert=advert,
                upload=SimpleUploadedFile("lounge.png", PNG, "image/png"),
                description="Lounge",
            ),
            "lettings.view",
            f"/lettings/adverts/{advert.pk}/",
            None,
        ),
    ]
    assert process.tenancy_id == estate.tenancy.pk
    return {row.name: row for row in rows}


def _user(role: str | None, partner: str | None) -> User:
    from hearth.lettings.models import Council

    council = Council.objects.get(code=partner) if partner else None
    return make_partner_user(f"{role or 'norole'}-{partner or 'none'}", role, council)


def _expected(role: str | None, partner: str | None, row: Held) -> int:
    """403 without the record's capability; 404 for another partner's record; otherwise the file."""
    caps = permissions.ROLES[role][1] if role else set()
    if row.capability not in caps:
        return 403
    sees_every_partner = "lettings.configure" in caps
    if row.partner and not sees_every_partner and row.partner != partner:
        return 404
    return 200


@pytest.mark.parametrize("role", [*sorted(permissions.ROLES), None])
def test_files_are_served_only_to_who_may_see_their_record(role: str | None, held: dict[str, Held]) -> None:
    for partner in PARTNERS:
        client = Client()
        client.force_login(_user(role, partner))
        for row in held.values():
            expected = _expected(role, partner, row)
            who = f"{role} of {partner or 'no partner'}, {row.name}"
            # the record's own page answers the same: the table above is the app's own rule
            assert client.get(row.page).status_code == expected, f"{who}: record page"
            download = client.get(f"/files/{row.attachment.pk}/")
            assert download.status_code == expected, f"{who}: download"
            if expected == 200:
                assert b"".join(download.streaming_content) == row.attachment.file.open("rb").read()
            if row.files_page:
                page = client.get(row.files_page)
                assert page.status_code == expected, f"{who}: files page"
                if expected == 200:
                    assert row.attachment.filename in page.content.decode(), who


def test_an_officer_of_one_partner_cannot_download_another_partners_evidence(held: dict[str, Held]) -> None:
    wychavon_officer = Client()
    wychavon_officer.force_login(_user(permissions.HOUSING_OPTIONS, "WYC"))
    malvern = held["Malvern application"]
    assert wychavon_officer.get(malvern.files_page).status_code == 404
    refused = wychavon_officer.get(f"/files/{malvern.attachment.pk}/")
    assert refused.status_code == 404
    assert b"private evidence" not in refused.content
    own = wychavon_officer.get(f"/files/{held['Wychavon application'].attachment.pk}/")
    assert own.status_code == 200 and b"".join(own.streaming_content) == EVIDENCE


def test_an_officer_of_no_partner_sees_no_applicants_evidence(held: dict[str, Held]) -> None:
    officer = Client()
    officer.force_login(_user(permissions.ESTATE_SERVICES, None))
    for name in ("Wychavon application", "Malvern application"):
        assert officer.get(f"/files/{held[name].attachment.pk}/").status_code == 404
    assert officer.get(f"/files/{held['person'].attachment.pk}/").status_code == 200


def test_the_files_tab_needs_the_records_own_capability(
    held: dict[str, Held], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A role that may see people and homes but not rent accounts, repairs or the register is refused
    those records' files (403, with the sentence every page gives), though it sees a person's."""
    monkeypatch.setitem(permissions.ROLES, "records_only", ("Records only", {"records.view"}))
    user = make_partner_user("recordsonly", None, None)
    user.groups.add(Group.objects.get_or_create(name="records_only")[0])
    client = Client()
    client.force_login(user)
    for name in ("rent account", "process letter", "repair order", "Wychavon application", "advert photo"):
        row = held[name]
        response = client.get(f"/files/{row.attachment.pk}/")
        assert response.status_code == 403, name
        assert "You do not have permission to" in response.content.decode()
        if row.files_page:
            assert client.get(row.files_page).status_code == 403, name
    assert client.get(f"/files/{held['person'].attachment.pk}/").status_code == 200
    assert client.get(held["person"].files_page).status_code == 200


def test_a_file_on_a_record_with_no_rule_is_served_to_nobody(held: dict[str, Held]) -> None:
    """Fails closed: a kind of record that has not said who may see it keeps its files."""
    from hearth.repairs.models import Contractor

    admin = User.objects.get(username="filesadmin")
    stray = files.attach(actor=admin, record=Contractor.objects.get(), upload=_upload("insurance.pdf"))
    client = Client()
    client.force_login(admin)
    assert client.get(f"/files/{stray.pk}/").status_code == 404


def test_the_applicant_portal_serves_only_photos_of_advertised_homes(held: dict[str, Held]) -> None:
    public = Client()
    assert public.get(f"/lettings/portal/photos/{held['advert photo'].attachment.pk}/").status_code == 200
    for name in ("Wychavon application", "person", "rent account"):
        assert public.get(f"/lettings/portal/photos/{held[name].attachment.pk}/").status_code == 404, name
    assert public.get(f"/files/{held['advert photo'].attachment.pk}/").status_code == 302  # staff sign-in


@pytest.mark.parametrize("role", [permissions.INCOME, permissions.AUDITOR, permissions.CONTRACTOR, None])
def test_pdfs_of_a_record_follow_the_records_rule(
    role: str | None, held: dict[str, Held], estate: Any
) -> None:
    from hearth.tenancy_processes.models import TenancyProcess

    client = Client()
    client.force_login(_user(role, "WYC"))
    order_page = held["repair order"].page
    pdfs = {
        f"/properties/{estate.flat.pk}/factsheet.pdf": held["property"],
        f"{order_page}order.pdf": held["repair order"],
        f"/rents/processes/{TenancyProcess.objects.get().pk}/letter.pdf": held["process letter"],
    }
    for url, row in pdfs.items():
        expected = _expected(role, "WYC", row)
        response = client.get(url)
        assert response.status_code == expected, url
        if expected == 200:
            assert response.content.startswith(b"%PDF-"), url
