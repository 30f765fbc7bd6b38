"""`backup`, `check` and `restore` of a whole instance (see the package's description)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from hearth.core.backup import BackupError, database
from hearth.core.backup.archive import (
    FILES,
    FORMAT,
    FORMAT_VERSION,
    Unpacked,
    Writer,
    read,
    safe_name,
    sha256,
)


@dataclass
class Summary:
    """What a backup wrote, a check found or a restore put back."""

    manifest: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    pending_migrations: int = 0

    def describe(self) -> str:
        members = self.manifest["members"].values()
        files = sum(1 for name in self.manifest["members"] if name.startswith(FILES))
        rows = sum(self.manifest["tables"].values())
        megabytes = sum(member["size"] for member in members) / 1024 / 1024
        return f"{rows:,} rows in {len(self.manifest['tables'])} tables and {files:,} files ({megabytes:,.1f} MB)"


def _hearth_version() -> str:
    try:
        return metadata.version("hearth")
    except metadata.PackageNotFoundError:
        return "unknown"


def _copy_files(writer: Writer, files: list[tuple[str, str]], media: Path) -> list[str]:
    """Add each file the database names; the problems found (missing, or not as attached)."""
    problems = []
    for name, recorded in files:
        path = safe_name(name)
        if path is None or not (media / path).is_file():
            problems.append(f"{name}: named by the database but not in {media}")
            continue
        digest = writer.add(FILES + str(path), media / path)
        if recorded and digest != recorded:
            problems.append(f"{name}: differs from the checksum recorded when it was attached")
    return problems


def backup(dest: Path) -> Summary:
    """Write the whole instance to the new archive `dest`."""
    database.outside_transaction()
    vendor = database.vendor()
    if dest.exists():
        raise BackupError(f"{dest} already exists. A backup never overwrites another: choose a new name.")
    if not dest.parent.is_dir():
        raise BackupError(f"There is no folder {dest.parent} to write the backup in.")
    if dest.with_name(dest.name + ".partial").exists():
        raise BackupError(
            f"{dest}.partial exists: a backup to {dest.name} is running, or one was interrupted (then delete it)."
        )
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".hearth-backup-") as work:
        dump = Path(work) / database.MEMBER[vendor]
        taken_at = timezone.now()
        moment = database.dump(dump)
        writer = Writer(dest)
        try:
            writer.add(database.MEMBER[vendor], dump)
            problems = _copy_files(writer, moment.files, Path(settings.MEDIA_ROOT))
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": taken_at.isoformat(timespec="seconds"),
                "hearth_version": _hearth_version(),
                "database": {"vendor": vendor, "member": database.MEMBER[vendor]},
                "migrations": moment.migrations,
                "tables": moment.tables,
                "problems": problems,
            }
            writer.close(manifest)
        except BaseException:
            writer.discard()
            raise
    return Summary({**manifest, "members": writer.members}, problems)


def check(src: Path) -> Summary:
    """Read the archive `src` in full and match it to its manifest; change nothing."""
    manifest = read(src)
    return Summary(manifest, list(manifest.get("problems", [])))


def _refuse_unless_empty() -> None:
    holding = database.tables_holding_data()
    if holding:
        more = f" and {len(holding) - 5} more" if len(holding) > 5 else ""
        raise BackupError(
            f"This instance already holds data (in {', '.join(holding[:5])}{more}). A restore only fills "
            "an empty database: create a new one, point DATABASE_URL at it and restore into that. "
            "Nothing was changed."
        )


def _refuse_unless_it_fits(unpacked: Unpacked, media: Path) -> None:
    """Refuse a backup of another kind of database, from a newer release, or whose files clash."""
    theirs, ours = unpacked.manifest["database"]["vendor"], database.vendor()
    if theirs != ours:
        raise BackupError(
            f"This is a backup of a {database.NAMES.get(theirs, theirs)} database and this instance uses "
            f"{database.NAMES[ours]}. Restore into the same kind of database; moving between them is not "
            "supported. Nothing was changed."
        )
    unknown = database.unknown_migrations(unpacked.manifest["migrations"])
    if unknown:
        raise BackupError(
            f"This backup was made by a newer release of Hearth ({unpacked.manifest['hearth_version']}): "
            f"it has migrations this release does not know ({', '.join(unknown[:3])}). Restore it with "
            "that release or a later one. Nothing was changed."
        )
    for name, _staged, digest in unpacked.files():
        if (media / name).exists() and sha256(media / name) != digest:
            raise BackupError(
                f"{media / name} already exists and is not the backup's file of that name. Restore into "
                "an empty files folder. Nothing was changed."
            )


@contextmanager
def _files_put_back(unpacked: Unpacked, media: Path) -> Iterator[None]:
    """The backup's files moved into `media`, and taken out again if what follows fails."""
    placed: list[Path] = []
    try:
        for name, staged, _digest in unpacked.files():
            if not (media / name).exists():  # one that exists is the same file (checked before)
                (media / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.move(staged, media / name)
                placed.append(media / name)
        yield
    except BaseException:
        for path in placed:
            path.unlink(missing_ok=True)
        raise


def restore(src: Path) -> Summary:
    """Put the archive `src` back into this empty instance: the files, the database, then a recount."""
    database.outside_transaction()
    _refuse_unless_empty()
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=settings.DATA_DIR, prefix=".hearth-restore-") as folder:
        unpacked = Unpacked(read(src, Path(folder)), Path(folder))
        _refuse_unless_it_fits(unpacked, media)
        with _files_put_back(unpacked, media):
            database.load(unpacked.database())
    ContentType.objects.clear_cache()
    differ = database.recount(unpacked.manifest["tables"])
    if differ:
        raise BackupError("The restore finished but its rows differ from the backup's: " + "; ".join(differ))
    return Summary(
        unpacked.manifest, list(unpacked.manifest.get("problems", [])), database.pending_migrations()
    )
