"""Households and tenancies: who lives in each home now, and the agreements before."""

from __future__ import annotations

import bisect
import random
from datetime import date, timedelta

from hearth.demo.generator.helpers import (
    END_REASONS,
    INTRO_DONE,
    MOVE_REASONS,
    REL,
    ST,
    TK,
    K,
    add_years,
    pick,
    years,
)
from hearth.demo.generator.people import BoroughPeople
from hearth.demo.generator.records import Chunk, Home, Let, Who
from hearth.demo.generator.tables import HOUSEHOLD, MEMBER, TENANCY
from hearth.properties.models import Property


class BoroughTenancies(BoroughPeople):
    """The third stage of `Borough`: households, current tenancies and their history."""

    def household(
        self, rng: random.Random, chunk: Chunk, home: Home, start: date, tenure_years: float
    ) -> tuple[list[Who], list[tuple[Who, date]], list[Who]]:
        """A household living in `home` since `start`: (tenants, occupants with dates, everyone)."""
        as_of = self.as_of
        if home.kind == K.BUNGALOW:
            start_age = rng.uniform(55, 78)
        else:
            start_age = pick(rng, [((18, 25), 20), ((25, 40), 40), ((40, 60), 30), ((60, 80), 10)])
            start_age = rng.uniform(*start_age)
        age = start_age + tenure_years
        if age > 97:
            age = max(18 + tenure_years, rng.uniform(80, 97))
        if home.bedrooms <= 1:
            comp = pick(rng, [("single", 82), ("couple", 18)])
        else:
            comp = pick(rng, [("single", 68), ("couple", 11), ("parent", 10), ("family", 5), ("relative", 6)])
        if comp in ("parent", "family") and not (19 < age < 58):
            comp = "single" if rng.random() < 0.7 else "couple"
        origin = rng.choices(self.pools.origins, self.pools.origin_weights)[0]
        sex = rng.choice("MF") if comp != "parent" else pick(rng, [("F", 85), ("M", 15)])
        address = home.address
        lead = self.person(
            rng, chunk, dob=self.dob_for_age(rng, age), sex=sex, origin=origin, address=address
        )
        everyone = [lead]
        tenants = [lead]
        occupants: list[tuple[Who, date]] = []
        members: list[tuple[Who, str, date]] = [(lead, REL.LEAD, start)]
        if comp in ("couple", "family"):
            p_age = max(19.0 + tenure_years, age + rng.uniform(-8, 8))
            partner = self.person(
                rng,
                chunk,
                dob=self.dob_for_age(rng, p_age),
                sex="F" if sex == "M" and rng.random() < 0.95 else "M",
                origin=origin if rng.random() < 0.85 else None,
                last=lead.last if rng.random() < 0.6 else None,
                address=address,
                language=lead.language,
            )
            everyone.append(partner)
            joined = (
                start
                if rng.random() < 0.8
                else start + timedelta(days=rng.randrange(max(1, (as_of - start).days)))
            )
            members.append((partner, REL.PARTNER, joined))
            if joined == start and home.ownership == Property.Ownership.COUNCIL and rng.random() < 0.55:
                tenants.append(partner)
            else:
                occupants.append((partner, joined))
        if comp in ("parent", "family"):
            for _ in range(pick(rng, [(1, 60), (2, 30), (3, 10)])):
                c_age = rng.uniform(0, min(24.0, age - 17))
                dob = self.dob_for_age(rng, c_age)
                child = self.person(
                    rng,
                    chunk,
                    dob=dob,
                    origin=origin,
                    last=lead.last,
                    address=address,
                    language=lead.language,
                )
                joined = max(start, dob)
                everyone.append(child)
                members.append((child, REL.CHILD, joined))
                occupants.append((child, joined))
        if comp == "relative":
            kin: str
            if age < 55 and rng.random() < 0.6:
                kin, r_age = REL.PARENT, min(99.0, age + rng.uniform(20, 34))
            elif age > 45:
                kin, r_age = REL.CHILD, rng.uniform(19, min(40.0, age - 18))
            else:
                kin, r_age = REL.SIBLING, max(18.0, age + rng.uniform(-10, 10))
            relative = self.person(
                rng,
                chunk,
                dob=self.dob_for_age(rng, r_age),
                origin=origin,
                last=lead.last if rng.random() < 0.8 else None,
                address=address,
                language=lead.language,
            )
            everyone.append(relative)
            members.append((relative, kin, start))
            occupants.append((relative, start))
        hh_id = self.new_id(HOUSEHOLD)
        chunk.households.append((hh_id, lead))
        for who, relation, joined in members:
            chunk.members.append((self.new_id(MEMBER), hh_id, who.id, relation, joined, None))
        return tenants, occupants, everyone

    def let(
        self,
        chunk: Chunk,
        property_id: int,
        kind: str,
        start: date,
        end: date | None,
        reason: str,
        tenants: list[Who],
        occupants: list[tuple[Who, date]],
        address: str,
    ) -> Let:
        t = Let(self.new_id(TENANCY), property_id, kind, start, end, reason, tenants, occupants, address)
        chunk.lets.append(t)
        return t

    def current_let(self, rng: random.Random, chunk: Chunk, home: Home) -> Let:
        as_of = self.as_of
        earliest = max(home.built + timedelta(days=90), date(1965, 1, 1))
        max_days = max(30, (as_of - earliest).days)
        if home.ownership == Property.Ownership.LEASEHOLD:
            first_sale = max(date(1981, 4, 1), home.built + timedelta(days=365))
            span = max(30, (as_of - first_sale).days)
            start = as_of - timedelta(
                days=rng.randint(30, span) if rng.random() < 0.5 else rng.randint(30, min(span, 15 * 365))
            )
            n = 2 if rng.random() < 0.3 else 1
            origin = rng.choices(self.pools.origins, self.pools.origin_weights)[0]
            lead_age = rng.uniform(25, 60) + (as_of - start).days / 365.25
            lead_age = min(lead_age, 95)
            address = home.address if rng.random() < 0.75 else self.private_address(rng)
            lessees = [
                self.person(rng, chunk, dob=self.dob_for_age(rng, lead_age), origin=origin, address=address)
            ]
            if n == 2:
                lessees.append(
                    self.person(
                        rng,
                        chunk,
                        dob=self.dob_for_age(
                            rng, max(19.0 + (as_of - start).days / 365.25, lead_age + rng.uniform(-6, 6))
                        ),
                        origin=origin,
                        last=lessees[0].last,
                        address=address,
                    )
                )
            return self.let(chunk, home.id, TK.LEASEHOLD, start, None, "", lessees, [], home.address)

        r = rng.random()
        if r < 0.05:
            kind, days = TK.TEMPORARY, rng.randint(7, 2 * 365)
        elif r < 0.09:
            since = (as_of - date(2012, 4, 1)).days
            kind, days = TK.FLEXIBLE, rng.randint(30, min(5 * 365, since))
        elif r < 0.12:
            kind, days = TK.NON_SECURE, rng.randint(14, 3 * 365)
        else:
            days = int(rng.expovariate(1 / (9 * 365)))
            kind = TK.INTRODUCTORY if days < 365 and rng.random() < 0.85 else TK.SECURE
        days = max(1, min(days, max_days))
        if kind == TK.INTRODUCTORY:
            days = min(days, 364)
        start = as_of - timedelta(days=days)
        tenants, occupants, _ = self.household(rng, chunk, home, start, days / 365.25)
        return self.let(chunk, home.id, kind, start, None, "", tenants, occupants, home.address)

    def history(
        self, rng: random.Random, chunk: Chunk, home: Home, by_start: list[tuple[int, int]], movers: list[Let]
    ) -> None:
        """Ended agreements before the current one (or before a void), newest first."""
        as_of = self.as_of
        earliest = max(home.built + timedelta(days=90), date(1965, 1, 1))
        cur = home.current
        if home.ownership == Property.Ownership.LEASEHOLD:
            if cur and rng.random() < 0.2:
                sold = cur.start - timedelta(days=1)
                start = sold - timedelta(days=rng.randint(365, 12 * 365))
                if start > max(earliest, date(1981, 4, 1)):
                    who = self.person(
                        rng, chunk, dob=start - years(rng.uniform(25, 55)), address=self.private_address(rng)
                    )
                    self.let(
                        chunk,
                        home.id,
                        TK.LEASEHOLD,
                        start,
                        sold,
                        "Lease assigned: flat sold",
                        [who],
                        [],
                        home.address,
                    )
            return
        if cur is not None:
            hi = cur.start - timedelta(days=1)
            if cur.kind == TK.SECURE and 365 <= (as_of - cur.start).days <= 5 * 365 and rng.random() < 0.35:
                intro_start = add_years(cur.start, -1)
                if intro_start > earliest and all(add_years(w.dob, 18) <= intro_start for w in cur.tenants):
                    self.let(
                        chunk,
                        home.id,
                        TK.INTRODUCTORY,
                        intro_start,
                        hi,
                        INTRO_DONE,
                        list(cur.tenants),
                        [(w, max(d, intro_start)) for w, d in cur.occupants if d < hi],
                        home.address,
                    )
                    hi = intro_start - timedelta(days=1)
            count = pick(rng, [(0, 82), (1, 15), (2, 3)])
            lo_gap, hi_gap = 7, 120
        elif home.status == ST.VOID:
            hi, count, lo_gap, hi_gap = as_of, 1 + (rng.random() < 0.15), 3, 150
        elif home.status == ST.UNDER_OFFER:
            hi, count, lo_gap, hi_gap = as_of, 1, 20, 120
        elif home.status == ST.MAJOR_WORKS:
            hi, count, lo_gap, hi_gap = as_of, 1, 60, 500
        else:
            hi, count, lo_gap, hi_gap = as_of, int(rng.random() < 0.5), 200, 2000
        for _ in range(count):
            # the earlier agreement ended between hi - hi_gap and hi - lo_gap
            end_lo, end_hi = hi - timedelta(days=hi_gap), hi - timedelta(days=lo_gap)
            if end_lo <= earliest + timedelta(days=365):
                return
            reason = pick(rng, END_REASONS + MOVE_REASONS)
            tenants: list[Who] = []
            end: date | None = None
            if reason in dict(MOVE_REASONS):
                # the same people moved to another home of this chunk: their new tenancy began
                # the day after this one ended
                mover = self._mover(rng, by_start, movers, end_lo, end_hi)
                if mover is not None:
                    end = mover.start - timedelta(days=1)
                    tenants = mover.tenants
            if not tenants:
                reason = pick(rng, END_REASONS)
                end = end_lo + timedelta(days=rng.randrange(max(1, (end_hi - end_lo).days)))
            if end is None:
                return
            length = max(180, int(rng.expovariate(1 / (9 * 365))))
            start = end - timedelta(days=length)
            if start < earliest:
                start = earliest + timedelta(days=rng.randrange(60))
                if start >= end - timedelta(days=90):
                    return
            if tenants:
                adult_from = max(add_years(t.dob, 18) for t in tenants)
                if adult_from > start:
                    start = adult_from
                    if start >= end - timedelta(days=90):
                        return
            else:
                if reason in ("Tenant died", "Moved into residential care"):
                    age_at_end = rng.uniform(68, 96)
                else:
                    age_at_end = rng.uniform(22, 70)
                dob = end - years(age_at_end) - timedelta(days=rng.randrange(365))
                start = max(start, add_years(dob, 18))
                if start >= end - timedelta(days=90):
                    return
                tenants = [self.person(rng, chunk, dob=dob, address="")]
                if rng.random() < 0.08:
                    tenants.append(
                        self.person(
                            rng,
                            chunk,
                            dob=dob + timedelta(days=rng.randint(-2000, 0)),
                            last=tenants[0].last,
                            address="",
                        )
                    )
            kind: str = TK.SECURE
            if start >= date(2012, 4, 1) and rng.random() < 0.08:
                kind = TK.FLEXIBLE
            elif rng.random() < 0.04:
                kind = TK.NON_SECURE
            self.let(chunk, home.id, kind, start, end, reason, tenants, [], home.address)
            hi = start - timedelta(days=1)
            lo_gap, hi_gap = 7, 150

    @staticmethod
    def _mover(
        rng: random.Random, by_start: list[tuple[int, int]], movers: list[Let], lo: date, hi: date
    ) -> Let | None:
        # movers' tenancies that started on a day in (lo, hi]: their previous one ended the day before
        i = bisect.bisect_right(by_start, (lo.toordinal() + 1, -1))
        j = bisect.bisect_right(by_start, (hi.toordinal() + 1, 1 << 62))
        if j <= i:
            return None
        return movers[by_start[rng.randrange(i, j)][1]]
