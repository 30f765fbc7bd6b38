"""People: residents with names, dates of birth, contact details and alerts."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hearth.demo import pools as P
from hearth.demo.generator.helpers import CAUTIONS, VULNERABILITIES, add_years, ascii_fold, pick, years
from hearth.demo.generator.plan import BoroughPlan
from hearth.demo.generator.records import Chunk, Who
from hearth.demo.generator.tables import ALERT, PERSON
from hearth.people.models import Alert, Person


class BoroughPeople(BoroughPlan):
    """The second stage of `Borough`: people and their alerts."""

    def person(
        self,
        rng: random.Random,
        chunk: Chunk,
        *,
        dob: date,
        sex: str | None = None,
        origin: str | None = None,
        last: str | None = None,
        address: str = "",
        language: str | None = None,
    ) -> Who:
        pools = self.pools
        origin = origin or rng.choices(pools.origins, pools.origin_weights)[0]
        names = pools.names[origin]
        sex = sex or rng.choice("MF")
        first_pool = names.male if sex == "M" else names.female
        age = (self.as_of - dob).days / 365.25
        adult = age >= 18
        first = rng.choice(first_pool)
        middle = ""
        if rng.random() < 0.3:
            middle = rng.choice(first_pool)
            if middle == first:
                middle = ""
        title = ""
        if adult:
            if rng.random() < 0.01:
                title = "Dr"
            elif rng.random() < 0.006:
                title = "Mx"
            elif sex == "M":
                title = "Mr"
            else:
                title = pick(rng, [("Ms", 40), ("Mrs", 42), ("Miss", 18)])
        if language is None:
            language = "English"
            for lang, p in names.languages:
                if rng.random() < p:
                    language = lang
                    break
        ni = None
        if age >= 16 and rng.random() < 0.9:
            while True:
                ni = P.ni_number(self.ni_ordinal, self.seed)
                self.ni_ordinal += 1
                if ni not in self.existing_ni:
                    break
        email = phone = ""
        contact = Person.ContactMethod.LETTER
        if adult:
            last_name = last or rng.choice(names.last)
            if rng.random() < 0.65:
                local = ascii_fold(f"{first}.{last_name}").lower().replace(" ", "").replace("'", "")
                email = (
                    f"{local}{rng.randint(1, 99)}@{rng.choice(('example.com', 'example.org', 'example.net'))}"
                )
            if rng.random() < 0.8:
                if rng.random() < 0.75:
                    phone = f"07700 900{rng.randrange(1000):03d}"
                else:
                    phone = (
                        rng.choice(("020 7946 0", "0113 496 0", "0161 496 0", "0121 496 0"))
                        + f"{rng.randrange(1000):03d}"
                    )
            r = rng.random()
            if email and r < 0.4:
                contact = Person.ContactMethod.EMAIL
            elif phone and r < 0.6:
                contact = Person.ContactMethod.TEXT if phone.startswith("07") else Person.ContactMethod.PHONE
            elif phone and r < 0.7:
                contact = Person.ContactMethod.PHONE
        else:
            last_name = last or rng.choice(names.last)
        who = Who(
            id=self.new_id(PERSON),
            title=title,
            first=first,
            middle=middle,
            last=last_name,
            preferred=rng.choice(names.female if sex == "F" else names.male)
            if adult and rng.random() < 0.02
            else "",
            dob=dob,
            ni=ni,
            email=email,
            phone=phone,
            address=address,
            contact=contact,
            language=language,
            interpreter=language != "English" and rng.random() < 0.5,
        )
        chunk.people.append(who)
        if adult:
            r = rng.random()
            if r < 0.06:
                cat, text = rng.choice(VULNERABILITIES)
                self.alert(rng, chunk, who, Alert.Kind.VULNERABILITY, cat, text)
            elif r < 0.072:
                cat, text = rng.choice(CAUTIONS)
                self.alert(rng, chunk, who, Alert.Kind.CAUTION, cat, text)
        return who

    def alert(self, rng: random.Random, chunk: Chunk, who: Who, kind: str, cat: str, text: str) -> None:
        earliest = max(add_years(who.dob, 18), self.as_of - years(12))
        span = max(1, (self.as_of - earliest).days)
        start = earliest + timedelta(days=rng.randrange(span))
        end = None
        if rng.random() < 0.15:
            end = start + timedelta(days=rng.randint(30, 900))
            if end >= self.as_of:
                end = None
        chunk.alerts.append((self.new_id(ALERT), who.id, kind, cat, text, start, end, None, self.now))

    def dob_for_age(self, rng: random.Random, age: float) -> date:
        return self.as_of - timedelta(days=int(age * 365.25) + rng.randrange(365))
