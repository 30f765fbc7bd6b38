"""Uploads are judged by what they hold against the table of allowed types, their names only refuse a
mismatch, and a configured virus scanner (a fake clamd on a loopback socket here) reads each one."""

from __future__ import annotations

import io
import socket
import struct
import threading
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from factories import PersonFactory
from hearth.core import uploads
from hearth.core.models import Attachment

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00;"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
TIFF = b"II*\x00\x08\x00\x00\x00\x00\x00"
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"
HTML = b"<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>\n"
SVG = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>\n'
HTA = b'<hta:application id="app" />\n<script language="VBScript">CreateObject("WScript.Shell")</script>\n'
CSV = "account,amount,date\nRA000001,12.50,01/04/2025\nRA000002,£3.00,01/04/2025\n".encode()
EML = (
    b"From: Tenant <tenant@example.org>\r\nTo: housing@example.gov.uk\r\nSubject: Repair\r\n"
    b"Date: Tue, 1 Apr 2025 09:00:00 +0100\r\nMessage-ID: <1@example.org>\r\n\r\nThe sink leaks.\r\n"
)
EICAR_NAME = "Eicar-Test-Signature"

OOXML = "application/vnd.openxmlformats-officedocument"


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=method)
    return buffer.getvalue()


def _word(*, macros: bool = False) -> bytes:
    main = (
        "application/vnd.ms-word.document.macroEnabled.main+xml"
        if macros
        else (f"{OOXML}.wordprocessingml.document.main+xml")
    )
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/></Types>'
    ).encode()
    parts = {"[Content_Types].xml": types, "word/document.xml": b"<w:document/>"}
    if macros:
        parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macros"
    return _zip(parts)


def _excel() -> bytes:
    book = Workbook()
    book.active.append(["code", "description"])  # type: ignore[union-attr]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _opendocument(kind: str, **extra: bytes) -> bytes:
    mimetype = f"application/vnd.oasis.opendocument.{kind}".encode()
    return _zip({"mimetype": mimetype, "content.xml": b"<office:document-content/>", **extra})


def _ole(*names: str) -> bytes:
    """A compound file holding `names` in its directory: one FAT sector, then the directory."""
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    entries = ["Root Entry", *names]
    directory_sectors = (len(entries) + 3) // 4
    header = bytearray(512)
    header[:8] = uploads.OLE
    struct.pack_into("<HHH", header, 24, 0x3E, 3, 0xFFFE)
    struct.pack_into("<HH", header, 30, 9, 6)
    struct.pack_into("<LL", header, 44, 1, 1)
    struct.pack_into("<LLLL", header, 60, end, 0, end, 0)
    struct.pack_into("<109L", header, 76, 0, *([free] * 108))
    fat = [fat_sector, *range(2, directory_sectors + 1), end] + [free] * (128 - directory_sectors - 1)
    directory = bytearray(512 * directory_sectors)
    for i, name in enumerate(entries):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        directory[i * 128 : i * 128 + len(encoded)] = encoded
        kind = 5 if i == 0 else (1 if name.startswith("__nameid") else 2)
        struct.pack_into("<HB", directory, i * 128 + 64, len(encoded), kind)
    return bytes(header) + struct.pack("<128L", *fat) + bytes(directory)


MSG = _ole("__nameid_version1.0", "__properties_version1.0", "__substg1.0_0037001F", "__substg1.0_1000001F")


def _refusal(name: str, content: bytes, **kwargs: Any) -> str:
    with pytest.raises(ValidationError) as refused:
        uploads.check(name, content, **kwargs)
    return " ".join(refused.value.message_dict["file"])


@pytest.mark.parametrize(
    ("name", "content", "type_key", "stored_as"),
    [
        ("evidence.pdf", PDF, "pdf", "application/pdf"),
        ("Before.JPG", JPEG, "jpeg", "image/jpeg"),
        ("lounge.png", PNG, "png", "image/png"),
        ("plan.gif", GIF, "gif", "image/gif"),
        ("garden.webp", WEBP, "webp", "image/webp"),
        ("scan.tiff", TIFF, "tiff", "image/tiff"),
        ("IMG_0001.HEIC", HEIC, "heic", "image/heic"),
        ("letter.docx", _word(), "docx", f"{OOXML}.wordprocessingml.document"),
        ("budget.xlsx", _excel(), "xlsx", f"{OOXML}.spreadsheetml.sheet"),
        ("minutes.odt", _opendocument("text"), "odt", "application/vnd.oasis.opendocument.text"),
        ("rents.ods", _opendocument("spreadsheet"), "ods", "application/vnd.oasis.opendocument.spreadsheet"),
        ("notes.txt", "Rent paid in full – thank you.\n".encode(), "text", "text/plain"),
        ("payments.csv", b"\xef\xbb\xbf" + CSV, "csv", "text/csv"),
        ("complaint.eml", EML, "eml", "message/rfc822"),
        ("complaint.msg", MSG, "msg", "application/vnd.ms-outlook"),
        ("tenancy agreement.doc", _ole("WordDocument", "1Table"), "doc", "application/msword"),
        ("arrears 2009.XLS", _ole("Workbook"), "xls", "application/vnd.ms-excel"),
        ("report.pdf ", PDF, "pdf", "application/pdf"),  # a trailing space is how the name is compared
    ],
)
def test_each_allowed_type_is_recognised_by_its_content(
    name: str, content: bytes, type_key: str, stored_as: str
) -> None:
    found = uploads.check(name, content)
    assert (found.key, found.content_type) == (type_key, stored_as)


@pytest.mark.parametrize(
    ("name", "content", "sentence"),
    [
        # the finding: a trailing space or dot hid the extension, and .hta, .docm, .html and .svg passed
        ("run.EXE ", EXE, uploads.PROGRAM),
        ("run.exe.", EXE, uploads.PROGRAM),
        ("run.exe", PDF, uploads.PROGRAM),  # a name that says program is refused whatever it holds
        ("invoice.pdf", EXE, uploads.PROGRAM),  # a program named as a PDF
        ("update.hta", HTA, uploads.PROGRAM),
        ("update.txt", HTA, uploads.WEB_PAGE),  # an HTML application renamed as text
        ("letter.docm", _word(macros=True), uploads.MACROS),
        ("letter.docx", _word(macros=True), uploads.MACROS),  # macros, whatever the name says
        ("letter.DOCM. ", _word(), uploads.MACROS),
        ("page.html", HTML, uploads.WEB_PAGE),
        ("page.txt", HTML, uploads.WEB_PAGE),
        ("logo.svg", SVG, uploads.WEB_PAGE),
        ("logo.png", SVG, uploads.WEB_PAGE),
        ("install.sh", b"#!/bin/sh\nrm -rf /\n", uploads.PROGRAM),
        ("install.txt", b"#!/bin/sh\nrm -rf /\n", uploads.PROGRAM),
        ("old.doc", _ole("WordDocument", "Macros", "VBA"), uploads.MACROS),
        (
            "calc.ods",
            _opendocument("spreadsheet", **{"Basic/Standard/Module1.xml": b"<script/>"}),
            uploads.MACROS,
        ),
    ],
)
def test_programs_web_pages_and_macros_are_refused_with_a_sentence(
    name: str, content: bytes, sentence: str
) -> None:
    assert _refusal(name, content) == sentence


def test_a_pdf_named_as_a_program_or_as_another_type_is_a_mismatch() -> None:
    assert _refusal("statement.xlsx", PDF) == (
        "The selected file is a PDF but its name ends .xlsx. Rename it to end .pdf and select it again."
    )
    assert _refusal("statement", PDF) == (
        "The selected file is a PDF but its name has no extension. Rename it to end .pdf and select it again."
    )
    assert "is a JPEG picture but its name ends .png" in _refusal("photo.png", JPEG)


def test_a_file_of_no_allowed_type_is_refused_naming_what_is_allowed() -> None:
    sentence = _refusal("archive.zip", _zip({"a.txt": b"a"}))
    assert sentence.startswith(
        "The selected file must be a PDF, a picture (JPEG, PNG, GIF, WebP, TIFF or HEIC)"
    )
    assert "a Word, Excel or PowerPoint file without macros (.docx, .xlsx, .pptx, .doc, .xls)" in sentence
    assert sentence.endswith("an e-mail (.eml, .msg) or a text or CSV file.")
    assert _refusal("notes.txt", b"text\x00with a NUL") == sentence  # not text
    assert _refusal("notes.txt", b"caf\xe9 (Windows text)\n") == sentence  # not UTF-8


def test_a_narrower_list_names_only_its_own_types(settings: Any) -> None:
    photos = ("jpeg", "png", "webp")
    assert (
        _refusal("lounge.jpg", PDF, types=photos)
        == "The selected file must be a picture (JPEG, PNG or WebP)."
    )
    settings.HEARTH_UPLOAD_TYPES = "pdf, jpeg"
    assert uploads.check("evidence.pdf", PDF).key == "pdf"
    assert _refusal("notes.txt", b"text") == "The selected file must be a PDF or a picture (JPEG)."
    settings.HEARTH_UPLOAD_TYPES = "pdf,exe"
    with pytest.raises(ImproperlyConfigured, match="unknown types: exe"):
        uploads.check("evidence.pdf", PDF)


def test_files_tab_shows_the_sentence_on_the_field_and_stores_the_detected_type(
    senior_client: Any, senior: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    person = PersonFactory(actor=senior)
    url = f"/people/{person.pk}/files/"
    refused = senior_client.post(url, {"file": SimpleUploadedFile("invoice.pdf", EXE), "description": ""})
    assert refused.status_code == 400 and uploads.PROGRAM in refused.content.decode()
    refused = senior_client.post(url, {"file": SimpleUploadedFile("run.exe.", PDF), "description": ""})
    assert refused.status_code == 400 and uploads.PROGRAM in refused.content.decode()
    assert not Attachment.objects.exists()
    sent = SimpleUploadedFile(
        "evidence.pdf ", PDF, content_type="text/html"
    )  # what the browser says is ignored
    assert senior_client.post(url, {"file": sent, "description": "Evidence"}).status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.filename, attachment.content_type_name) == ("evidence.pdf", "application/pdf")


# --- the virus scanner -----------------------------------------------------------------------------


class FakeClamd:
    """A clamd that answers INSTREAM on a loopback port: FOUND for files holding EICAR, OK otherwise."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received: list[bytes] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                command = b""
                while not command.endswith(b"\x00"):
                    command += conn.recv(1)
                assert command == b"zINSTREAM\x00"
                data = b""
                while True:
                    (size,) = struct.unpack("!L", self._read(conn, 4))
                    if size == 0:
                        break
                    data += self._read(conn, size)
                self.received.append(data)
                found = b"EICAR" in data
                conn.sendall(f"stream: {EICAR_NAME} FOUND\x00".encode() if found else b"stream: OK\x00")

    @staticmethod
    def _read(conn: socket.socket, size: int) -> bytes:
        data = b""
        while len(data) < size:
            more = conn.recv(size - len(data))
            if not more:
                raise ConnectionError
            data += more
        return data

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def clamd(settings: Any) -> Iterator[FakeClamd]:
    fake = FakeClamd()
    settings.HEARTH_CLAMD_SOCKET = f"127.0.0.1:{fake.port}"
    yield fake
    fake.close()


def test_with_a_scanner_every_file_is_streamed_to_it_and_a_virus_is_refused(clamd: FakeClamd) -> None:
    big = b"%PDF-1.4\n" + b"x" * (3 * uploads.CHUNK + 5)  # in several INSTREAM chunks
    assert uploads.check("big.pdf", big).key == "pdf"
    assert clamd.received == [big]
    infected = b"A stand-in for an infected file, which the fake scanner knows by the word EICAR.\n"
    assert _refusal("eicar.txt", infected) == (
        f"The selected file contains a virus ({EICAR_NAME}) and was not accepted."
    )


def test_a_scanner_that_cannot_be_reached_refuses_every_file(settings: Any) -> None:
    unused = socket.create_server(("127.0.0.1", 0))
    port = unused.getsockname()[1]
    unused.close()  # nothing listens there now
    settings.HEARTH_CLAMD_SOCKET = f"127.0.0.1:{port}"
    assert _refusal("evidence.pdf", PDF) == uploads.NOT_SCANNED


def test_a_file_hearth_made_itself_is_not_held_up_by_a_scanner_that_is_down(settings: Any) -> None:
    unused = socket.create_server(("127.0.0.1", 0))
    port = unused.getsockname()[1]
    unused.close()
    settings.HEARTH_CLAMD_SOCKET = f"127.0.0.1:{port}"
    assert uploads.check("succession-T0000001-1.pdf", PDF, scanned=False).key == "pdf"
    assert _refusal("succession-T0000001-1.exe", PDF, scanned=False) == uploads.PROGRAM  # type still checked


def test_without_a_scanner_nothing_is_sent(settings: Any) -> None:
    settings.HEARTH_CLAMD_SOCKET = ""
    assert uploads.check("evidence.pdf", PDF).key == "pdf"


def test_an_import_is_scanned_and_its_name_checked_as_well(clamd: FakeClamd) -> None:
    from hearth.repairs import imports

    header = b"code,description,unit,rate,trade\n"
    with pytest.raises(ValidationError) as refused:
        imports.read_rate_file("rates.csv", io.BytesIO(header + b"EICAR,x,each,1.00,Joinery\n"))
    assert EICAR_NAME in refused.value.message_dict["file"][0]
    rows = imports.read_rate_file("rates.csv", io.BytesIO(header + b"100010,Ease door,each,1.00,Joinery\n"))
    assert rows[0][1]["code"] == "100010" and len(clamd.received) == 2
