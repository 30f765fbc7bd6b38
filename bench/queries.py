"""The fixed list of search-box queries the benchmark times (about 200, the same every run).

What officers type: surnames, first and last names, parts of street names, postcodes (with and
without the space), UPRNs and references. Postcodes, UPRNs and references are spread over the
ranges the demo generator uses at the given scale, so most of them find something.
"""

from __future__ import annotations

SURNAMES = [
    "smith",
    "jones",
    "williams",
    "taylor",
    "brown",
    "davies",
    "evans",
    "wilson",
    "thomas",
    "johnson",
    "roberts",
    "robinson",
    "thompson",
    "wright",
    "walker",
    "white",
    "edwards",
    "hughes",
    "green",
    "hall",
    "lewis",
    "harris",
    "clarke",
    "patel",
    "jackson",
    "wood",
    "turner",
    "martin",
    "cooper",
    "hill",
    "ward",
    "morris",
    "moore",
    "clark",
    "king",
    "baker",
    "harrison",
    "morgan",
    "allen",
    "james",
    "scott",
    "phillips",
    "watson",
    "parker",
    "price",
    "bennett",
    "young",
    "griffiths",
    "mitchell",
    "kelly",
    "murphy",
    "o'brien",
    "khan",
    "begum",
    "hussain",
    "ahmed",
    "okoro",
    "nowak",
    "popescu",
    "mohamed",
]
FULL_NAMES = [
    "john smith",
    "mary jones",
    "david williams",
    "sarah taylor",
    "james brown",
    "emma davies",
    "michael evans",
    "susan wilson",
    "paul thomas",
    "karen johnson",
    "peter roberts",
    "julie wright",
    "mohamed ali",
    "amina hassan",
    "priya patel",
    "tomasz nowak",
    "ana silva",
    "mehmet yilmaz",
    "patrick murphy",
    "siobhan kelly",
    "robert hall",
    "linda green",
    "mark lewis",
    "helen harris",
    "gary clarke",
    "tracey walker",
    "kevin white",
    "joanne edwards",
    "stephen hughes",
    "claire turner",
]
STREETS = [
    "nighting",
    "kingfish",
    "rowan cl",
    "elm road",
    "church",
    "mill lane",
    "station r",
    "bramble",
    "hawthorn",
    "willow",
    "sycamore",
    "forge",
    "kiln",
    "wharf",
    "canal",
    "abbey",
    "priory",
    "holly",
    "beech grove",
    "cedar",
    "maple",
    "linnet",
    "skylark",
    "heron",
    "kestrel",
    "brunel",
    "seacole",
    "pankhurst",
    "attlee",
    "lantern",
]
PLACES = [
    "kingsmead estate",
    "hollybush",
    "ravenscroft",
    "tower",
    "keir hardie house",
    "parade",
    "garage 12",
    "community hall",
    "flat 4",
    "store 2",
]


def queries(scale: int) -> list[str]:
    from hearth.demo.generator import UPRN_BASE
    from hearth.demo.pools import POSTCODES_PER_DISTRICT, postcode

    estates = max(1, round(scale / 75))
    districts = min(60, estates)
    out = list(SURNAMES) + FULL_NAMES + STREETS + PLACES
    # postcodes: 30, half typed without the space and in lower case
    per_district = max(1, min(POSTCODES_PER_DISTRICT, scale // (12 * districts)))
    for k in range(30):
        code = postcode(1 + (k * 7) % districts, (k * 37) % per_district)
        out.append(code if k % 2 else code.replace(" ", "").lower())
    # UPRNs, property/person/tenancy/household references: 70 spread over the generated ranges
    for k in range(20):
        out.append(str(UPRN_BASE + 1 + int(scale * 1.6 * k / 20)))
    for k in range(15):
        out.append(f"PR{1 + int(scale * 1.04 * k / 15):07d}")
    for k in range(15):
        out.append(
            f"P{1 + int(scale * 1.3 * k / 15):07d}".lower()
            if k % 3 == 0
            else f"P{1 + int(scale * 1.3 * k / 15):07d}"
        )
    for k in range(15):
        out.append(f"T{1 + int(scale * 1.25 * k / 15):07d}")
    for k in range(5):
        out.append(f"H{1 + int(scale * 0.85 * k / 5):07d}")
    return out
