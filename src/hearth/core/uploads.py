"""What may be uploaded: a file is judged by what it holds, not by its name, against a table of
allowed types; then, where one is set up, a virus scanner (ClamAV's clamd) reads it.

Every upload goes through `check`: attachments (`core.files.attach`: the Files tabs, lettings
evidence, advert photos, repair order photos) and the imported payment files and schedules of
rates, which keep their own CSV and Excel checks as well. A file is refused, with a sentence on its
field, when

- it is a program or script (a Windows, Linux or macOS program, a script starting `#!`), a web
  page or SVG image (either can run scripts when opened), or an Office document with macros;
- what it holds is none of the allowed types below;
- its name does not end with an extension its type may carry (a PDF named `.exe`). Names are
  compared with trailing spaces and dots taken off and case folded, as Windows opens them, so
  `run.EXE ` and `run.exe.` are the program `run.exe`;
- the virus scanner finds a virus in it, or a scanner is set up but cannot be reached (the check
  fails closed).

The allowed types are a table in this module (`TYPES`), not a database table: recognising a type
takes code (the signature at the start of a PDF, the parts inside a Word file), so a new type is a
code change in any case, and an administrator narrows the table for attachments with the setting
`HEARTH_UPLOAD_TYPES` (comma-separated keys, for example `pdf,jpeg,png,docx,xlsx,text`) without a
migration. An import says which types it reads itself. The content type stored with a file is the
table's, never the one the browser sent.

The virus scan speaks clamd's INSTREAM protocol over the socket named by `HEARTH_CLAMD_SOCKET`: a
path (a Unix socket) or `host:port`. It is off when the setting is empty.
"""

from __future__ import annotations

import codecs
import io
import re
import socket
import struct
import zipfile
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError

HEAD = 8192  # how much of the start of a file the signatures read
CHUNK = 64 * 1024
MAX_PART = 1024 * 1024  # largest part of a zip file read to recognise it (no zip bomb is unpacked)
CLAMD_TIMEOUT = 30.0  # seconds to wait for the virus scanner at each step

PROGRAM = "The selected file must not be a program or script."
WEB_PAGE = (
    "The selected file must not be a web page or an SVG image, which can run scripts when opened. "
    "Save it as a PDF and attach that."
)
MACROS = (
    "The selected file must not be an Office document with macros. Save it as a Word, Excel or "
    "PowerPoint file without macros (.docx, .xlsx or .pptx) and attach that."
)
NOT_SCANNED = (
    "The selected file could not be checked for viruses, so it was not accepted. Try again later; "
    "if this keeps happening, tell your system administrator."
)

PROGRAM_EXTENSIONS = frozenset(
    ".app .apk .bash .bat .cmd .com .cpl .dll .exe .gadget .hta .jar .js .jse .lnk .msc .msi .msp "
    ".pif .pl .ps1 .psm1 .py .rb .reg .scr .sh .sys .vb .vbe .vbs .ws .wsc .wsf .wsh".split()
)
WEB_EXTENSIONS = frozenset(".htm .html .mht .mhtml .shtml .svg .svgz .xht .xhtml".split())
MACRO_EXTENSIONS = frozenset(".docm .dotm .potm .ppam .ppsm .pptm .sldm .xlam .xlsb .xlsm .xltm".split())
BY_NAME = ((PROGRAM_EXTENSIONS, PROGRAM), (WEB_EXTENSIONS, WEB_PAGE), (MACRO_EXTENSIONS, MACROS))


class Refused(Exception):
    """What a file holds refuses it whatever its name: `sentence` says why."""

    def __init__(self, sentence: str) -> None:
        super().__init__(sentence)
        self.sentence = sentence


class Sample:
    """The file being checked: its first bytes, and the whole file for the types that need it."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        stream.seek(0)
        self.head = stream.read(HEAD)
        stream.seek(0)
        self._zip: zipfile.ZipFile | None | bool = False
        self._ole: list[str] | None | bool = False
        self._text: dict[bool, bool] = {}

    def zip(self) -> zipfile.ZipFile | None:
        """The file as a zip archive, or None when it is not one."""
        if self._zip is False:
            self._zip = None
            if self.head.startswith(b"PK\x03\x04"):
                try:
                    self._zip = zipfile.ZipFile(self.stream)
                except (zipfile.BadZipFile, OSError, ValueError):
                    self._zip = None
        return self._zip if isinstance(self._zip, zipfile.ZipFile) else None

    def zip_part(self, name: str) -> bytes:
        """A small part of the zip archive (at most MAX_PART bytes of it); empty when it has none."""
        archive = self.zip()
        if archive is None:
            return b""
        try:
            with archive.open(name) as part:
                return part.read(MAX_PART)
        except (KeyError, zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
            return b""

    def ole_names(self) -> list[str] | None:
        """The stream and storage names of an OLE compound file (Outlook .msg, old .doc and .xls)."""
        if self._ole is False:
            self._ole = ole_directory_names(self.stream) if self.head.startswith(OLE) else None
            self.stream.seek(0)
        return self._ole if isinstance(self._ole, list) else None

    def is_text(self, *, utf8: bool = True) -> bool:
        """True when the whole file is text: no NUL byte and, with `utf8`, valid UTF-8 throughout
        (a byte order mark is fine)."""
        if utf8 not in self._text:
            self._text[utf8] = self._read_as_text(utf8)
        return self._text[utf8]

    def _read_as_text(self, utf8: bool) -> bool:
        decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.stream.seek(0)
        try:
            while chunk := self.stream.read(CHUNK):
                if b"\x00" in chunk:
                    return False
                if utf8:
                    decoder.decode(chunk)
            if utf8:
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
        finally:
            self.stream.seek(0)
        return True


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PROGRAM_HEADS: tuple[bytes, ...] = (
    b"MZ",  # Windows
    b"\x7fELF",  # Linux
    *(b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe"),  # macOS
    b"\xca\xfe\xba\xbe",  # macOS (several processors) and Java classes
    b"#!",  # scripts
)
_WEB = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|svg|iframe|object|embed|hta:application)[\s>/]", re.I
)
_HEADER_LINE = re.compile(rb"[!-9;-~]+:[ \t]?[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*")
_MAIL_FIELDS = frozenset(b"from to date subject message-id received return-path mime-version".split())


def refuse_dangerous(sample: Sample) -> None:
    """Refuse programs, scripts and Office documents with macros by what they hold."""
    if sample.head.startswith(_PROGRAM_HEADS):
        raise Refused(PROGRAM)
    archive = sample.zip()
    if archive is not None:
        names = [n.lower() for n in archive.namelist()]
        content_types = sample.zip_part("[Content_Types].xml").lower()
        if any(n.rsplit("/", 1)[-1] == "vbaproject.bin" for n in names) or b"macroenabled" in content_types:
            raise Refused(MACROS)
        if any(n.startswith(("basic/", "scripts/")) for n in names):  # OpenDocument macros
            raise Refused(MACROS)
    ole = sample.ole_names()
    if ole is not None and {"macros", "_vba_project_cur", "vba"} & {n.lower() for n in ole}:
        raise Refused(MACROS)


def refuse_web_page(sample: Sample) -> None:
    """Refuse a text file that is a web page, an SVG image or an HTML application, whatever its name:
    a browser would run its scripts (it looks at the first kilobyte, as browsers sniff)."""
    if _WEB.search(sample.head[:1024]):
        raise Refused(WEB_PAGE)


def ole_directory_names(stream: IO[bytes]) -> list[str] | None:
    """The names of the streams and storages in an OLE compound file (the container of Outlook .msg
    files and of old Word and Excel files), read from its directory; None when it is not one."""
    stream.seek(0)
    header = stream.read(512)
    if len(header) < 512 or not header.startswith(OLE):
        return None
    shift = struct.unpack_from("<H", header, 30)[0]
    if shift not in (9, 12):
        return None
    size = 1 << shift
    fat_count, first_directory = struct.unpack_from("<LL", header, 44)
    next_difat, difat_count = struct.unpack_from("<LL", header, 68)

    def sector(number: int) -> tuple[int, ...]:
        stream.seek((number + 1) * size)
        data = stream.read(size)
        if len(data) < size:
            raise ValueError("short sector")
        return struct.unpack(f"<{size // 4}L", data)

    try:
        fat_sectors = [s for s in struct.unpack_from("<109L", header, 76) if s < _LAST_SECTOR]
        for _ in range(min(difat_count, 64)):  # more FAT sectors than the header lists
            if next_difat >= _LAST_SECTOR or len(fat_sectors) >= fat_count:
                break
            entries = sector(next_difat)
            fat_sectors += [s for s in entries[:-1] if s < _LAST_SECTOR]
            next_difat = entries[-1]
        # at most MAX_FAT_SECTORS (they map 512 MB and more): no crafted file makes this run long
        fat = [link for number in fat_sectors[: min(fat_count, MAX_FAT_SECTORS)] for link in sector(number)]
        names: list[str] = []
        number, seen = first_directory, set()
        while number < min(len(fat), _LAST_SECTOR) and number not in seen:
            seen.add(number)
            stream.seek((number + 1) * size)
            data = stream.read(size)
            for at in range(0, len(data) - 127, 128):
                length, kind = struct.unpack_from("<HB", data, at + 64)
                if kind in (1, 2, 5) and 2 <= length <= 64:
                    names.append(data[at : at + length - 2].decode("utf-16-le", "replace"))
            number = fat[number]
    except (ValueError, struct.error):
        return None
    return names


_LAST_SECTOR = 0xFFFFFFFA  # sector numbers from here on mark free sectors, ends of chains and the FAT
MAX_FAT_SECTORS = 8192


def starts(*signatures: bytes, at: int = 0) -> Callable[[Sample], bool]:
    return lambda s: any(s.head[at:].startswith(sig) for sig in signatures)


def webp(sample: Sample) -> bool:
    return sample.head.startswith(b"RIFF") and sample.head[8:12] == b"WEBP"


HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1")


def heif(sample: Sample) -> bool:
    return sample.head[4:8] == b"ftyp" and sample.head[8:12] in HEIF_BRANDS


def office(main_part: str) -> Callable[[Sample], bool]:
    """An Office Open XML file whose main part has the content type `…officedocument.<main_part>`."""
    wanted = f"application/vnd.openxmlformats-officedocument.{main_part}.main+xml".encode()
    return lambda s: wanted in s.zip_part("[Content_Types].xml")


def opendocument(kind: str) -> Callable[[Sample], bool]:
    """An OpenDocument file: a zip archive whose first part, `mimetype`, names the kind."""

    def detect(sample: Sample) -> bool:
        archive = sample.zip()
        if archive is None or not archive.namelist() or archive.namelist()[0] != "mimetype":
            return False
        return sample.zip_part("mimetype").strip() == f"application/vnd.oasis.opendocument.{kind}".encode()

    return detect


def is_mail(sample: Sample) -> bool:
    """An e-mail saved as a file (RFC 822 / 5322): header lines, `Name: value`, up to a blank line,
    among them at least two of From, To, Date, Subject and the like; no NUL byte anywhere."""
    head = sample.head.lstrip(b"\r\n")
    names: set[bytes] = set()
    at = 0
    while (line := _HEADER_LINE.match(head, at)) is not None:
        names.add(line.group().split(b":", 1)[0].lower())
        at = line.end()
    ended = head[at : at + 1] == b"\n" or head[at : at + 2] == b"\r\n" or at == len(head) > 0
    return ended and len(names & _MAIL_FIELDS) >= 2 and sample.is_text(utf8=False)


def outlook_message(sample: Sample) -> bool:
    """An Outlook message (.msg): an OLE compound file with Outlook's property and value streams."""
    names = sample.ole_names() or []
    return "__properties_version1.0" in names and any(n.startswith("__substg1.0_") for n in names)


def ole_document(stream_name: str) -> Callable[[Sample], bool]:
    """An old binary Office file (.doc, .xls): an OLE compound file holding its main stream. One
    with macros is refused before the types are tried."""

    def detect(sample: Sample) -> bool:
        return stream_name in {n.lower() for n in sample.ole_names() or []}

    return detect


def text(sample: Sample) -> bool:
    return sample.is_text()


@dataclass(frozen=True)
class FileType:
    """A kind of file that may be uploaded: how its content is recognised, the extensions its name
    may end with (the first is the usual one), and the content type stored with it."""

    key: str
    name: str
    family: str
    extensions: tuple[str, ...]
    content_type: str
    detect: Callable[[Sample], bool]


def _office(key: str, name: str, part: str) -> FileType:
    content_type = f"application/vnd.openxmlformats-officedocument.{part}"
    return FileType(key, name, "office", (f".{key}",), content_type, office(part))


def _opendocument(key: str, kind: str) -> FileType:
    content_type = f"application/vnd.oasis.opendocument.{kind}"
    return FileType(key, kind, "opendocument", (f".{key}",), content_type, opendocument(kind))


TYPES: tuple[FileType, ...] = (
    FileType("pdf", "PDF", "pdf", (".pdf",), "application/pdf", starts(b"%PDF-")),
    FileType("jpeg", "JPEG", "picture", (".jpg", ".jpeg", ".jpe"), "image/jpeg", starts(b"\xff\xd8\xff")),
    FileType("png", "PNG", "picture", (".png",), "image/png", starts(b"\x89PNG\r\n\x1a\n")),
    FileType("gif", "GIF", "picture", (".gif",), "image/gif", starts(b"GIF87a", b"GIF89a")),
    FileType("webp", "WebP", "picture", (".webp",), "image/webp", webp),
    FileType("tiff", "TIFF", "picture", (".tif", ".tiff"), "image/tiff", starts(b"II*\x00", b"MM\x00*")),
    FileType("heic", "HEIC", "picture", (".heic", ".heif"), "image/heic", heif),
    _office("docx", "Word", "wordprocessingml.document"),
    _office("xlsx", "Excel", "spreadsheetml.sheet"),
    _office("pptx", "PowerPoint", "presentationml.presentation"),
    FileType("doc", "Word", "office", (".doc",), "application/msword", ole_document("worddocument")),
    FileType("xls", "Excel", "office", (".xls",), "application/vnd.ms-excel", ole_document("workbook")),
    _opendocument("odt", "text"),
    _opendocument("ods", "spreadsheet"),
    _opendocument("odp", "presentation"),
    FileType("eml", "e-mail", "email", (".eml",), "message/rfc822", is_mail),
    FileType("msg", "Outlook", "email", (".msg",), "application/vnd.ms-outlook", outlook_message),
    FileType("text", "text", "text", (".txt", ".text"), "text/plain", text),
    FileType("csv", "CSV", "text", (".csv",), "text/csv", text),
)
BY_KEY = {t.key: t for t in TYPES}


def _family(family: str, types: list[FileType]) -> str:
    """How a family of types is named in the sentence that lists what may be uploaded."""
    names = _or(list(dict.fromkeys(t.name for t in types)))  # Word once, for .docx and .doc
    extensions = ", ".join(t.extensions[0] for t in types)
    return {
        "pdf": "a PDF",
        "picture": f"a picture ({names})",
        "office": f"a {names} file without macros ({extensions})",
        "opendocument": f"an OpenDocument file ({extensions})",
        "email": f"an e-mail ({extensions})",
        "text": f"a {names} file",
    }[family]


def _or(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def allowed_types(keys: Collection[str] | None = None) -> list[FileType]:
    """The types `keys` names (an import's own), or those attachments may be (`HEARTH_UPLOAD_TYPES`,
    every type when it is empty)."""
    if keys is None:
        configured = settings.HEARTH_UPLOAD_TYPES
        keys = [k.strip().lower() for k in configured.split(",") if k.strip()] or list(BY_KEY)
    unknown = sorted(set(keys) - set(BY_KEY))
    if unknown:
        raise ImproperlyConfigured(f"HEARTH_UPLOAD_TYPES names unknown types: {', '.join(unknown)}")
    return [t for t in TYPES if t.key in keys]


def may_be(types: list[FileType]) -> str:
    """The sentence that says what a file may be: "The selected file must be a PDF or a picture (…)."."""
    families = {t.family: [u for u in types if u.family == t.family] for t in types}
    return f"The selected file must be {_or([_family(f, ts) for f, ts in families.items()])}."


def normalised_name(name: str) -> str:
    """A file name as it is compared: its last path part, trailing spaces and dots taken off (Windows
    opens `run.exe.` and `run.exe ` as `run.exe`), case folded."""
    return name.replace("\\", "/").rsplit("/", 1)[-1].rstrip(" .").casefold()


def extension(name: str) -> str:
    """The extension of a file name as it is compared (`.pdf`), or "" when it has none."""
    base = normalised_name(name)
    return "." + base.rsplit(".", 1)[1] if "." in base.lstrip(".") else ""


def check(
    name: str,
    data: IO[bytes] | bytes,
    *,
    types: Collection[str] | None = None,
    field: str = "file",
    scanned: bool = True,
) -> FileType:
    """The type of the uploaded file `name` holding `data`, if it is one of `types` (see
    `allowed_types`) and carries a name its type may; otherwise ValidationError({field: sentence}).
    The file is then scanned for viruses when a scanner is set up (`scan`), unless Hearth made it
    itself (`scanned=False`: a letter it has just written cannot wait for a scanner that is down)."""
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    file_type = identify(name, stream, allowed_types(types), field=field)
    if scanned:
        scan(stream, field=field)
    return file_type


def identify(name: str, stream: IO[bytes], allowed: list[FileType], *, field: str = "file") -> FileType:
    """The one of `allowed` that the file is, by content; its name must end as that type's may."""
    ext = extension(name)
    sample = Sample(stream)
    try:
        refuse_by_name(ext)
        refuse_dangerous(sample)
        matches = [t for t in allowed if t.detect(sample)]
        if not matches or matches[0].family == "text":
            refuse_web_page(sample)
    except Refused as exc:
        raise ValidationError({field: [exc.sentence]}) from None
    finally:
        stream.seek(0)
    if not matches:
        raise ValidationError({field: [may_be(allowed)]})
    for file_type in matches:
        if ext in file_type.extensions:
            return file_type
    found = matches[0]
    ends = f"ends {ext}" if ext else "has no extension"
    raise ValidationError(
        {
            field: [
                f"The selected file is {_a(found)} but its name {ends}. Rename it to end "
                f"{found.extensions[0]} and select it again."
            ]
        }
    )


def refuse_by_name(ext: str) -> None:
    """A name that says program, web page or macros is refused as such, whatever the file holds."""
    for extensions, sentence in BY_NAME:
        if ext in extensions:
            raise Refused(sentence)


def _a(file_type: FileType) -> str:
    """The type as the mismatch sentence names it: "a PDF", "a JPEG picture", "an Excel file"."""
    what = {
        "pdf": "PDF",
        "picture": f"{file_type.name} picture",
        "opendocument": f"OpenDocument {file_type.name} file",
    }.get(file_type.family, f"{file_type.name} file")
    return f"{'an' if what[0] in 'AEIOUaeiou' else 'a'} {what}"


# --- the virus scan ------------------------------------------------------------------------------


def scan(stream: IO[bytes], *, field: str = "file") -> None:
    """Refuse the file when clamd finds a virus in it, or when a scanner is set up
    (`HEARTH_CLAMD_SOCKET`) but does not answer; nothing when none is set up."""
    where = settings.HEARTH_CLAMD_SOCKET
    if not where:
        return
    try:
        reply = instream(where, stream, timeout=CLAMD_TIMEOUT)
    except (OSError, ValueError):
        raise ValidationError({field: [NOT_SCANNED]}) from None
    finally:
        stream.seek(0)
    if reply.endswith(" FOUND"):
        virus = reply.removeprefix("stream:").removesuffix(" FOUND").strip()
        raise ValidationError(
            {field: [f"The selected file contains a virus ({virus}) and was not accepted."]}
        )
    if reply != "stream: OK":
        raise ValidationError({field: [NOT_SCANNED]})


def instream(where: str, stream: IO[bytes], *, timeout: float) -> str:
    """Send the file to clamd at `where` (a Unix socket path, or host:port) with the INSTREAM command
    and return its answer ("stream: OK", "stream: <name> FOUND" or an error)."""
    if where.startswith("/"):
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        address: str | tuple[str, int] = where
    else:
        host, _, port = where.rpartition(":")
        conn = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
        address = (host.strip("[]"), int(port))
    with conn:
        conn.settimeout(timeout)
        conn.connect(address)
        conn.sendall(b"zINSTREAM\x00")
        stream.seek(0)
        while chunk := stream.read(CHUNK):
            conn.sendall(struct.pack("!L", len(chunk)) + chunk)
        conn.sendall(struct.pack("!L", 0))
        reply = b""
        while not reply.endswith(b"\x00"):
            more = conn.recv(4096)
            if not more:
                break
            reply += more
    return reply.rstrip(b"\x00").decode("utf-8", "replace").strip()
