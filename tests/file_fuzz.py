"""What the fuzz suites of imported files share: writing a CSV line, and the ways a file goes wrong
that are not about its rows (random bytes, the wrong encoding, a byte changed). Seeded: every run
makes the same files."""

from __future__ import annotations

import random

# amounts Python's Decimal or float would read that are not money, and numbers too big for a column
NOT_MONEY = [
    "١٢٣",
    "1_000",
    "1e6",
    "12.345",
    "99999999999999",
    "Infinity",
    "NaN",
    "0x10",
    "12,34",
    "--5",
    "£",
    "1 000",
]
HUGE = 5000


def csv_line(cells: list[str]) -> str:
    """One CSV line, quoting a cell that holds a comma or a quote."""
    return ",".join(f'"{c.replace(chr(34), chr(34) * 2)}"' if ("," in c or '"' in c) else c for c in cells)


def random_bytes(rng: random.Random) -> bytes:
    return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 1500)))


def wrongly_encoded(rng: random.Random, text: str) -> bytes:
    """`text` (which holds a character outside ASCII) as Windows text or UTF-16, not UTF-8."""
    return text.encode(rng.choice(["cp1252", "utf-16", "utf-16-le", "latin-1"]), errors="replace")


def mutated(rng: random.Random, data: bytes) -> bytes:
    """`data` with a few bytes changed, put in or taken out."""
    out = bytearray(data)
    for _ in range(rng.randrange(1, 4)):
        at = rng.randrange(len(out) + 1)
        choice = rng.randrange(3)
        if choice == 0 and at < len(out):
            out[at] = rng.randrange(256)
        elif choice == 1:
            out[at:at] = bytes([rng.randrange(256)])
        else:
            del out[at : at + rng.randrange(1, 5)]
    return bytes(out)


def huge_text(rng: random.Random, length: int = HUGE) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(length))
