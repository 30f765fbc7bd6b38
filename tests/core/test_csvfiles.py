"""The strict CSV reader every import uses: one line is one row, or the file is refused with the
line at fault."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hearth.core import csvfiles
from hearth.core.csvfiles import Row, UnreadableFile


def test_lf_and_crlf_files_with_or_without_a_final_newline_read_alike() -> None:
    expected = [Row(1, ["a", "b"]), Row(2, ["1", "x, y"]), Row(4, ["3", 'say "hi"'])]
    for ending in ("\n", "\r\n"):
        text = ending.join(["a,b", '1,"x, y"', " , ", '3,"say ""hi"""'])
        assert list(csvfiles.parse(text)) == expected
        assert list(csvfiles.parse(text + ending + ending)) == expected  # blank lines at the end are left out
        assert csvfiles.read(b"\xef\xbb\xbf" + text.encode()) == expected  # a byte order mark is fine


def test_empty_cells_and_an_empty_file() -> None:
    assert list(csvfiles.parse('a,,"",\n')) == [Row(1, ["a", "", "", ""])]
    assert list(csvfiles.parse("")) == [] and csvfiles.read(b"\xef\xbb\xbf") == []


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b'h\nR1,"open\nR2,5\n', 2, "line 2 opens a quoted field that is not closed on that line"),
        (b'h\nR1,"open\nR2,"5"\n', 2, "line 2 opens a quoted field that is not closed"),
        (b'h\nR1,"say ""hi""\n', 2, "line 2 opens a quoted field that is not closed"),
        (b'h\nR1,ab"c\n', 2, "line 2 has a quote inside a field that does not start with one"),
        (b'h\nR1, "a"\n', 2, "line 2 has a quote inside a field"),
        (b'h\nR1,"a" b\n', 2, "on line 2 a quoted field is followed by more text"),
        (b"h\rR1\rR2\r", 1, "line 1 ends with a carriage return alone"),
        (b"h\r\nR1\r\nR2\nR3\r\n", 3, "line 3 ends with a line feed alone but line 1 ends with CRLF"),
        (b"h\nR1\nR2\r\n", 3, "line 3 ends with CRLF but line 1 ends with a line feed alone"),
        (b"h\nR\r1\n", 2, "line 2 holds a carriage return inside it"),
        (b"h\r\nR1\r\nR2 \xa3\r\n", 3, "line 3 is not UTF-8 text"),
        (b"h\nR1,\xe2\x80\xa8x\n", 2, "line 2 holds a control character (U+2028)"),
        (b"h\nR1,x\x0c\n", 2, "line 2 holds a control character (U+000C)"),
    ],
)
def test_a_wrong_file_is_refused_with_its_line(data: bytes, line: int, words: str) -> None:
    with pytest.raises(UnreadableFile) as exc:
        csvfiles.read(data)
    assert exc.value.line == line and words in exc.value.sentence
    assert exc.value.sentence.startswith("The file cannot be read: ")


@given(st.binary(max_size=400))
def test_any_bytes_are_read_or_refused_never_another_error(data: bytes) -> None:
    try:
        rows = csvfiles.read(data)
    except UnreadableFile as exc:
        assert exc.line >= 1 and exc.sentence.endswith(".")
    else:
        assert all(row.line >= 1 for row in rows)


def test_a_line_break_in_a_value() -> None:
    assert csvfiles.holds_line_break("a\nb") and csvfiles.holds_line_break("a\rb")
    assert not csvfiles.holds_line_break("tab\there, £5 – fine")


_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufeff"),
    max_size=8,
)


@given(st.lists(st.lists(_text, min_size=1, max_size=5), max_size=6), st.sampled_from(["\n", "\r\n"]))
def test_what_a_csv_writer_writes_reads_back_line_for_line(rows: list[list[str]], ending: str) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator=ending).writerows(rows)
    expected = [Row(n, cells) for n, cells in enumerate(rows, start=1) if any(c.strip() for c in cells)]
    assert csvfiles.read(out.getvalue().encode()) == expected
