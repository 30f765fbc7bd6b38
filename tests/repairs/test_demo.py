"""The demo repairs command: made-up 6-digit codes, idempotent."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from hearth.properties.models import Property
from hearth.repairs.models import Contractor, RateLine, RepairOrder

pytestmark = pytest.mark.django_db


def test_repairs_demo(world: Any, senior: Any, user_with_role: Any) -> None:
    user_with_role("admin", "administrator")
    Property.objects.update(status="let")
    out = io.StringIO()
    call_command("repairs_demo", "--orders", "5", stdout=out)
    assert "Added 3 contractors" in out.getvalue()
    assert all(re.fullmatch(r"\d{6}", code) for code in RateLine.objects.values_list("code", flat=True))
    count = (Contractor.objects.count(), RateLine.objects.count(), RepairOrder.objects.count())
    assert count[2] == 2
    call_command("repairs_demo", stdout=out)
    assert (Contractor.objects.count(), RateLine.objects.count(), RepairOrder.objects.count()) == count


def test_repairs_sample_command(world: Any, senior: Any) -> None:
    out = io.StringIO()
    call_command("repairs_sample", "--month", "2025-05", "--user", "senior", stdout=out)
    assert "May 2025: 0 orders picked" in out.getvalue()
    with pytest.raises(CommandError, match="like 2025-06"):
        call_command("repairs_sample", "--month", "May", "--user", "senior")
