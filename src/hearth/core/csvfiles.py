"""Reading an imported CSV file strictly: one line is one row, or the whole file is refused.

Every CSV import (payment files, schedules of rates) reads its file here. The dialect is RFC 4180
with one rule more: a field may not hold a line break, so a row always is one line of the file and
an error's line number is the line the officer sees in a text editor. A file is refused whole, with
a sentence naming what is wrong and on which line, when:

- it is not UTF-8 text (a UTF-8 byte order mark is fine). Windows-1252 ("CSV (Comma delimited)"
  from Excel) is refused too, with the way to save it as UTF-8: any bytes at all decode as
  Windows-1252, so accepting it would let a wrong file through as garbled text;
- its lines do not all end the same way (CRLF or LF), or end with a carriage return alone;
- a quote is wrong: a quoted field not closed on its line, a closing quote followed by more
  text, or a quote inside a field that does not start with one;
- it holds a control character other than a tab.

Blank lines (nothing but spaces and commas) are left out; the others keep their line numbers.

A cell is read here too: a date by `read_date` (ASCII digits in the file's format, inside a window
of days the field allows) and a text's length by `too_long` (the limit is the model field's), so
that no value reaches the database that it would refuse.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models

BOM = "\ufeff"
# Characters a field may not hold: line breaks of every kind, other control characters (a tab is
# fine), and a byte order mark anywhere but at the start of the file.
_NOT_TEXT = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]")  # the line endings apart
_QUOTED = re.compile(r'"((?:[^"]++|"")*+)"')  # possessive: a doubled quote never closes the field
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
_LF_ALONE = re.compile(r"(?<!\r)\n")
_CR_ALONE = re.compile(r"\r(?!\n)")
_CR = re.compile(r"\r\n?")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
ISO_DATE = "%Y-%m-%d"


class UnreadableFile(ValidationError):
    """The file is not a CSV file this reader accepts: `sentence` says why, naming `line` (from 1)."""

    def __init__(self, line: int, sentence: str) -> None:
        super().__init__(sentence, code="unreadable_file")
        self.line = line
        self.sentence = sentence


class Row(NamedTuple):
    line: int
    cells: list[str]


def holds_line_break(value: str) -> bool:
    """True when `value` holds a line break or another control character (a tab is fine)."""
    return _NOT_TEXT.search(value) is not None


def read_date(
    text: str, date_format: str = ISO_DATE, *, earliest: dt.date, latest: dt.date | None
) -> dt.date:
    """The day a cell holds, written in `date_format` with ASCII digits, from `earliest` to `latest`
    (both included; no latest when None). Otherwise `ValueError` whose words end a sentence about the
    row ("the date '0001-01-01' is before 1 January 2000")."""
    cleaned = text.strip()
    try:
        if not cleaned.isascii():
            raise ValueError(cleaned)
        if date_format == ISO_DATE:  # the common case, many times faster than strptime
            if not _ISO_DATE.fullmatch(cleaned):
                raise ValueError(cleaned)
            day = dt.date(int(cleaned[:4]), int(cleaned[5:7]), int(cleaned[8:]))
        else:
            day = dt.datetime.strptime(cleaned, date_format).date()
    except ValueError:
        raise ValueError(f"the date {shown(cleaned)} is not a date") from None
    if day < earliest:
        raise ValueError(f"the date {cleaned} is before {earliest.day} {earliest:%B %Y}")
    if latest is not None and day > latest:
        raise ValueError(f"the date {cleaned} is in the future")
    return day


def shown(value: str, limit: int = 40) -> str:
    """A cell quoted in a sentence about its row: cut short (with an ellipsis) when it is long."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def field_length(model: type[models.Model], name: str) -> int:
    """The longest text a model's field holds: the limit of a cell read into it."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.CharField) or field.max_length is None:
        raise TypeError(f"{model.__name__}.{name} is not a text field with a length.")
    return field.max_length


def too_long(value: str, limit: int, name: str) -> str:
    """The words saying that a cell is longer than its field holds ("" when it fits), to end a
    sentence about the row."""
    if len(value) <= limit:
        return ""
    return f"the {name} is {len(value):,} characters long, more than the {limit} it may have"


def read(data: bytes) -> list[Row]:
    """The file's rows that are not blank, each with its line number (the first line is 1)."""
    return list(parse(decode(data)))


def decode(data: bytes) -> str:
    """The file as text. Refused unless it is UTF-8 (with or without a byte order mark)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = len(_LINE_BREAK.split(data[: exc.start]))
        raise UnreadableFile(
            line,
            f"The file cannot be read: line {line} is not UTF-8 text (it may have been saved as "
            "Windows text). In Excel choose Save As, “CSV UTF-8 (Comma delimited)”, and import "
            "that file.",
        ) from None


def parse(text: str) -> Iterator[Row]:
    """The rows of `text` (already decoded) that are not blank, one by one, by the rules above.

    A wrong line raises `UnreadableFile` when the reading reaches it (the line endings and control
    characters are checked before the first row): read to the end before acting on any row."""
    if text.startswith(BOM):
        text = text[1:]
    lines = _lines(text)
    bad = _CONTROL.search(text)
    if bad:
        number = _line_at(text, bad.start())
        raise UnreadableFile(
            number,
            f"The file cannot be read: line {number} holds a control character "
            f"(U+{ord(bad.group()):04X}), which is not text. A field may not hold a line break "
            "or a control character.",
        )
    read_lines = 0
    for number, line in enumerate(lines, start=1):
        read_lines += 1
        if '"' not in line:  # the common case: no quoting to undo
            if line.replace(",", "").strip():
                yield Row(number, line.split(","))
            continue
        cells = _cells(number, line)
        if any(c.strip() for c in cells):
            yield Row(number, cells)
    # The final guard: every line of the file was read as exactly one row.
    newline = "\r\n" if "\r\n" in text else "\n"
    expected = text.count(newline) + (1 if text and not text.endswith(newline) else 0)
    if read_lines != expected:
        raise UnreadableFile(
            1, f"The file cannot be read: it has {expected} lines but {read_lines} rows were read."
        )


def _line_at(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def _lines(text: str) -> list[str]:
    """The lines of `text` without their endings; refused when the endings are wrong or mixed."""
    first = re.search(r"\r?\n", text)
    if first is None and "\r" in text:
        raise UnreadableFile(
            1,
            "The file cannot be read: line 1 ends with a carriage return alone (an old Mac "
            "format). Save the file with Windows or Unix line endings and import it again.",
        )
    if first is None:
        return [text] if text else []
    ending = first.group()
    if ending == "\r\n":
        alone = _LF_ALONE.search(text)
        if alone:
            number = _line_at(text, alone.start())
            raise UnreadableFile(number, _mixed(number, "a line feed alone", "CRLF"))
    stray = _CR_ALONE.search(text) if ending == "\r\n" else _CR.search(text)
    if stray:
        number = _line_at(text, stray.start())
        if stray.group() == "\r\n":
            raise UnreadableFile(number, _mixed(number, "CRLF", "a line feed alone"))
        raise UnreadableFile(
            number,
            f"The file cannot be read: line {number} holds a carriage return inside it. "
            "A field may not hold a line break.",
        )
    lines = text.split(ending)
    if lines[-1] == "":
        lines.pop()
    return lines


def _mixed(number: int, this: str, first: str) -> str:
    return (
        f"The file cannot be read: line {number} ends with {this} but line 1 ends with {first}. "
        "Every line must end the same way: save the file again from the program that made it."
    )


def _cells(number: int, line: str) -> list[str]:
    """The cells of a line that holds a quote."""
    cells: list[str] = []
    at = 0
    while True:
        if line.startswith('"', at):
            quoted = _QUOTED.match(line, at)
            if quoted is None:
                raise UnreadableFile(
                    number,
                    f"The file cannot be read: line {number} opens a quoted field that is not "
                    "closed on that line. A field may not hold a line break: close the quote.",
                )
            cells.append(quoted.group(1).replace('""', '"'))
            at = quoted.end()
            if at < len(line) and line[at] != ",":
                raise UnreadableFile(
                    number,
                    f"The file cannot be read: on line {number} a quoted field is followed by "
                    f"more text (“{line[at : at + 20]}”) before the next comma.",
                )
        else:
            end = line.find(",", at)
            cell = line[at:] if end == -1 else line[at:end]
            if '"' in cell:
                raise UnreadableFile(
                    number,
                    f"The file cannot be read: line {number} has a quote inside a field that does "
                    f"not start with one (“{cell[:20]}”). Put the whole field in quotes and double "
                    "the quote inside it.",
                )
            cells.append(cell)
            at = len(line) if end == -1 else end
        if at >= len(line):
            return cells
        at += 1  # past the comma
        if at == len(line):
            cells.append("")
            return cells
