"""The pure lettings rules: bedroom need, effective dates, shortlists, bidding, qualification, refusals."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hearth.lettings import domain as d

D = dt.date


def occ(rel: str, age: int, sex: str = "F") -> d.Occupant:
    return d.Occupant(relationship=rel, age=age, sex=sex)


# --- bedroom need -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("household", "rooms"),
    [
        ([occ("applicant", 30)], 1),
        ([occ("applicant", 30), occ("partner", 31, "M")], 1),
        ([occ("applicant", 30), occ("child", 8, "M"), occ("child", 6, "F")], 2),
        ([occ("applicant", 40), occ("child", 12, "M"), occ("child", 8, "F")], 3),
        ([occ("applicant", 40), occ("child", 15, "F"), occ("child", 11, "F")], 2),
        ([occ("applicant", 50), occ("partner", 52, "M"), occ("child", 18, "M"), occ("child", 16, "M")], 3),
        ([occ("applicant", 40), occ("other", 70, "M")], 2),
        ([occ("applicant", 40), occ("child", 3, "M")], 2),
    ],
)
def test_bedroom_need_examples(household: list[d.Occupant], rooms: int) -> None:
    assert d.bedroom_need(household) == rooms


def test_greedy_age_order_pairing_is_wrong_here() -> None:
    # 12M, 9F, 8M, 7F: pairing the two youngest first (8M+7F) leaves 12M and 9F apart: 3 rooms.
    # The matching pairs 12M+8M and 9F+7F: 2 rooms.
    kids = [occ("child", 12, "M"), occ("child", 9, "F"), occ("child", 8, "M"), occ("child", 7, "F")]
    assert d.children_bedrooms(kids) == 2
    # 14F, 9M, 8F: pairing 9M+8F (both under 10) leaves 14F alone = 2; pairing 14F+8F leaves 9M = 2.
    assert d.children_bedrooms([occ("child", 14, "F"), occ("child", 9, "M"), occ("child", 8, "F")]) == 2
    # 13M, 11F, 9F, 5M: 13M+5M and 11F+9F = 2 rooms; a greedy 9F+5M pairing gives 3.
    kids = [occ("child", 13, "M"), occ("child", 11, "F"), occ("child", 9, "F"), occ("child", 5, "M")]
    assert d.children_bedrooms(kids) == 2


def test_two_teenagers_of_different_sexes_need_two_rooms() -> None:
    assert d.children_bedrooms([occ("child", 12, "M"), occ("child", 11, "F")]) == 2


def test_a_child_who_is_16_has_their_own_room() -> None:
    assert d.bedroom_need([occ("applicant", 40), occ("child", 16, "F"), occ("child", 15, "F")]) == 3


def test_partner_without_applicant_still_counts_one_room() -> None:
    assert d.bedroom_need([occ("partner", 30)]) == 1


def test_bad_household_values_are_refused() -> None:
    with pytest.raises(ValueError):
        d.bedroom_need([occ("cousin", 30)])
    with pytest.raises(ValueError):
        d.bedroom_need([occ("applicant", 30, "X")])
    with pytest.raises(ValueError):
        d.bedroom_need([occ("applicant", -1)])


def _brute_force_rooms(children: tuple[d.Occupant, ...]) -> int:
    """Every way of pairing the children, tried: the reference answer."""

    @cache
    def best(remaining: tuple[int, ...]) -> int:
        if not remaining:
            return 0
        first, rest = remaining[0], remaining[1:]
        out = 1 + best(rest)
        for i, other in enumerate(rest):
            if d.can_share(children[first], children[other]):
                out = min(out, 1 + best(rest[:i] + rest[i + 1 :]))
        return out

    return best(tuple(range(len(children))))


child_strategy = st.builds(
    d.Occupant, relationship=st.just("child"), age=st.integers(0, 15), sex=st.sampled_from(["F", "M"])
)


@settings(max_examples=300, deadline=None)
@given(st.lists(child_strategy, max_size=9))
def test_children_pairing_is_a_maximum_matching(children: list[d.Occupant]) -> None:
    assert d.children_bedrooms(children) == _brute_force_rooms(tuple(children))


@settings(max_examples=200, deadline=None)
@given(st.lists(child_strategy, max_size=8), st.lists(st.integers(16, 90), max_size=3), st.booleans())
def test_bedroom_need_bounds(children: list[d.Occupant], adults: list[int], partner: bool) -> None:
    household = [occ("applicant", 35)] + ([occ("partner", 36, "M")] if partner else [])
    household += [occ("other", a) for a in adults] + children
    rooms = d.bedroom_need(household)
    assert rooms >= 1 + len(adults) + (len(children) + 1) // 2
    assert rooms <= 1 + len(adults) + len(children)
    # order never matters
    assert d.bedroom_need(list(reversed(household))) == rooms


# --- effective date -----------------------------------------------------------------------------

BANDS = ["A", "B", "C", "D"]


def test_effective_date_starts_at_registration() -> None:
    assert d.effective_date(
        bands=BANDS, registration_date=D(2022, 3, 1), history=[(D(2022, 3, 1), "C")]
    ) == D(2022, 3, 1)


def test_effective_date_moves_on_promotion_only() -> None:
    history = [(D(2022, 3, 1), "C"), (D(2024, 7, 15), "B"), (D(2025, 1, 10), "C"), (D(2025, 2, 1), "C")]
    assert d.effective_date(bands=BANDS, registration_date=D(2022, 3, 1), history=history) == D(2024, 7, 15)
    history.append((D(2025, 6, 1), "B"))
    assert d.effective_date(bands=BANDS, registration_date=D(2022, 3, 1), history=history) == D(2025, 6, 1)


def test_effective_date_demotion_keeps_date() -> None:
    history = [(D(2022, 3, 1), "B"), (D(2023, 1, 1), "D")]
    assert d.effective_date(bands=BANDS, registration_date=D(2022, 3, 1), history=history) == D(2022, 3, 1)


def test_unknown_band_is_an_error() -> None:
    with pytest.raises(ValueError, match="not one of the scheme's bands"):
        d.effective_date(bands=BANDS, registration_date=D(2022, 3, 1), history=[(D(2022, 3, 1), "Z")])


@given(
    st.lists(
        st.tuples(st.dates(D(2020, 1, 1), D(2030, 1, 1)), st.sampled_from(BANDS)), min_size=1, max_size=8
    )
)
def test_effective_date_is_registration_or_a_decision_date(history: list[tuple[dt.date, str]]) -> None:
    history.sort()
    got = d.effective_date(bands=BANDS, registration_date=D(2019, 1, 1), history=history)
    assert got == D(2019, 1, 1) or got in [day for day, _ in history]


def test_band_expiry_adds_months() -> None:
    assert d.band_expiry(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert d.band_expiry(D(2025, 5, 1), 12) == D(2026, 5, 1)
    assert d.band_expiry(D(2025, 5, 1), None) is None


# --- shortlist ----------------------------------------------------------------------------------


def bidder(key: str, band: str = "B", **kw: object) -> d.Bidder:
    values: dict[str, object] = {
        "key": key,
        "reference": key,
        "band": band,
        "effective_date": D(2024, 1, 1),
        "registration_date": D(2023, 1, 1),
        "bedroom_need": 2,
        "date_of_birth": D(1985, 1, 1),
        "local_connections": frozenset({"wychavon"}),
    }
    values.update(kw)
    return d.Bidder(**values)  # type: ignore[arg-type]


def test_shortlist_order_band_then_dates_then_reference() -> None:
    bidders = [
        bidder("P4", "C"),
        bidder("P3", "B", effective_date=D(2024, 1, 1), registration_date=D(2023, 6, 1)),
        bidder("P2", "B", effective_date=D(2024, 1, 1), registration_date=D(2023, 1, 1)),
        bidder("P1", "B", effective_date=D(2024, 1, 1), registration_date=D(2023, 1, 1)),
        bidder("P0", "A", effective_date=D(2025, 9, 1)),
    ]
    result = d.shortlist(
        bands=BANDS, criteria=d.Criteria(bedrooms=2), bidders=bidders, closes_on=D(2026, 3, 2)
    )
    assert [b.key for b in result.order] == ["P0", "P1", "P2", "P3", "P4"]
    assert result.skipped == []


def test_pass_over_reasons_in_order() -> None:
    criteria = d.Criteria(bedrooms=2, min_age=60, local_connection="Malvern", adapted_only=True)
    closes = D(2026, 3, 2)
    # fails everything: the first check names the reason
    assert d.pass_over_reason(criteria, bidder("x", bedroom_need=3, date_of_birth=D(1990, 1, 1)), closes) == (
        d.BEDROOM_SIZE
    )
    assert d.pass_over_reason(criteria, bidder("x", date_of_birth=D(1990, 1, 1)), closes) == d.AGE_RESTRICTION
    old = D(1950, 1, 1)
    assert d.pass_over_reason(criteria, bidder("x", date_of_birth=old), closes) == d.LOCAL_CONNECTION
    local = frozenset({" malvern "})
    assert d.pass_over_reason(criteria, bidder("x", date_of_birth=old, local_connections=local), closes) == (
        d.ADAPTED_NEED
    )
    ok = bidder("x", date_of_birth=old, local_connections=local, needs_adapted=True)
    assert d.pass_over_reason(criteria, ok, closes) is None


def test_minimum_age_reached_on_the_close_date() -> None:
    criteria = d.Criteria(bedrooms=2, min_age=60)
    assert d.pass_over_reason(criteria, bidder("x", date_of_birth=D(1966, 3, 2)), D(2026, 3, 2)) is None
    assert d.pass_over_reason(criteria, bidder("x", date_of_birth=D(1966, 3, 3)), D(2026, 3, 2)) == (
        d.AGE_RESTRICTION
    )


def test_leap_day_birthday() -> None:
    assert d.age_on(D(2008, 2, 29), D(2024, 2, 28)) == 15
    assert d.age_on(D(2008, 2, 29), D(2024, 2, 29)) == 16
    assert d.age_on(D(2008, 2, 29), D(2025, 2, 28)) == 16


@given(
    st.lists(
        st.builds(
            bidder,
            key=st.uuids().map(str),
            band=st.sampled_from(BANDS),
            effective_date=st.dates(D(2020, 1, 1), D(2026, 1, 1)),
            registration_date=st.dates(D(2018, 1, 1), D(2026, 1, 1)),
            bedroom_need=st.integers(1, 4),
        ),
        max_size=20,
    )
)
def test_shortlist_partitions_and_orders(bidders: list[d.Bidder]) -> None:
    result = d.shortlist(
        bands=BANDS, criteria=d.Criteria(bedrooms=2), bidders=bidders, closes_on=D(2026, 3, 2)
    )
    assert len(result.order) + len(result.skipped) == len(bidders)
    keys = [d.priority_key(BANDS, b) for b in result.order]
    assert keys == sorted(keys)
    assert all(b.bedroom_need == 2 for b in result.order)
    assert all(reason == d.BEDROOM_SIZE for _, reason in result.skipped)


# --- bidding ------------------------------------------------------------------------------------

OPEN = dt.datetime(2026, 2, 23, 9, 0, tzinfo=dt.UTC)
CLOSE = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


def refusal(**kw: object) -> tuple[str, str] | None:
    values: dict[str, object] = {
        "now": OPEN + dt.timedelta(days=1),
        "opens_at": OPEN,
        "closes_at": CLOSE,
        "live_bids_in_cycle": 0,
        "bid_limit": 3,
        "already_bid": False,
        "pass_over": None,
    }
    values.update(kw)
    return d.bid_refusal(**values)  # type: ignore[arg-type]


def test_bid_rules() -> None:
    assert refusal() is None
    assert refusal(live_bids_in_cycle=2) is None
    assert "limit is 3" in refusal(live_bids_in_cycle=3)[1]  # type: ignore[index]
    assert "has closed" in refusal(now=CLOSE)[1]  # type: ignore[index]
    assert "not opened" in refusal(now=OPEN - dt.timedelta(seconds=1))[1]  # type: ignore[index]
    assert "not eligible" in refusal(pass_over=d.BEDROOM_SIZE)[1]  # type: ignore[index]
    assert "already bid" in refusal(already_bid=True)[1]  # type: ignore[index]


# --- qualification ------------------------------------------------------------------------------

RULES = d.QualificationRules()


def test_qualifies_with_local_connection() -> None:
    assert d.qualification(RULES, d.ApplicantFacts(age=30, residence_years=2)).qualifies
    assert d.qualification(RULES, d.ApplicantFacts(age=30, work_months=6)).qualifies
    assert d.qualification(RULES, d.ApplicantFacts(age=30, family_years=5)).qualifies


def test_refused_without_connection_or_need_or_under_age() -> None:
    result = d.qualification(RULES, d.ApplicantFacts(age=15, residence_years=1, housing_need=False))
    assert not result.qualifies
    assert len(result.reasons) == 3


@pytest.mark.parametrize("exemption", [d.DOMESTIC_ABUSE, d.ARMED_FORCES, d.CARE_LEAVER])
def test_statutory_exemptions_from_local_connection(exemption: str) -> None:
    result = d.qualification(RULES, d.ApplicantFacts(age=22, exemptions=frozenset({exemption})))
    assert result.qualifies
    assert "No local connection is needed" in result.reasons[0]


def test_care_leaver_exemption_ends_at_25() -> None:
    assert not d.qualification(
        RULES, d.ApplicantFacts(age=25, exemptions=frozenset({d.CARE_LEAVER}))
    ).qualifies


# --- refusals -----------------------------------------------------------------------------------


def test_refusal_penalty_after_the_limit() -> None:
    assert (
        d.refusal_penalty(unreasonable_refusals=2, limit=3, suspension_months=12, refused_on=D(2026, 1, 1))
        is None
    )
    assert d.refusal_penalty(
        unreasonable_refusals=3, limit=3, suspension_months=12, refused_on=D(2026, 1, 1)
    ) == D(2027, 1, 1)
    assert (
        d.refusal_penalty(unreasonable_refusals=9, limit=0, suspension_months=12, refused_on=D(2026, 1, 1))
        is None
    )


def test_band_quota_puts_the_preferred_band_first() -> None:
    bidders = [bidder("A1", "A"), bidder("D1", "D", effective_date=D(2025, 1, 1)), bidder("D0", "D")]
    criteria = d.Criteria(bedrooms=2, preferred_band="D")
    result = d.shortlist(bands=BANDS, criteria=criteria, bidders=bidders, closes_on=D(2026, 3, 2))
    assert [b.key for b in result.order] == ["D0", "D1", "A1"]
    plain = d.shortlist(
        bands=BANDS, criteria=d.Criteria(bedrooms=2), bidders=bidders, closes_on=D(2026, 3, 2)
    )
    assert [b.key for b in plain.order] == ["A1", "D0", "D1"]
