"""Word pools for the synthetic borough: names, streets, estates, blocks, places.

Names come from a seeded Faker (drawn once, with repeats kept so common names stay common);
places are made up. Nothing here touches the database.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from faker import Faker

# --- the made-up borough --------------------------------------------------------------------
# "HB" is not a real postcode area, so no generated address can be somebody's real one.
POSTCODE_AREA = "HB"
ESTATE_DISTRICTS = list(range(1, 61))  # HB1 ... HB60 hold the council's estates
PRIVATE_DISTRICTS = list(range(61, 71))  # HB61 ... HB70: private streets (forwarding addresses)
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the 20 letters Royal Mail uses in inward codes
POSTCODES_PER_DISTRICT = 10 * len(INWARD_LETTERS) ** 2  # 4,000

TOWNS = [  # (town, districts from, to)
    ("Hearthfield", 1, 15),
    ("Emberley", 16, 25),
    ("Kilnbrook", 26, 35),
    ("Ashton Vale", 36, 45),
    ("Forgewell", 46, 53),
    ("Sparrow Hill", 54, 60),
    ("Hearthfield", 61, 64),
    ("Emberley", 65, 67),
    ("Kilnbrook", 68, 70),
]

# fmt: off
WARDS = [
    "Abbey Mead", "Ashgrove", "Brook Green", "Castle Fields", "Church End", "Coldharbour", "Copper Hill",
    "Eastfield", "Ember Vale", "Foundry", "Gasworks", "Hearthfield Central", "Holloway Park", "Kiln Cross",
    "Lantern", "Longmarsh", "Millbank", "Northgate", "Orchard", "Priory", "Riverside", "Saltings",
    "Southwark Lane", "St Anne's", "Tanners", "Westfield",
]
# fmt: on


def town_for(district: int) -> str:
    for town, lo, hi in TOWNS:
        if lo <= district <= hi:
            return town
    return TOWNS[0][0]


def postcode(district: int, n: int) -> str:
    """The n-th postcode of a district, normalised ('HB12 3AB'). n wraps after 4,000."""
    s = (n * 1597 + 211) % POSTCODES_PER_DISTRICT  # spread them out, still one-to-one
    letters, digit = divmod(s, 10)
    a, b = divmod(letters, len(INWARD_LETTERS))
    return f"{POSTCODE_AREA}{district} {digit}{INWARD_LETTERS[a]}{INWARD_LETTERS[b]}"


# --- National Insurance numbers -------------------------------------------------------------
_NI_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
_NI_SECOND = "ABCEGHJKLMNPRSTWXYZ"
_NI_UNUSED = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ", "OO", "CR", "FY", "MW", "NC", "PP", "PY", "PZ"}
NI_PREFIXES = [a + b for a in _NI_FIRST for b in _NI_SECOND if a + b not in _NI_UNUSED]
_NI_SPACE = len(NI_PREFIXES) * 1_000_000
_NI_STEP = 982_451_653  # a prime larger than the number of prefixes: the map below is one-to-one


def ni_number(ordinal: int, seed: int) -> str:
    """The ordinal-th National Insurance number of a run: unique per ordinal, valid in format."""
    n = (ordinal * _NI_STEP + seed * 7_368_787) % _NI_SPACE
    prefix, digits = divmod(n, 1_000_000)
    return f"{NI_PREFIXES[prefix]}{digits:06d}{'ABCD'[(n // 7) % 4]}"


# --- words for places -----------------------------------------------------------------------
# fmt: off
PLACE_WORDS = [
    "Acorn", "Alder", "Ash", "Aspen", "Beech", "Birch", "Blackthorn", "Bramble", "Cedar", "Chestnut",
    "Cherry", "Elder", "Elm", "Hawthorn", "Hazel", "Holly", "Hornbeam", "Juniper", "Larch", "Laurel", "Lime",
    "Linden", "Maple", "Oak", "Poplar", "Rowan", "Sycamore", "Walnut", "Willow", "Yew", "Blackbird",
    "Bullfinch", "Curlew", "Dunnock", "Falcon", "Goldcrest", "Heron", "Kestrel", "Kingfisher", "Lapwing",
    "Linnet", "Mallard", "Martin", "Merlin", "Nightingale", "Osprey", "Plover", "Raven", "Redwing", "Robin",
    "Skylark", "Sparrow", "Starling", "Swallow", "Swift", "Thrush", "Wagtail", "Wren", "Abbey", "Anchor",
    "Bridge", "Brook", "Canal", "Castle", "Chapel", "Church", "Clay", "Cloth", "Copper", "Corn", "Dock",
    "Ferry", "Forge", "Foundry", "Furnace", "Gas", "Glass", "Granary", "Iron", "Kiln", "Lantern", "Lock",
    "Malt", "Market", "Mill", "Mint", "Orchard", "Pottery", "Priory", "Quarry", "Rope", "Salt", "School",
    "Station", "Tannery", "Timber", "Tower", "Weaver", "Wharf", "Windmill", "Attlee", "Bevan", "Brunel",
    "Cavell", "Darwin", "Faraday", "Fry", "Keir Hardie", "Lansbury", "Morris", "Nightingale", "Orwell",
    "Pankhurst", "Seacole", "Telford", "Tyndale", "Wesley", "Wilberforce", "Wollstonecraft", "Blake",
    "Chaucer", "Dickens", "Shelley", "Keats", "Milton", "Turner", "Constable", "Gainsborough",
]
# fmt: on
STREET_TYPES = [
    ("Road", 14),
    ("Street", 10),
    ("Lane", 7),
    ("Close", 10),
    ("Way", 7),
    ("Avenue", 6),
    ("Gardens", 6),
    ("Crescent", 5),
    ("Grove", 5),
    ("Walk", 5),
    ("Place", 4),
    ("Drive", 4),
    ("Terrace", 3),
    ("Mews", 2),
    ("Rise", 2),
    ("Green", 2),
    ("Row", 2),
    ("Square", 1),
]
ESTATE_TYPES = [("Estate", 14), ("Gardens", 2), ("Park", 2), ("Fields", 1), ("Green", 1)]
# fmt: off
ESTATE_PREFIXES = [
    "Abbey", "Ashgrove", "Beaumont", "Bellfield", "Brookmead", "Castlemead", "Cloverdale", "Coldharbour",
    "Copperfield", "Cromwell", "Eastbrook", "Elmwood", "Fairfield", "Foxhollow", "Gatehouse", "Greenacre",
    "Hawksmoor", "Heathcote", "Highfield", "Hollybush", "Kingsmead", "Lambourne", "Larkhall", "Longmeadow",
    "Marshgate", "Meadowbank", "Millfield", "Northwood", "Oakfield", "Orchard Vale", "Parkside",
    "Queensbridge", "Ravenscroft", "Redcliffe", "Ridgeway", "Rosebank", "St Anne's", "Southmere",
    "Stonebridge", "Thornhill", "Valley View", "Westbury", "Whitecross", "Willowbrook", "Windmill Hill",
    "Woodberry", "Wyvern",
]
# fmt: on
BLOCK_TYPES_LOW = [("House", 12), ("Court", 6), ("Lodge", 1), ("Mansions", 1)]
BLOCK_TYPES_TALL = [("Tower", 3), ("Point", 2), ("House", 2), ("Heights", 1)]
COMMUNAL_KINDS = ["Community hall", "Communal garden", "Communal laundry", "Play area", "Tenants' hall"]

# hand-written pools where Faker has no Latin-script locale
# fmt: off
_SOMALI = (
    [
        "Abdi", "Abdirahman", "Ahmed", "Ali", "Farah", "Hassan", "Ibrahim", "Mohamed", "Mustafe", "Omar",
        "Yusuf", "Liban",
    ],
    [
        "Amina", "Asha", "Fadumo", "Hodan", "Hibo", "Ifrah", "Khadra", "Maryan", "Nimco", "Sahra", "Ubah",
        "Ayaan",
    ],
    [
        "Abdullahi", "Aden", "Egal", "Farah", "Guled", "Hirsi", "Jama", "Mohamud", "Nur", "Osman", "Samatar",
        "Warsame", "Yusuf", "Duale",
    ],
)
# fmt: on
# fmt: off
_ARABIC = (
    [
        "Ahmad", "Bilal", "Hamza", "Karim", "Khaled", "Mahmoud", "Nabil", "Omar", "Samir", "Tariq", "Youssef",
        "Ziad",
    ],
    [
        "Aisha", "Dina", "Fatima", "Hala", "Layla", "Mariam", "Nour", "Rana", "Salma", "Yasmin", "Zainab",
        "Huda",
    ],
    [
        "Al-Hashimi", "Abbas", "Darwish", "Haddad", "Hamdan", "Khalil", "Mansour", "Nasser", "Saleh", "Shami",
        "Tamimi", "Zaid",
    ],
)
# fmt: on
# fmt: off
_SOUTH_ASIAN = (
    [
        "Imran", "Asif", "Tariq", "Rizwan", "Shahid", "Kamran", "Faisal", "Adnan", "Zubair", "Mohammed",
        "Abdul", "Nadeem", "Shahed", "Jamal", "Rafiq", "Sohel",
    ],
    [
        "Ayesha", "Nazia", "Shabana", "Rubina", "Farzana", "Saima", "Nasreen", "Samina", "Shazia", "Tahmina",
        "Rukhsana", "Salma", "Shirin", "Halima", "Jahanara", "Momena",
    ],
    [
        "Khan", "Ahmed", "Hussain", "Ali", "Begum", "Rahman", "Miah", "Uddin", "Iqbal", "Akhtar", "Mahmood",
        "Chowdhury", "Islam", "Shah", "Aziz", "Bibi", "Hoque", "Malik",
    ],
)
# fmt: on
# fmt: off
_TIGRINYA = (
    [
        "Berhane", "Dawit", "Filmon", "Haile", "Kidane", "Mehari", "Robel", "Samuel", "Tesfay", "Yonas",
    ],
    [
        "Abeba", "Eden", "Helen", "Luwam", "Mebrat", "Rahel", "Saba", "Senait", "Selam", "Tsega",
    ],
    [
        "Abraha", "Asmerom", "Berhe", "Gebremedhin", "Habte", "Kahsay", "Mebrahtu", "Tekle", "Woldu",
        "Yohannes",
    ],
)
# fmt: on

Hand = tuple[list[str], list[str], list[str]]

# origin: (weight, sources: Faker locales and/or hand pools, [(preferred language, probability)])
ORIGINS: list[tuple[str, float, tuple[str | Hand, ...], list[tuple[str, float]]]] = [
    ("british", 0.70, ("en_GB", "en_IE"), []),
    (
        "south_asian",
        0.09,
        ("en_IN", _SOUTH_ASIAN),
        [("Urdu", 0.08), ("Bengali", 0.08), ("Punjabi", 0.05), ("Gujarati", 0.04)],
    ),
    ("west_african", 0.05, ("yo_NG", "ig_NG", "tw_GH"), [("Yoruba", 0.03), ("Twi", 0.02)]),
    ("polish", 0.035, ("pl_PL",), [("Polish", 0.6)]),
    ("romanian", 0.02, ("ro_RO",), [("Romanian", 0.6)]),
    ("portuguese", 0.02, ("pt_PT",), [("Portuguese", 0.5)]),
    ("turkish", 0.02, ("tr_TR",), [("Turkish", 0.4), ("Kurdish", 0.15)]),
    ("lithuanian", 0.01, ("lt_LT",), [("Lithuanian", 0.5)]),
    ("somali", 0.02, (_SOMALI,), [("Somali", 0.6)]),
    ("arabic", 0.015, (_ARABIC,), [("Arabic", 0.55)]),
    ("eritrean", 0.01, (_TIGRINYA,), [("Tigrinya", 0.7)]),
]


@dataclass
class NamePool:
    male: list[str]
    female: list[str]
    last: list[str]
    languages: list[tuple[str, float]]


@dataclass
class Pools:
    origins: list[str]
    origin_weights: list[float]
    names: dict[str, NamePool]
    street_bases: list[str]
    block_bases: list[str]
    street_types: list[str]
    street_type_weights: list[int]
    extra: dict[str, list[str]] = field(default_factory=dict)


def _draws(fake: Faker, method: str, n: int) -> list[str]:
    fn = getattr(fake, method)
    return [fn() for _ in range(n)]


def build_pools(seed: int) -> Pools:
    """Draw the pools once from a seeded Faker; repeats are kept so frequencies stay realistic."""
    names: dict[str, NamePool] = {}
    for origin, _weight, sources, languages in ORIGINS:
        male: list[str] = []
        female: list[str] = []
        last: list[str] = []
        for i, source in enumerate(sources):
            if isinstance(source, str):
                fake = Faker(source)
                fake.seed_instance(seed * 101 + i)
                n = 1000 if origin == "british" else 250
                male += _draws(fake, "first_name_male", n)
                female += _draws(fake, "first_name_female", n)
                last += _draws(fake, "last_name", 2 * n)
            else:
                hand_male, hand_female, hand_last = source
                male += hand_male * 8
                female += hand_female * 8
                last += hand_last * 8
        names[origin] = NamePool(male, female, last, languages)

    fake = Faker("en_GB")
    fake.seed_instance(seed)
    surnames = list(dict.fromkeys(_draws(fake, "last_name", 1500)))
    rng = random.Random(f"hearth-demo:{seed}:pools")
    street_bases = list(dict.fromkeys(PLACE_WORDS + surnames))
    rng.shuffle(street_bases)
    block_bases = list(dict.fromkeys(PLACE_WORDS + surnames[: len(surnames) // 2]))
    rng.shuffle(block_bases)
    return Pools(
        origins=[o[0] for o in ORIGINS],
        origin_weights=[o[1] for o in ORIGINS],
        names=names,
        street_bases=street_bases,
        block_bases=block_bases,
        street_types=[t for t, _ in STREET_TYPES],
        street_type_weights=[w for _, w in STREET_TYPES],
    )
