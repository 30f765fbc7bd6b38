"""Every acceptance case, through the product's real rules; and the runner's own behaviour."""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from pathlib import Path

import pytest
from django.core.management import call_command

from hearth.acceptance import families, runner
from hearth.acceptance.base import (
    AcceptanceError,
    Case,
    CaseMismatch,
    ExpectedFailure,
    NotBuilt,
    UnknownFamily,
    UnknownField,
)
from hearth.rents import services as rents
from hearth.rents.models import DebitRun, FreeWeek, RentAccount, Transaction
from hearth.tenancies.models import Tenancy

D = dt.date

try:
    CASES = runner.load_cases()
    LOAD_ERROR: AcceptanceError | None = None
except AcceptanceError as exc:  # reported as one failing test, not a collection error that stops the suite
    CASES, LOAD_ERROR = [], exc


def _param(case: Case) -> object:
    mark = families.EXPECTED_FAILURES.get(case.family)
    marks = (
        [pytest.mark.xfail(strict=True, raises=(NotBuilt, CaseMismatch), reason=mark.reason)] if mark else []
    )
    return pytest.param(case, id=case.test_id, marks=marks)


# the rent_debits cases post through the real debit run, in a transaction rolled back at the end
@pytest.mark.django_db
@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_case(case: Case) -> None:
    runner.run_case(case)


def test_cases_were_found() -> None:
    assert LOAD_ERROR is None, str(LOAD_ERROR)
    assert any(case.family == "statutory_deadline" for case in CASES)
    assert all(case.problem is None for case in CASES)


# --- the runner ---------------------------------------------------------------------------------


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def run_command(folder: Path) -> tuple[int, list[str]]:
    out = io.StringIO()
    try:
        call_command("acceptance", "--dir", str(folder), stdout=out)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue().splitlines()


GOOD = """\
    family: statutory_deadline
    cases:
    - id: ack
      kind: complaint_stage1
      received: '2025-11-03'
      expected:
        acknowledge_by: '2025-11-10'
    - id: unquoted-dates
      kind: complaint_stage1
      received: 2025-11-03
      acknowledged: 2025-11-05
      expected:
        respond_by: 2025-11-19
    - id: emergency
      kind: awaab_emergency
      aware_at: 2026-03-28T12:00
      expected:
        make_safe_by: '2026-03-29T13:00'
    """


def test_a_good_folder_passes(tmp_path: Path) -> None:
    write(tmp_path, "deadlines.yaml", GOOD)
    code, lines = run_command(tmp_path)
    assert lines == [
        "PASS ack",
        "PASS unquoted-dates",
        "PASS emergency",
        "acceptance: 3 passed, 0 failed, 0 xfailed",
    ]
    assert code == 0


def test_the_folder_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "deadlines.yaml", GOOD)
    monkeypatch.setenv(runner.ENV_VAR, str(tmp_path))
    assert runner.default_dir() == tmp_path
    assert [case.id for case in runner.load_cases()] == ["ack", "unquoted-dates", "emergency"]


def test_the_default_folder_is_shared_acceptance_beside_the_project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(runner.ENV_VAR, raising=False)
    assert runner.default_dir().parts[-2:] == ("shared", "acceptance")


def test_a_wrong_answer_fails_with_expected_and_got(tmp_path: Path) -> None:
    write(
        tmp_path,
        "deadlines.yaml",
        """\
        family: statutory_deadline
        cases:
        - id: wrong
          kind: members_enquiry
          received: '2026-01-12'
          expected:
            respond_by: '2026-01-23'
        """,
    )
    (case,) = runner.load_cases(tmp_path)
    with pytest.raises(CaseMismatch, match="respond_by: expected 2026-01-23 got 2026-01-26"):
        runner.run_case(case)
    code, lines = run_command(tmp_path)
    assert lines[0] == "FAIL wrong: respond_by: expected 2026-01-23 got 2026-01-26"
    assert lines[-1] == "acceptance: 0 passed, 1 failed, 0 xfailed"
    assert code == 1


def test_an_expected_deadline_that_is_not_produced_fails(tmp_path: Path) -> None:
    write(
        tmp_path,
        "deadlines.yaml",
        """\
        family: statutory_deadline
        cases:
        - id: not-acknowledged-yet
          kind: complaint_stage1
          received: '2025-11-03'
          expected:
            respond_by: '2025-11-19'
        """,
    )
    (case,) = runner.load_cases(tmp_path)
    with pytest.raises(CaseMismatch, match="respond_by: expected 2025-11-19 got nothing"):
        runner.run_case(case)


def test_an_unknown_family_is_a_clear_failure(tmp_path: Path) -> None:
    write(tmp_path, "parking.yaml", "family: parking_fines\ncases:\n- id: P1\n")
    write(tmp_path, "deadlines.yaml", GOOD)
    cases = runner.load_cases(tmp_path)
    problem = next(case for case in cases if case.source.name == "parking.yaml")
    with pytest.raises(
        UnknownFamily, match=r"parking.yaml: unknown family 'parking_fines' \(known families: "
    ):
        runner.run_case(problem)
    code, lines = run_command(tmp_path)
    assert any(
        line.startswith("FAIL parking.yaml: parking.yaml: unknown family 'parking_fines'") for line in lines
    )
    assert lines[-1] == "acceptance: 3 passed, 1 failed, 0 xfailed"
    assert code == 1


@pytest.mark.parametrize(
    ("case_text", "message"),
    [
        (
            "- id: extra\n  kind: members_enquiry\n  received: '2026-01-12'\n  priority: high\n"
            "  expected:\n    respond_by: '2026-01-26'\n",
            r"deadlines.yaml, case extra: unknown field 'priority' \(this family understands: id, kind, received, ",
        ),
        (
            "- id: extra-expected\n  kind: members_enquiry\n  received: '2026-01-12'\n"
            "  expected:\n    respond_by: '2026-01-26'\n    reply_by: '2026-01-26'\n",
            r"deadlines.yaml, case extra-expected, expected: unknown field 'reply_by'",
        ),
    ],
)
def test_an_unknown_field_is_a_clear_failure(tmp_path: Path, case_text: str, message: str) -> None:
    write(tmp_path, "deadlines.yaml", "family: statutory_deadline\ncases:\n" + case_text)
    (case,) = runner.load_cases(tmp_path)
    with pytest.raises(UnknownField, match=message):
        runner.run_case(case)
    assert runner.check_case(case).status == runner.FAIL


def test_an_unknown_field_in_an_expected_failure_family_still_fails(tmp_path: Path) -> None:
    write(
        tmp_path,
        "repairs.yaml",
        """\
        family: repair_target
        cases:
        - id: R1
          priority: urgent
          raised_at: 2025-04-17T10:00
          expected_due: 2025-04-28T10:00
        - id: R2
          priority: urgent
          raised: 2025-04-17T10:00
          expected_due: 2025-04-28T10:00
        """,
    )
    first, second = runner.load_cases(tmp_path)
    assert runner.check_case(first).line == "PASS R1"  # repairs is built: its family now runs
    result = runner.check_case(second)
    assert result.status == runner.FAIL
    assert "unknown field 'raised'" in result.message
    with pytest.raises(UnknownField):
        runner.run_case(second)


def test_nested_fields_are_checked(tmp_path: Path) -> None:
    write(
        tmp_path,
        "bedrooms.yaml",
        """\
        family: bedroom_need
        cases:
        - id: B1
          household:
          - relationship: applicant
            age: 30
            sex: F
            income: 100
          expected_bedrooms: 1
        """,
    )
    (case,) = runner.load_cases(tmp_path)
    with pytest.raises(UnknownField, match="household #1: unknown field 'income'"):
        runner.run_case(case)


def test_unknown_kind_missing_input_and_bad_dates_are_clear(tmp_path: Path) -> None:
    write(
        tmp_path,
        "deadlines.yaml",
        """\
        family: statutory_deadline
        cases:
        - id: k
          kind: parking_fine
          expected: {}
        - id: m
          kind: complaint_stage1
          expected:
            acknowledge_by: '2025-11-10'
        - id: d
          kind: complaint_stage1
          received: 3 November 2025
          expected:
            acknowledge_by: '2025-11-10'
        - id: t
          kind: awaab_emergency
          aware_at: '2025-12-19'
          expected:
            make_safe_by: 2025-12-20T16:45
        - id: e
          kind: members_enquiry
          received: '2026-01-12'
          expected: {}
        """,
    )
    k, m, d, t, e = runner.load_cases(tmp_path)
    with pytest.raises(AcceptanceError, match="unknown kind 'parking_fine'"):
        runner.run_case(k)
    with pytest.raises(AcceptanceError, match="case m: missing field 'received'"):
        runner.run_case(m)
    with pytest.raises(AcceptanceError, match="'3 November 2025' is not a date like 2025-11-03"):
        runner.run_case(d)
    with pytest.raises(AcceptanceError, match="is not a local time like 2025-12-19T16:45"):
        runner.run_case(t)
    with pytest.raises(AcceptanceError, match="names no deadline"):
        runner.run_case(e)


def test_bad_files_are_reported_not_skipped(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "family: statutory_deadline\n")
    write(tmp_path, "b.yaml", "family: statutory_deadline\nversion: 2\ncases: []\n")
    write(tmp_path, "c.yaml", "family: [unclosed\n")
    write(tmp_path, "d.yaml", "family: statutory_deadline\ncases:\n- kind: members_enquiry\n")
    results = runner.run_all(tmp_path)
    assert [r.status for r in results] == [runner.FAIL] * 4
    assert "'cases' should be a non-empty list" in results[0].message
    assert "unknown field 'version'" in results[1].message
    assert "cannot be read as YAML" in results[2].message
    assert "case #1 has no id" in results[3].message


def test_duplicate_ids_fail(tmp_path: Path) -> None:
    write(tmp_path, "deadlines.yaml", GOOD.rstrip(" ") + "    - id: ack\n      kind: members_enquiry\n")
    results = runner.run_all(tmp_path)
    assert results[-1].status == runner.FAIL
    assert "duplicate case id" in results[-1].message


def test_a_missing_or_empty_folder_fails(tmp_path: Path) -> None:
    with pytest.raises(AcceptanceError, match="no \\*.yaml case files"):
        runner.load_cases(tmp_path)
    code, lines = run_command(tmp_path / "missing")
    assert code == 1
    assert lines[0].startswith("FAIL There is no acceptance folder")


def test_an_expected_failure_that_passes_fails_loudly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "deadlines.yaml", GOOD)
    monkeypatch.setitem(families.EXPECTED_FAILURES, "statutory_deadline", ExpectedFailure(9, "deadlines"))
    code, lines = run_command(tmp_path)
    assert lines[0] == (
        "FAIL ack: unexpectedly passed — remove the mark for statutory_deadline "
        "(issue 9: deadlines not built yet) from EXPECTED_FAILURES"
    )
    assert lines[-1] == "acceptance: 0 passed, 3 failed, 0 xfailed"
    assert code == 1


def test_a_family_that_is_not_built_and_not_marked_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "bedrooms.yaml", "family: bedroom_need\ncases:\n- id: B1\n  expected_bedrooms: 1\n")
    unbuilt = families.Family("bedroom_need", families.FAMILIES["bedroom_need"].schema)
    monkeypatch.setitem(families.FAMILIES, "bedroom_need", unbuilt)
    monkeypatch.delitem(families.EXPECTED_FAILURES, "bedroom_need", raising=False)
    (result,) = runner.run_all(tmp_path)
    assert result.line == "FAIL B1: The bedroom_need rules are not built yet."


@pytest.mark.django_db
def test_the_shared_cases_report_every_id(capsys: pytest.CaptureFixture[str]) -> None:
    results = runner.run_all()
    assert len(results) == len(CASES)
    deadlines = [r for r in results if r.case.family == "statutory_deadline"]
    assert deadlines and all(r.status == runner.PASS for r in deadlines)
    others = [r for r in results if r.case.family in families.EXPECTED_FAILURES]
    assert all(r.status == runner.XFAIL for r in others)


# --- families whose modules later issues build --------------------------------------------------

INVOICE = """\
    family: invoice_match
    cases:
    - id: I1
      order:
        reference: WO-1
        contractor: C1
        status: complete
        vat_rate: '20'
        part_invoicing: false
        lines:
        - {code: '999101', quantity: '2', rate: '45.00'}
      invoice:
        contractor: C1
        number: INV-1
        received: '2025-11-28'
        lines:
        - {code: '999101', quantity: '2', rate: '45.00', net: '90.00', vat: '18.00'}
      expected:
        outcome: matched
        lines: [matched]
        certifiable_net: '90.00'
        certifiable_vat: '18.00'
        pay_by: '2025-12-27'
    """

HOMELESS = """\
    family: homelessness
    cases:
    - id: H1
      kind: prevention_duty
      duty_start: '2025-04-01'
      expected:
        period_ends: '2025-05-26'
        may_end_56_day_ground_from: null
    - id: H2
      kind: appeal
      review_decision_notified: '2025-03-03'
      expected:
        appeal_by: '2025-03-24'
    """


def test_invoice_and_homelessness_cases_are_expected_failures_naming_their_issues(tmp_path: Path) -> None:
    write(tmp_path, "invoices.yaml", INVOICE)
    write(tmp_path, "homelessness.yaml", HOMELESS)
    code, lines = run_command(tmp_path)
    assert lines == [
        "XFAIL H1 (issue 20: homelessness casework not built yet)",
        "XFAIL H2 (issue 20: homelessness casework not built yet)",
        "XFAIL I1 (issue 19: contractor invoices not built yet)",
        "acceptance: 0 passed, 0 failed, 3 xfailed",
    ]
    assert code == 0


@pytest.mark.parametrize(
    ("name", "text", "old", "new", "message"),
    [
        (
            "invoices.yaml",
            INVOICE,
            "number: INV-1",
            "number: INV-1\n        supplier: X",
            "unknown field 'supplier'",
        ),
        ("invoices.yaml", INVOICE, "net: '90.00'", "net: '90.00', discount: '0'", "unknown field 'discount'"),
        ("invoices.yaml", INVOICE, "status: complete", "status: finished", "unknown order status 'finished'"),
        ("invoices.yaml", INVOICE, "received: '2025-11-28'", "received: 28/11/2025", "is not a date"),
        ("homelessness.yaml", HOMELESS, "kind: appeal", "kind: eviction", "unknown kind 'eviction'"),
        ("homelessness.yaml", HOMELESS, "appeal_by:", "appeal_before:", "unknown field 'appeal_before'"),
        ("homelessness.yaml", HOMELESS, "duty_start: '2025-04-01'", "duty_start: soon", "is not a date"),
    ],
)
def test_a_malformed_case_of_an_unbuilt_family_fails_not_xfails(
    tmp_path: Path, name: str, text: str, old: str, new: str, message: str
) -> None:
    assert old in text
    write(tmp_path, name, text.replace(old, new, 1))
    results = runner.run_all(tmp_path)
    failed = [r for r in results if r.status == runner.FAIL]
    assert len(failed) == 1, [r.line for r in results]
    assert message in failed[0].message


# --- rent_debits: through the weekly debit run ---------------------------------------------------

RENT = """\
    family: rent_debits
    cases:
    - id: RD-free
      weekly_charge: '95.50'
      tenancy_start: '2025-09-10'
      free_weeks: ['2025-09-22']
      from: '2025-09-01'
      to: '2025-10-05'
      expected_debits:
      - {date: '2025-09-10', amount: '68.21'}
      - {date: '2025-09-15', amount: '95.50'}
      - {date: '2025-09-29', amount: '95.50'}
      expected_total: '259.21'
    - id: RD-no-free
      weekly_charge: '95.50'
      tenancy_start: '2025-09-10'
      from: '2025-09-01'
      to: '2025-10-05'
      expected_debits:
      - {date: '2025-09-10', amount: '68.21'}
      - {date: '2025-09-15', amount: '95.50'}
      - {date: '2025-09-22', amount: '95.50'}
      - {date: '2025-09-29', amount: '95.50'}
      expected_total: '354.71'
    """


@pytest.mark.django_db
def test_rent_debit_cases_are_posted_by_the_weekly_debit_run_and_leave_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "rents.yaml", RENT)
    weeks_posted: list[dt.date] = []
    # the run's own hook, called inside each week it posts (a free week posts nothing)
    monkeypatch.setattr(rents, "_between_phases", weeks_posted.append)
    code, lines = run_command(tmp_path)
    assert lines == ["PASS RD-free", "PASS RD-no-free", "acceptance: 2 passed, 0 failed, 0 xfailed"]
    assert code == 0
    weeks = [D(2025, 9, 1), D(2025, 9, 8), D(2025, 9, 15), D(2025, 9, 22), D(2025, 9, 29)]
    assert weeks_posted == [w for w in weeks if w != D(2025, 9, 22)] + weeks
    # the first case's free week did not reach the second, and nothing of either is left
    assert not FreeWeek.objects.exists()
    assert not Transaction.objects.exists() and not DebitRun.objects.exists()
    assert not RentAccount.objects.exists() and not Tenancy.objects.exists()


@pytest.mark.django_db
def test_a_rent_debit_case_the_run_disagrees_with_fails_with_expected_and_got(tmp_path: Path) -> None:
    write(tmp_path, "rents.yaml", RENT.replace("amount: '68.21'", "amount: '68.22'", 1))
    code, lines = run_command(tmp_path)
    assert lines[0].startswith("FAIL RD-free: debits: expected [{'date': '2025-09-10', 'amount': '68.22'}")
    assert "got [{'date': '2025-09-10', 'amount': '68.21'}" in lines[0]
    assert lines[1] == "PASS RD-no-free"
    assert code == 1


@pytest.mark.django_db
def test_a_free_week_that_is_not_a_monday_is_a_clear_failure(tmp_path: Path) -> None:
    write(tmp_path, "rents.yaml", RENT.replace("free_weeks: ['2025-09-22']", "free_weeks: ['2025-09-23']"))
    results = runner.run_all(tmp_path)
    assert results[0].status == runner.FAIL
    assert results[0].message == "rents.yaml, case RD-free, free_weeks: 23 September 2025 is not a Monday."
    assert results[1].status == runner.PASS
