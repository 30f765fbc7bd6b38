"""The benchmarks run outside the suite (`make bench`), so a change to the code they call could break
them unseen, as splitting the rent services once did. This reads each script and checks that every
name it imports from Hearth, and every attribute it reads from a Hearth module it imported, exists."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
SCRIPTS = sorted(BENCH.glob("*.py"))


def hearth_names(tree: ast.AST) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """(module, name) pairs the script imports from Hearth, and the local names bound to modules."""
    imported: list[tuple[str, str]] = []
    modules: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("hearth"):
            for alias in node.names:
                imported.append((node.module or "", alias.name))
                candidate = f"{node.module}.{alias.name}"
                try:
                    importlib.import_module(candidate)
                except ImportError:
                    continue
                modules[alias.asname or alias.name] = candidate
    return imported, modules


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.name for s in SCRIPTS])
def test_every_hearth_name_a_benchmark_uses_exists(script: Path) -> None:
    tree = ast.parse(script.read_text(encoding="utf-8"))
    imported, modules = hearth_names(tree)
    missing = [f"{m}.{n}" for m, n in imported if not hasattr(importlib.import_module(m), n)]
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
            module = importlib.import_module(modules[node.value.id])
            if not hasattr(module, node.attr):
                missing.append(f"{modules[node.value.id]}.{node.attr} (line {node.lineno})")
    assert not missing, f"{script.name} uses names Hearth no longer has: {missing}"


def test_the_check_reads_the_scripts() -> None:
    assert {s.name for s in SCRIPTS} >= {"run.py", "rents.py", "repairs.py", "lettings.py", "load.py"}
