"""The generator: a chunk of estates built, then turned into rows and search entries."""

from __future__ import annotations

from typing import Any

from hearth.core import references
from hearth.demo.generator.estates import BoroughEstates
from hearth.demo.generator.records import Chunk
from hearth.demo.generator.tables import (
    ALERT,
    BLOCK,
    ESTATE,
    HOUSEHOLD,
    MEMBER,
    PARTY,
    PERSON,
    PROPERTY,
    SEARCH,
    TENANCY,
    search_row,
)
from hearth.people.search import person_entry
from hearth.properties.search import block_entry, estate_entry, property_entry
from hearth.tenancies.models import TenancyParty
from hearth.tenancies.search import tenancy_entry


class Borough(BoroughEstates):
    """The whole generator. Each stage is a class adding to the one before: `BoroughPlan` (plan,
    ids, places), `BoroughPeople`, `BoroughTenancies`, `BoroughEstates` (one chunk), and here the
    rows and search entries of a built chunk."""

    def materialise(self, chunk: Chunk) -> Chunk:
        """Rows and search entries. References continue the counters from where the run began;
        the writing transaction reserves the same numbers (`reserve_references`)."""
        now = self.now
        first: dict[str, int] = {}
        for name, n in (
            ("E", len(chunk.estates)),
            ("B", len(chunk.blocks)),
            ("PR", len(chunk.props)),
            ("P", len(chunk.people)),
            ("H", len(chunk.households)),
            ("T", len(chunk.lets)),
        ):
            first[name] = self.next_ref[name]
            self.next_ref[name] += n
            chunk.references[name] = (first[name], n)
        entries = chunk.entries
        row: tuple[Any, ...]
        for i, (eid, name, ward) in enumerate(chunk.estates):
            row = (eid, references.format_reference("E", first["E"] + i, 3), name, ward)
            chunk.add(ESTATE, row)
            entries.append(estate_entry(ESTATE.view(row)))
        for i, (bid, estate_id, name, street, town, code, storeys, asbestos, fra) in enumerate(chunk.blocks):
            row = (
                bid,
                references.format_reference("B", first["B"] + i, 4),
                estate_id,
                name,
                street,
                town,
                code,
                storeys,
                asbestos,
                fra,
            )
            chunk.add(BLOCK, row)
            entries.append(block_entry(BLOCK.view(row)))
        for i, p in enumerate(chunk.props):
            row = (p[0], references.format_reference("PR", first["PR"] + i, 7), *p[1:], now, now)
            chunk.add(PROPERTY, row)
            entries.append(property_entry(PROPERTY.view(row)))
        people_rows = chunk.rows.setdefault(PERSON.name, [])
        for i, w in enumerate(chunk.people):
            ref = references.format_reference("P", first["P"] + i, 7)
            row = (
                w.id,
                ref,
                w.title,
                w.first,
                w.middle,
                w.last,
                w.preferred,
                w.dob,
                w.ni,
                w.email,
                w.phone,
                w.address,
                w.contact,
                w.language,
                w.interpreter,
                now,
                now,
            )
            people_rows.append(row)
            entries.append(person_entry(PERSON.view(row)))
        for i, (hid, lead) in enumerate(chunk.households):
            chunk.add(
                HOUSEHOLD,
                (hid, references.format_reference("H", first["H"] + i, 7), f"{lead.last} household", now),
            )
        chunk.rows[MEMBER.name] = chunk.members
        parties = chunk.rows.setdefault(PARTY.name, [])
        for i, t in enumerate(chunk.lets):
            row = (
                t.id,
                references.format_reference("T", first["T"] + i, 7),
                t.property_id,
                t.kind,
                t.start,
                t.end,
                t.reason,
                now,
                now,
            )
            chunk.add(TENANCY, row)
            for who in t.tenants:
                parties.append((self.new_id(PARTY), t.id, who.id, TenancyParty.Role.TENANT, t.start, t.end))
            for who, joined in t.occupants:
                parties.append((self.new_id(PARTY), t.id, who.id, TenancyParty.Role.OCCUPANT, joined, t.end))
            entries.append(tenancy_entry(TENANCY.view(row), [w.name for w in t.tenants], t.address))
        chunk.rows[ALERT.name] = chunk.alerts
        rows = chunk.rows.setdefault(SEARCH.name, [])
        for e in entries:
            rows.append(search_row(self.new_id(SEARCH), e))
        return chunk
