"""The suite's Hypothesis profile (tests/conftest.py): property tests have no deadline."""

from __future__ import annotations

from hypothesis import settings


def test_property_tests_have_no_deadline() -> None:
    # timing belongs in the benches: a slow example on a busy machine is not a failure
    assert settings.default.deadline is None
    # a test's own settings keep it
    assert settings(max_examples=5).deadline is None
