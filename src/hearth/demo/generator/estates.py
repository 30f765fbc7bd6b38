"""One chunk of estates: blocks, homes, garages, stores, shops and communal areas, and who holds them."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hearth.demo import pools as P
from hearth.demo.generator.helpers import ST, TK, K, add_years, pick, spread, years
from hearth.demo.generator.records import Chunk, EstatePlan, Home, PropertyRow, Site, Who
from hearth.demo.generator.tables import BLOCK, ESTATE, PROPERTY
from hearth.demo.generator.tenancies import BoroughTenancies
from hearth.properties.models import Property


class BoroughEstates(BoroughTenancies):
    """The fourth stage of `Borough`: the estates of one chunk, their homes and tenancies."""

    def build_chunk(self, number: int, plans: list[EstatePlan]) -> Chunk:
        rng = random.Random(f"hearth-demo:{self.seed}:chunk:{number}")
        chunk = Chunk()
        homes: list[Home] = []
        lettable: list[tuple[int, str, str, bool]] = []  # garages, stores, shops: id, kind, address, let?
        pools = self.pools
        as_of = self.as_of

        for plan in plans:
            estate_id = self.new_id(ESTATE)
            district = P.ESTATE_DISTRICTS[plan.index % len(P.ESTATE_DISTRICTS)]
            town = P.town_for(district)
            ward = P.WARDS[(district * 7 + plan.index // len(P.ESTATE_DISTRICTS)) % len(P.WARDS)]
            kind_of_estate = pick(rng, P.ESTATE_TYPES)
            base = rng.choice(P.ESTATE_PREFIXES) if rng.random() < 0.5 else rng.choice(pools.street_bases)
            estate_name = f"{base} {kind_of_estate}"
            chunk.estates.append((estate_id, estate_name, ward))
            built = date(
                pick(rng, [((1935, 1959), 20), ((1960, 1979), 50), ((1980, 1999), 20), ((2000, 2020), 10)])[
                    0
                ],
                1,
                1,
            )
            built = built.replace(
                year=rng.randint(built.year, built.year + (19 if built.year < 2000 else 20))
            )
            built = min(built, as_of - timedelta(days=3 * 365))
            used_streets: set[str] = set()
            streets = [self.street_name(rng, used_streets) for _ in range(rng.randint(1, 4))]
            n_flats = round(plan.homes * plan.flats_share)
            n_houses = plan.homes - n_flats
            blocks: list[tuple[int, str, str, str]] = []
            block_id: int | None

            # blocks of flats and maisonettes
            left = n_flats
            used_blocks: set[str] = set()
            while left > 0:
                style = pick(
                    rng, [("tower", 12 if left >= 40 else 0), ("medium", 28), ("low", 45), ("maisonette", 15)]
                )
                if style == "tower":
                    storeys, per_floor = rng.randint(10, 20), rng.randint(4, 6)
                elif style == "medium":
                    storeys, per_floor = rng.randint(5, 9), rng.randint(3, 5)
                elif style == "low":
                    storeys, per_floor = rng.randint(2, 4), rng.randint(2, 6)
                else:
                    storeys, per_floor = rng.randint(2, 4), rng.randint(3, 6)
                units = style == "maisonette" and (storeys // 2 or 1) * per_floor or storeys * per_floor
                units = min(units, left)
                left -= units
                street = rng.choice(streets)
                types = P.BLOCK_TYPES_TALL if storeys >= 10 else P.BLOCK_TYPES_LOW
                for _ in range(10):
                    name = f"{rng.choice(pools.block_bases)} {pick(rng, types)}"
                    if name not in used_blocks:
                        break
                used_blocks.add(name)
                block_id = self.new_id(BLOCK)
                code = self.new_postcode(district)
                old = built.year < 1980
                asbestos = old and rng.random() < 0.55
                fra = as_of - timedelta(days=rng.randint(20, 365 if storeys >= 6 else 3 * 365))
                chunk.blocks.append((block_id, estate_id, name, street, town, code, storeys, asbestos, fra))
                blocks.append((block_id, name, street, code))
                gas_block = storeys < 10 and rng.random() < 0.92 or storeys >= 10 and rng.random() < 0.1
                for i in range(units):
                    if style == "maisonette":
                        kind, floor, beds = (
                            K.MAISONETTE,
                            2 * (i // per_floor),
                            pick(rng, [(2, 40), (3, 45), (4, 15)]),
                        )
                    else:
                        floor = i // per_floor
                        kind = K.FLAT
                        beds = pick(rng, [(0, 5), (1, 38), (2, 40), (3, 15), (4, 2)])
                        if beds == 0:
                            kind = K.BEDSIT
                    site = Site(estate_id, block_id, f"Flat {i + 1} {name}", street, town, code)
                    asbestos_here = asbestos and rng.random() < 0.7
                    self._home(rng, chunk, homes, site, kind, beds, floor, built, asbestos_here, gas_block)

            # houses and bungalows along the streets
            per_street = spread(n_houses, [rng.uniform(0.5, 1.5) for _ in streets])
            for street, count in zip(streets, per_street, strict=True):
                skip13 = rng.random() < 0.5
                number = 0
                code = ""
                in_code = 0
                for _ in range(count):
                    number += 1
                    if skip13 and number == 13:
                        number += 1
                    if not code or in_code >= rng.randint(10, 20):
                        code, in_code = self.new_postcode(district), 0
                    in_code += 1
                    if rng.random() < 0.12:
                        kind, beds = K.BUNGALOW, pick(rng, [(1, 55), (2, 45)])
                    else:
                        kind, beds = K.HOUSE, pick(rng, [(2, 35), (3, 50), (4, 12), (5, 3)])
                    site = Site(estate_id, None, f"{number} {street}", "", town, code)
                    asbestos_here = built.year < 1980 and rng.random() < 0.35
                    gas = rng.random() < 0.9
                    self._home(rng, chunk, homes, site, kind, beds, 0, built, asbestos_here, gas)

            # garages, stores, shops, communal areas
            if plan.garages:
                street = rng.choice(streets)
                code = self.new_postcode(district)
                for i in range(plan.garages):
                    status = pick(rng, [(ST.LET, 80), (ST.VOID, 15), (ST.NOT_LETTABLE, 5)])
                    site = Site(estate_id, None, f"Garage {i + 1}", f"Rear of {street}", town, code)
                    pid = self._other(rng, chunk, site, K.GARAGE, status)
                    lettable.append((pid, K.GARAGE, site.address, status == ST.LET))
            for i in range(plan.stores):
                if blocks:
                    block_id, bname, street, code = rng.choice(blocks)
                    line1, line2 = f"Store {i + 1}", f"{bname}, {street}"
                else:
                    block_id, street, code = None, rng.choice(streets), self.new_postcode(district)
                    line1, line2 = f"Store {i + 1}", street
                status = pick(rng, [(ST.LET, 60), (ST.VOID, 40)])
                site = Site(estate_id, block_id, line1, line2, town, code)
                pid = self._other(rng, chunk, site, K.STORE, status)
                lettable.append((pid, K.STORE, site.address, status == ST.LET))
            if plan.shops:
                parade = f"{rng.choice(pools.street_bases)} Parade"
                code = self.new_postcode(district)
                for i in range(plan.shops):
                    line1 = f"{i + 1} {parade}"
                    status = pick(rng, [(ST.LET, 85), (ST.VOID, 15)])
                    site = Site(estate_id, None, line1, "", town, code)
                    pid = self._other(rng, chunk, site, K.SHOP, status, fra=True)
                    lettable.append((pid, K.SHOP, site.address, status == ST.LET))
            for _ in range(plan.communal):
                what = rng.choice(P.COMMUNAL_KINDS)
                if blocks and rng.random() < 0.5:
                    block_id, bname, street, code = rng.choice(blocks)
                    line1, line2 = f"{what}, {bname}", street
                else:
                    block_id, code = None, self.new_postcode(district)
                    line1, line2 = f"{what}, {estate_name}", rng.choice(streets)
                site = Site(estate_id, block_id, line1, line2, town, code)
                self._other(rng, chunk, site, K.COMMUNAL, ST.NOT_LETTABLE, fra=True, uprn=False)

        # current tenancies of homes, then history (movers are found among this chunk's homes)
        for home in homes:
            if home.status == ST.LET:
                home.current = self.current_let(rng, chunk, home)
        movers = [
            h.current
            for h in homes
            if h.current and h.current.kind in (TK.SECURE, TK.INTRODUCTORY, TK.FLEXIBLE)
        ]
        by_start = sorted((m.start.toordinal(), i) for i, m in enumerate(movers))
        for home in homes:
            self.history(rng, chunk, home, by_start, movers)
        residents = [h.current.tenants[0] for h in homes if h.current and h.current.kind != TK.LEASEHOLD]
        for pid, what, address, is_let in lettable:
            self._lettable_history(rng, chunk, pid, what, address, residents, current=is_let)
        return chunk

    def _home(
        self,
        rng: random.Random,
        chunk: Chunk,
        homes: list[Home],
        site: Site,
        kind: str,
        beds: int,
        floor: int,
        built: date,
        asbestos: bool,
        gas: bool,
    ) -> None:
        """A home (flat, maisonette, bedsit, house or bungalow): who owns it, whether it is let,
        adapted and has gas; kept in `homes` for its tenancies."""
        pid = self.new_id(PROPERTY)
        leasehold = kind in (K.FLAT, K.MAISONETTE) and built.year < 2005 and rng.random() < 0.105
        if leasehold:
            status = ST.LET
        else:
            status = pick(
                rng,
                [
                    (ST.LET, 915),
                    (ST.VOID, 45),
                    (ST.UNDER_OFFER, 12),
                    (ST.MAJOR_WORKS, 18),
                    (ST.NOT_LETTABLE, 10),
                ],
            )
        adapted = rng.random() < (
            0.35 if kind == K.BUNGALOW else 0.06 if floor == 0 and kind != K.HOUSE else 0.02
        )
        gas_due = None
        if gas and not leasehold and status != ST.NOT_LETTABLE:
            gas_due = self.as_of + timedelta(days=rng.randint(-25, 340))
        home = Home(
            pid,
            self.new_uprn(rng),
            site,
            kind,
            status,
            bedrooms=beds,
            floor=floor,
            adapted=adapted,
            ownership=Property.Ownership.LEASEHOLD if leasehold else Property.Ownership.COUNCIL,
            asbestos_present=asbestos,
            gas_safety_due=gas_due,
            built=built,
        )
        chunk.props.append(home.values())
        homes.append(home)

    def _other(
        self,
        rng: random.Random,
        chunk: Chunk,
        site: Site,
        kind: str,
        status: str,
        *,
        fra: bool = False,
        uprn: bool = True,
    ) -> int:
        """A garage, store, shop or communal area; it has a fire risk assessment date with `fra`,
        and a UPRN unless `uprn` is False."""
        pid = self.new_id(PROPERTY)
        fra_date = self.as_of - timedelta(days=rng.randint(30, 700)) if fra else None
        floor = 0 if kind in (K.SHOP, K.COMMUNAL) else None
        uprn_number = self.new_uprn(rng) if uprn else None
        row = PropertyRow(pid, uprn_number, site, kind, status, floor=floor, fire_risk_assessed_on=fra_date)
        chunk.props.append(row.values())
        return pid

    def _lettable_history(
        self,
        rng: random.Random,
        chunk: Chunk,
        pid: int,
        kind: str,
        address: str,
        residents: list[Who],
        current: bool,
    ) -> None:
        as_of = self.as_of
        tk = TK.COMMERCIAL if kind == K.SHOP else TK.GARAGE
        mean = 6 if kind == K.SHOP else 4

        def holder(start: date) -> list[Who]:
            if tk == TK.GARAGE and residents and rng.random() < 0.7:
                who = rng.choice(residents)
                if add_years(who.dob, 18) <= start:
                    return [who]
            dob = start - years(rng.uniform(25, 65))
            addr = address if tk == TK.COMMERCIAL else self.private_address(rng)
            return [self.person(rng, chunk, dob=dob, address=addr)]

        hi = as_of
        if current:
            days = min(int(rng.expovariate(1 / (mean * 365))) + 7, 20 * 365)
            start = as_of - timedelta(days=days)
            self.let(chunk, pid, tk, start, None, "", holder(start), [], address)
            hi = start - timedelta(days=rng.randint(7, 200))
        if rng.random() < 0.3:
            end = hi - timedelta(days=rng.randint(0, 400))
            start = end - timedelta(days=rng.randint(180, 8 * 365))
            reason = rng.choice(
                ["Licence ended by the licensee", "Ended for arrears", "Keys returned"]
                if tk == TK.GARAGE
                else ["Lease expired", "Business closed", "Lease surrendered"]
            )
            self.let(chunk, pid, tk, start, end, reason, holder(start), [], address)
