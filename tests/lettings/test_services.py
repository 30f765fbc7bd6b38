"""Services: applications, qualification, bands, bids, cycle close, shortlists, offers, partners."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone
from lettings_helpers import live_application, make_home, make_person, make_user

from hearth.core import audit, permissions
from hearth.lettings import domain, selectors
from hearth.lettings import services as lettings
from hearth.lettings.models import Advert, Application, BandDecision, Bid, Offer, SchemePolicy, ShortlistEntry
from hearth.lettings.services.shortlists import _copy_text

pytestmark = pytest.mark.django_db


def messages(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict


def family_members(h: Any) -> list[lettings.MemberInput]:
    return [
        lettings.MemberInput(h.partner, "partner", "M"),
        lettings.MemberInput(h.son, "child", "M"),
        lettings.MemberInput(h.daughter, "child", "F"),
    ]


# --- applications -------------------------------------------------------------------------------


def test_register_computes_bedroom_need_and_audits(senior: Any, wychavon: Any, household: Any) -> None:
    app = lettings.register_application(
        actor=senior,
        council=wychavon,
        applicant=household.applicant,
        current_housing="private_rented",
        members=family_members(household),
    )
    # couple 1 + boy of 12 and girl of 8 (cannot share) = 3
    assert app.computed_bedrooms == 3 and app.bedroom_need == 3
    assert app.status == Application.Status.PENDING
    assert app.reference.startswith("HR")
    assert app.members.count() == 3
    actions = [e.action for e in audit.history_for(app)]
    assert "created" in actions and "household recorded" in actions


def test_register_refuses_bad_input_and_stores_nothing(senior: Any, wychavon: Any, household: Any) -> None:
    household.son.date_of_birth = None
    household.son.save()
    with pytest.raises(ValidationError) as exc:
        lettings.register_application(
            actor=senior,
            council=wychavon,
            applicant=household.applicant,
            registration_date=timezone.localdate() + dt.timedelta(days=3),
            current_housing="castle",
            members=[lettings.MemberInput(household.son, "child", "X")],
        )
    errors = messages(exc.value)
    assert errors["registration_date"] == ["The registration date cannot be in the future."]
    assert errors["current_housing"] == ["Select the applicant's current housing."]
    assert any("date of birth" in m for m in errors["members"])
    assert any("sex" in m for m in errors["members"])
    assert Application.objects.count() == 0


def test_one_live_application_per_person(senior: Any, wychavon: Any, household: Any) -> None:
    lettings.register_application(
        actor=senior, council=wychavon, applicant=household.applicant, current_housing="private_rented"
    )
    with pytest.raises(ValidationError, match="already has application"):
        lettings.register_application(
            actor=senior, council=wychavon, applicant=household.applicant, current_housing="private_rented"
        )


def test_officers_act_only_for_their_own_council(
    senior: Any, malvern_officer: Any, wychavon: Any, malvern: Any, household: Any, admin_user: Any
) -> None:
    with pytest.raises(PermissionDenied):
        lettings.register_application(
            actor=malvern_officer, council=wychavon, applicant=household.applicant, current_housing="owner"
        )
    app = live_application(senior, wychavon, household.applicant)
    with pytest.raises(PermissionDenied):
        lettings.decide_band(actor=malvern_officer, application=app, band="A", reason="Medical")
    assert list(selectors.application_list(malvern_officer)) == []
    assert list(selectors.application_list(senior)) == [app]
    assert list(selectors.application_list(admin_user)) == [
        app
    ]  # the scheme administrator sees every partner


def test_housing_options_officer_cannot_decide_bands(
    options_officer: Any, wychavon: Any, household: Any
) -> None:
    app = lettings.register_application(
        actor=options_officer, council=wychavon, applicant=household.applicant, current_housing="owner"
    )
    with pytest.raises(PermissionDenied):
        lettings.decide_qualification(actor=options_officer, application=app)


def test_qualification_with_reasons_and_exemptions(senior: Any, wychavon: Any) -> None:
    local = lettings.register_application(
        actor=senior,
        council=wychavon,
        applicant=make_person(senior, "Local", 40),
        current_housing="private_rented",
        residence_years=2,
    )
    assert lettings.decide_qualification(actor=senior, application=local).qualifies
    local.refresh_from_db()
    assert local.status == Application.Status.LIVE and "local connection" in local.qualification_reasons

    stranger = lettings.register_application(
        actor=senior,
        council=wychavon,
        applicant=make_person(senior, "Far", 40),
        current_housing="private_rented",
    )
    assert not lettings.decide_qualification(actor=senior, application=stranger).qualifies
    stranger.refresh_from_db()
    assert stranger.status == Application.Status.NOT_QUALIFIED

    fleeing = lettings.register_application(
        actor=senior,
        council=wychavon,
        applicant=make_person(senior, "Safe", 30),
        current_housing="temporary",
        exemptions=["domestic_abuse"],
    )
    result = lettings.decide_qualification(actor=senior, application=fleeing)
    assert result.qualifies and "domestic abuse" in result.reasons[0]


# --- bedroom override and bands -----------------------------------------------------------------


def test_override_without_reason_is_refused(senior: Any, wychavon: Any, household: Any) -> None:
    app = live_application(senior, wychavon, household.applicant)
    with pytest.raises(ValidationError) as exc:
        lettings.override_bedroom_need(actor=senior, application=app, bedrooms=2, reason="  ")
    assert messages(exc.value) == {"reason": ["Enter why the bedroom need differs from the size criteria."]}
    app.refresh_from_db()
    assert app.bedroom_override is None
    lettings.override_bedroom_need(actor=senior, application=app, bedrooms=2, reason="Overnight carer")
    app.refresh_from_db()
    assert app.bedroom_need == 2 and app.bedroom_override_reason == "Overnight carer"


def test_band_without_reason_is_refused(senior: Any, wychavon: Any, household: Any) -> None:
    app = live_application(senior, wychavon, household.applicant)
    with pytest.raises(ValidationError) as exc:
        lettings.decide_band(actor=senior, application=app, band="B", reason="")
    assert messages(exc.value) == {
        "reason": ["Enter the reason for the band, for example Overcrowded by two bedrooms."]
    }
    assert BandDecision.objects.filter(application=app).count() == 1
    with pytest.raises(ValidationError, match="Select a band"):
        lettings.decide_band(actor=senior, application=app, band="Z", reason="Because")


def test_band_needs_qualification_first(senior: Any, wychavon: Any, household: Any) -> None:
    app = lettings.register_application(
        actor=senior, council=wychavon, applicant=household.applicant, current_housing="owner"
    )
    with pytest.raises(ValidationError, match="qualifies"):
        lettings.decide_band(actor=senior, application=app, band="B", reason="Overcrowded")


def test_effective_date_follows_promotions(senior: Any, wychavon: Any, household: Any) -> None:
    app = live_application(senior, wychavon, household.applicant, band="C")
    assert app.effective_date == app.registration_date
    promoted_on = app.registration_date + dt.timedelta(days=100)
    decision = lettings.decide_band(
        actor=senior, application=app, band="A", reason="Medical priority", decided_on=promoted_on
    )
    app.refresh_from_db()
    assert app.band == "A" and app.effective_date == promoted_on
    assert decision.expires_on == domain.add_months(promoted_on, 3)  # band A lasts 3 months by default
    assert app.band_expires == decision.expires_on and decision.decided_by == senior
    lettings.decide_band(
        actor=senior,
        application=app,
        band="C",
        reason="Medical need met",
        decided_on=promoted_on + dt.timedelta(1),
    )
    app.refresh_from_db()
    assert app.band == "C" and app.effective_date == promoted_on and app.band_expires is None


def test_change_of_circumstances_recomputes_bedrooms(senior: Any, wychavon: Any, household: Any) -> None:
    app = live_application(senior, wychavon, household.applicant)
    assert app.computed_bedrooms == 1
    lettings.change_circumstances(
        actor=senior, application=app, members=family_members(household), medical_needs="Asthma"
    )
    app.refresh_from_db()
    assert app.computed_bedrooms == 3 and app.medical_needs == "Asthma"
    assert "Change of circumstances" in [e.summary for e in audit.history_for(app)]


def test_suspend_cancel_and_renew(senior: Any, wychavon: Any, household: Any) -> None:
    app = live_application(senior, wychavon, household.applicant)
    with pytest.raises(ValidationError, match="Enter the reason"):
        lettings.set_status(actor=senior, application=app, status="suspended", reason="")
    lettings.set_status(
        actor=senior,
        application=app,
        status="suspended",
        reason="Rent arrears",
        until=timezone.localdate() + dt.timedelta(days=90),
    )
    app.refresh_from_db()
    assert app.status == "suspended" and app.suspended_until
    lettings.set_status(actor=senior, application=app, status="live", reason="Arrears cleared")
    lettings.renew_application(actor=senior, application=app)
    app.refresh_from_db()
    assert app.status == "live" and app.renewal_due > timezone.localdate()


def test_policy_versions_keep_history(admin_user: Any, senior: Any) -> None:
    assert lettings.current_policy().band_codes == ["A", "B", "C", "D"]
    later = timezone.localdate() - dt.timedelta(days=1)
    lettings.set_policy(actor=admin_user, effective_from=later, bid_limit=2)
    assert lettings.current_policy().bid_limit == 2
    assert lettings.current_policy(later - dt.timedelta(days=1)).bid_limit == 3
    with pytest.raises(PermissionDenied):
        lettings.set_policy(actor=senior, effective_from=later + dt.timedelta(days=1), bid_limit=4)
    with pytest.raises(ValidationError) as exc:
        lettings.set_policy(actor=admin_user, effective_from=later, bands=[{"code": "A"}, {"code": "A"}])
    assert set(messages(exc.value)) == {"effective_from", "bands"}
    assert SchemePolicy.objects.count() == 1


# --- adverts and bids ---------------------------------------------------------------------------


def test_advert_needs_a_void_home_of_the_officers_landlord(
    senior: Any, malvern_officer: Any, wychavon: Any, cycle: Any
) -> None:
    home = make_home(senior, "1 Bridge Street")
    with pytest.raises(PermissionDenied):
        lettings.create_advert(actor=malvern_officer, cycle=cycle, property=home, landlord=wychavon)
    advert = lettings.create_advert(actor=senior, cycle=cycle, property=home, landlord=wychavon)
    assert advert.bedrooms == 2
    with pytest.raises(ValidationError, match="already advertised"):
        lettings.create_advert(actor=senior, cycle=cycle, property=home, landlord=wychavon)


def test_bid_limit_window_and_eligibility(senior: Any, wychavon: Any, cycle: Any) -> None:
    app = live_application(senior, wychavon, make_person(senior, "Bea", 30))  # needs 1 bedroom
    adverts = [
        lettings.create_advert(
            actor=senior, cycle=cycle, property=make_home(senior, f"{n} Mill Lane", 1), landlord=wychavon
        )
        for n in range(4)
    ]
    bids = [lettings.place_bid(actor=senior, application=app, advert=a) for a in adverts[:3]]
    with pytest.raises(ValidationError) as exc:
        lettings.place_bid(actor=senior, application=app, advert=adverts[3])
    assert "the limit is 3" in messages(exc.value)["advert"][0]
    assert Bid.objects.filter(application=app, status="live").count() == 3
    # withdrawing frees a slot
    lettings.withdraw_bid(actor=senior, bid=bids[0])
    lettings.place_bid(actor=senior, application=app, advert=adverts[3])
    # a home the applicant is not eligible for
    big = lettings.create_advert(
        actor=senior, cycle=cycle, property=make_home(senior, "9 Mill Lane", 3), landlord=wychavon
    )
    lettings.withdraw_bid(actor=senior, bid=bids[1])
    with pytest.raises(ValidationError) as exc:
        lettings.place_bid(actor=senior, application=app, advert=big)
    assert messages(exc.value)["advert"] == [
        "The applicant is not eligible for this home. The home's size does not match the household's bedroom need."
    ]
    # after close
    with pytest.raises(ValidationError, match="has closed"):
        lettings.place_bid(actor=senior, application=app, advert=adverts[0], now=cycle.closes_at)
    assert Bid.objects.filter(application=app, status="live").count() == 2


def _shortlist_setup(senior: Any, wychavon: Any, cycle: Any) -> tuple[Any, list[Any]]:
    advert = lettings.create_advert(
        actor=senior, cycle=cycle, property=make_home(senior, "4 Abbey Road", 1), landlord=wychavon
    )
    a_band = live_application(senior, wychavon, make_person(senior, "Ann", 30), band="A")
    c_old = live_application(
        senior,
        wychavon,
        make_person(senior, "Cal", 30),
        band="C",
        registration_date=timezone.localdate() - dt.timedelta(days=900),
    )
    c_new = live_application(senior, wychavon, make_person(senior, "Cee", 30), band="C")
    changed = live_application(senior, wychavon, make_person(senior, "Dee", 30), band="B")
    apps = [a_band, c_old, c_new, changed]
    for app in apps:
        lettings.place_bid(actor=senior, application=app, advert=advert)
    # after bidding, Dee's household grows: passed over at close for size
    lettings.override_bedroom_need(actor=senior, application=changed, bedrooms=2, reason="Carer moved in")
    return advert, apps


def test_close_cycle_shortlists_in_rule_order(senior: Any, wychavon: Any, cycle: Any) -> None:
    advert, (a_band, c_old, c_new, changed) = _shortlist_setup(senior, wychavon, cycle)
    with pytest.raises(ValidationError, match="shortlist after that"):
        lettings.close_cycle(actor=senior, cycle=cycle)
    made = lettings.close_cycle(actor=senior, cycle=cycle, now=cycle.closes_at + dt.timedelta(minutes=1))
    assert made == 4
    entries = selectors.shortlist_of(advert)
    assert [(e.application_id, e.position, e.skipped_reason) for e in entries] == [
        (a_band.pk, 1, ""),
        (changed.pk, None, "bedroom_size"),
        (c_old.pk, 2, ""),
        (c_new.pk, 3, ""),
    ]
    advert.refresh_from_db()
    assert advert.status == Advert.Status.SHORTLISTED
    # closing again changes nothing
    assert lettings.close_cycle(actor=senior, cycle=cycle, now=cycle.closes_at + dt.timedelta(hours=1)) == 0
    assert ShortlistEntry.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_two_officers_closing_at_once_make_one_shortlist(senior: Any, wychavon: Any, cycle: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; the double call above covers SQLite")
    advert, _ = _shortlist_setup(senior, wychavon, cycle)
    barrier = threading.Barrier(2)
    results: list[Any] = []

    def close() -> None:
        try:
            barrier.wait()
            results.append(
                lettings.close_cycle(actor=senior, cycle=cycle, now=cycle.closes_at + dt.timedelta(1))
            )
        except Exception as exc:  # pragma: no cover - reported below
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=close) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [0, 4]
    assert ShortlistEntry.objects.filter(advert=advert).count() == 4


# --- shortlist, offers, lets --------------------------------------------------------------------


def test_bypass_offer_refuse_withdraw_accept(senior: Any, wychavon: Any, cycle: Any) -> None:
    advert, (a_band, c_old, c_new, _) = _shortlist_setup(senior, wychavon, cycle)
    lettings.close_cycle(actor=senior, cycle=cycle, now=cycle.closes_at + dt.timedelta(minutes=1))
    top = selectors.shortlist_of(advert)[0]
    with pytest.raises(ValidationError, match="Enter why"):
        lettings.bypass(actor=senior, entry=top, reason=" ")
    lettings.bypass(actor=senior, entry=top, reason="Former tenant arrears over £1,000")
    offer = lettings.make_offer(actor=senior, advert=advert)
    assert offer.application == c_old
    # the landlord withdraws: not a refusal
    lettings.withdraw_offer(actor=senior, offer=offer, reason="Gas fault found at viewing")
    assert not Offer.objects.filter(status="refused").exists()
    offer = lettings.make_offer(actor=senior, advert=advert)
    assert offer.application == c_new
    with pytest.raises(ValidationError, match="reason"):
        lettings.refuse_offer(actor=senior, offer=offer, reason="", unreasonable=True)
    lettings.refuse_offer(actor=senior, offer=offer, reason="Too far from school", unreasonable=False)
    with pytest.raises(ValidationError, match="No bidder is left"):
        lettings.make_offer(actor=senior, advert=advert)


def test_acceptance_creates_the_tenancy(senior: Any, wychavon: Any, cycle: Any) -> None:
    advert, (a_band, *_rest) = _shortlist_setup(senior, wychavon, cycle)
    lettings.close_cycle(actor=senior, cycle=cycle, now=cycle.closes_at + dt.timedelta(minutes=1))
    offer = lettings.make_offer(actor=senior, advert=advert, viewing_at=timezone.now())
    lettings.accept_offer(actor=senior, offer=offer, start_date=timezone.localdate())
    offer.refresh_from_db()
    a_band.refresh_from_db()
    advert.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED and offer.tenancy is not None
    assert a_band.status == Application.Status.HOUSED
    assert advert.status == Advert.Status.LET
    tenancy = offer.tenancy
    assert tenancy.property_id == advert.property_id
    assert [p.person_id for p in tenancy.parties.all()] == [a_band.applicant_id]
    with pytest.raises(ValidationError, match="already been accepted"):
        lettings.refuse_offer(actor=senior, offer=offer, reason="Changed mind", unreasonable=True)
    assert selectors.lets_by_band(senior) == [{"band": "A", "count": 1}]
    feedback = selectors.lettings_feedback()
    assert feedback[0]["bids"] == 4 and feedback[0]["band"] == "A"


def test_unreasonable_refusals_bring_the_scheme_penalty(admin_user: Any, senior: Any, wychavon: Any) -> None:
    lettings.set_policy(
        actor=admin_user, effective_from=timezone.localdate() - dt.timedelta(days=1), refusal_limit=2
    )
    app = live_application(senior, wychavon, make_person(senior, "Ria", 30), band="A")
    for n in range(2):
        now = timezone.now()
        cycle = lettings.open_cycle(
            actor=senior, opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=1)
        )
        advert = lettings.create_advert(
            actor=senior, cycle=cycle, property=make_home(senior, f"{n} Refusal Row", 1), landlord=wychavon
        )
        lettings.place_bid(actor=senior, application=app, advert=advert)
        lettings.close_cycle(actor=senior, cycle=cycle, now=cycle.closes_at)
        offer = lettings.make_offer(actor=senior, advert=advert)
        lettings.refuse_offer(actor=senior, offer=offer, reason="Does not like the area", unreasonable=True)
    app.refresh_from_db()
    assert app.status == Application.Status.SUSPENDED
    assert app.suspended_until is not None and app.suspended_until > timezone.localdate() + dt.timedelta(
        days=300
    )


def test_register_statistics(senior: Any, wychavon: Any, household: Any) -> None:
    live_application(senior, wychavon, make_person(senior, "One", 30), band="A")
    live_application(senior, wychavon, make_person(senior, "Two", 30), band="A")
    live_application(senior, wychavon, household.applicant, band="B", members=family_members(household))
    assert selectors.register_by_band_and_need(senior) == [
        {"band": "A", "need": 1, "count": 2},
        {"band": "B", "need": 3, "count": 1},
    ]


def test_copy_text_escapes() -> None:
    assert _copy_text(None) == "\\N"
    assert _copy_text(dt.date(2026, 3, 2)) == "2026-03-02"
    assert _copy_text("a\tb\\c\nd") == "a\\tb\\\\c\\nd"
    assert _copy_text(7) == "7"


def test_automatic_bids_for_the_top_band(admin_user: Any, senior: Any, wychavon: Any, cycle: Any) -> None:
    with pytest.raises(ValidationError, match="does not bid automatically"):
        lettings.place_automatic_bids(actor=senior, cycle=cycle)
    lettings.set_policy(
        actor=admin_user,
        effective_from=timezone.localdate() - dt.timedelta(days=1),
        auto_bid_top_band_after_days=30,
    )
    waited = live_application(
        senior,
        wychavon,
        make_person(senior, "Long", 30),
        band="A",
        registration_date=timezone.localdate() - dt.timedelta(days=60),
    )
    recent = live_application(
        senior,
        wychavon,
        make_person(senior, "New", 30),
        band="A",
        registration_date=timezone.localdate() - dt.timedelta(days=10),
    )
    lower = live_application(
        senior,
        wychavon,
        make_person(senior, "Low", 30),
        band="B",
        registration_date=timezone.localdate() - dt.timedelta(days=90),
    )
    for n in range(4):
        lettings.create_advert(
            actor=senior, cycle=cycle, property=make_home(senior, f"{n} Auto Row", 1), landlord=wychavon
        )
    lettings.create_advert(
        actor=senior, cycle=cycle, property=make_home(senior, "9 Auto Row", 2), landlord=wychavon
    )
    assert lettings.place_automatic_bids(actor=senior, cycle=cycle) == 3
    bids = Bid.objects.filter(application=waited)
    assert bids.count() == 3 and {b.channel for b in bids} == {"automatic"}
    assert not Bid.objects.filter(application__in=[recent, lower]).exists()
    assert lettings.place_automatic_bids(actor=senior, cycle=cycle) == 0  # once only


def test_waiting_time_by_size(senior: Any, wychavon: Any, cycle: Any) -> None:
    advert, (a_band, *_rest) = _shortlist_setup(senior, wychavon, cycle)
    lettings.close_cycle(actor=senior, cycle=cycle, now=cycle.closes_at + dt.timedelta(minutes=1))
    offer = lettings.make_offer(actor=senior, advert=advert)
    lettings.accept_offer(actor=senior, offer=offer, start_date=timezone.localdate())
    (row,) = selectors.waiting_time_by_size(senior)
    assert row["bedrooms"] == 1 and row["lets"] == 1
    assert row["average_days"] == (timezone.localdate() - a_band.registration_date).days


def test_review_requests(senior: Any, wychavon: Any, household: Any) -> None:
    app = live_application(senior, wychavon, household.applicant)
    with pytest.raises(ValidationError) as exc:
        lettings.request_review(actor=senior, application=app, decision="band", grounds="")
    assert messages(exc.value) == {"grounds": ["Enter the applicant's grounds for the review."]}
    review = lettings.request_review(
        actor=senior, application=app, decision="band", grounds="Medical evidence missed"
    )
    with pytest.raises(ValidationError, match="already waiting"):
        lettings.request_review(actor=senior, application=app, decision="band", grounds="Again")
    # the officer who made the band decision cannot review it
    with pytest.raises(ValidationError, match="did not make the band decision"):
        lettings.decide_review(actor=senior, review=review, outcome="upheld", reason="Assessed correctly")
    reviewer = make_user("reviewer", permissions.SENIOR, wychavon)
    lettings.decide_review(
        actor=reviewer, review=review, outcome="changed", reason="Evidence shows high need"
    )
    review.refresh_from_db()
    assert review.outcome == "changed" and review.decided_by == reviewer
    assert "review decided" in [e.action for e in audit.history_for(app)]


def test_ended_suspensions_are_lifted_once(senior: Any, wychavon: Any, household: Any) -> None:
    app = live_application(senior, wychavon, household.applicant)
    lettings.set_status(
        actor=senior,
        application=app,
        status="suspended",
        reason="Arrears",
        until=timezone.localdate() + dt.timedelta(days=10),
    )
    assert lettings.lift_ended_suspensions(actor=senior) == 0
    assert lettings.lift_ended_suspensions(actor=senior, on=timezone.localdate() + dt.timedelta(days=11)) == 1
    app.refresh_from_db()
    assert app.status == "live" and app.suspended_until is None
    assert lettings.lift_ended_suspensions(actor=senior, on=timezone.localdate() + dt.timedelta(days=11)) == 0


def test_advert_band_quota(senior: Any, wychavon: Any, cycle: Any) -> None:
    with pytest.raises(ValidationError, match="one of the scheme's bands"):
        lettings.create_advert(
            actor=senior,
            cycle=cycle,
            property=make_home(senior, "1 Quota Close", 1),
            landlord=wychavon,
            preferred_band="Z",
        )
    advert = lettings.create_advert(
        actor=senior,
        cycle=cycle,
        property=make_home(senior, "2 Quota Close", 1),
        landlord=wychavon,
        preferred_band="D",
    )
    high = live_application(senior, wychavon, make_person(senior, "High", 30), band="A")
    low = live_application(senior, wychavon, make_person(senior, "Lowest", 30), band="D")
    for app in (high, low):
        lettings.place_bid(actor=senior, application=app, advert=advert)
    lettings.close_cycle(actor=senior, cycle=cycle, now=cycle.closes_at)
    assert [e.application_id for e in selectors.shortlist_of(advert)] == [low.pk, high.pk]


def test_a_suspended_bidder_is_not_offered_the_home(senior: Any, wychavon: Any, cycle: Any) -> None:
    advert, (a_band, c_old, *_rest) = _shortlist_setup(senior, wychavon, cycle)
    lettings.close_cycle(actor=senior, cycle=cycle, now=cycle.closes_at + dt.timedelta(minutes=1))
    lettings.set_status(actor=senior, application=a_band, status="suspended", reason="Under investigation")
    offer = lettings.make_offer(actor=senior, advert=advert)
    assert offer.application == c_old
