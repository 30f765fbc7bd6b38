"""The acceptance runner: load every case file, check every case through the product's rules.

Used by `hearth acceptance` and by the pytest suite alike.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from hearth.acceptance.base import (
    AcceptanceError,
    Case,
    CaseMismatch,
    NotBuilt,
    UnknownFamily,
    check_fields,
)
from hearth.acceptance.families import EXPECTED_FAILURES, FAMILIES

ENV_VAR = "HEARTH_ACCEPTANCE_DIR"
FILE_FIELDS = ("family", "cases")

PASS = "PASS"  # noqa: S105 (a test outcome, not a password)
FAIL = "FAIL"
XFAIL = "XFAIL"


def default_dir() -> Path:
    """The folder named by HEARTH_ACCEPTANCE_DIR, else `../shared/acceptance` from the project root."""
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured:
        return Path(configured)
    return Path(settings.PROJECT_DIR).parent / "shared" / "acceptance"


# --- loading ------------------------------------------------------------------------------------


def _problem(path: Path, family: str, problem: str, error: type[AcceptanceError] = AcceptanceError) -> Case:
    return Case(family or "?", path.name, {}, path, error(f"{path.name}: {problem}"))


def _cases_in_file(path: Path) -> list[Case]:
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        return [_problem(path, "?", f"cannot be read as YAML ({exc}).")]
    if not isinstance(content, Mapping):
        return [_problem(path, "?", "should hold 'family' and 'cases'.")]
    family = str(content.get("family") or "")
    unknown = [str(k) for k in content if k not in FILE_FIELDS]
    if unknown:
        return [
            _problem(
                path, family, f"unknown field {', '.join(map(repr, unknown))} (a file has: family, cases)."
            )
        ]
    if family not in FAMILIES:
        known = ", ".join(FAMILIES)
        return [
            _problem(path, family, f"unknown family {family!r} (known families: {known}).", UnknownFamily)
        ]
    raw_cases = content.get("cases")
    if not isinstance(raw_cases, list) or not raw_cases:
        return [_problem(path, family, "'cases' should be a non-empty list.")]
    return [_case(path, family, index, raw) for index, raw in enumerate(raw_cases, start=1)]


def _case(path: Path, family: str, index: int, raw: Any) -> Case:
    if not isinstance(raw, Mapping) or not raw.get("id"):
        problem = AcceptanceError(f"{path.name}: case #{index} has no id.")
        return Case(family, f"{path.name}#{index}", {}, path, problem)
    return Case(family, str(raw["id"]), raw, path)


def _mark_duplicates(cases: Iterable[Case]) -> list[Case]:
    seen: set[str] = set()
    out = []
    for case in cases:
        if case.problem is None and case.test_id in seen:
            problem = AcceptanceError(f"{case.where}: duplicate case id.")
            case = Case(case.family, case.id, case.data, case.source, problem)
        seen.add(case.test_id)
        out.append(case)
    return out


def load_cases(directory: Path | str | None = None) -> list[Case]:
    """Every case in every `*.yaml` file of `directory`; unreadable files and cases carry a problem."""
    folder = Path(directory) if directory is not None else default_dir()
    if not folder.is_dir():
        raise AcceptanceError(f"There is no acceptance folder at {folder} (set {ENV_VAR}).")
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise AcceptanceError(f"There are no *.yaml case files in {folder}.")
    return _mark_duplicates(case for path in files for case in _cases_in_file(path))


# --- running ------------------------------------------------------------------------------------


def run_case(case: Case) -> None:
    """Check one case; raises `CaseMismatch`, `NotBuilt` or `AcceptanceError` unless it passes."""
    if case.problem is not None:
        raise type(case.problem)(str(case.problem))
    family = FAMILIES[case.family]
    check_fields(case.data, family.schema(case), case.where)
    if family.check is None:
        raise NotBuilt(f"The {case.family} rules are not built yet.")
    family.check(case)


@dataclass(frozen=True)
class Result:
    case: Case
    status: str
    message: str = ""

    @property
    def line(self) -> str:
        if self.status == PASS:
            return f"PASS {self.case.id}"
        if self.status == XFAIL:
            return f"XFAIL {self.case.id} ({self.message})"
        return f"FAIL {self.case.id}: {self.message}"


def check_case(case: Case) -> Result:
    """Run one case and classify it, treating the families in EXPECTED_FAILURES strictly."""
    mark = EXPECTED_FAILURES.get(case.family)
    try:
        run_case(case)
    except AcceptanceError as exc:
        return Result(case, FAIL, str(exc))
    except (CaseMismatch, NotBuilt) as exc:
        if mark is not None:
            return Result(case, XFAIL, mark.note)
        return Result(case, FAIL, str(exc))
    except Exception as exc:  # a crash in the product's rule is a failure, reported by case
        return Result(case, FAIL, f"error {type(exc).__name__}: {exc}")
    if mark is not None:
        return Result(
            case,
            FAIL,
            f"unexpectedly passed — remove the mark for {case.family} ({mark.note}) from EXPECTED_FAILURES",
        )
    return Result(case, PASS)


def run_all(directory: Path | str | None = None) -> list[Result]:
    return [check_case(case) for case in load_cases(directory)]


def summary(results: Iterable[Result]) -> str:
    statuses = [r.status for r in results]
    return (
        f"acceptance: {statuses.count(PASS)} passed, {statuses.count(FAIL)} failed, "
        f"{statuses.count(XFAIL)} xfailed"
    )
