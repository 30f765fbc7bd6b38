"""The backup archive: a tar file of the database, the files and, last, the manifest of them all.

The manifest gives each member's SHA-256 and size; a reader takes nothing from an archive until every
member has been read and matched to it, so an archive cut short (no manifest, or a member missing) or
altered (a member that differs) is refused whole. The manifest is a check against damage, not a
signature: keep backups where only the people who may restore them can write.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from hearth.core.backup import BackupError

FORMAT = "hearth-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
FILES = "files/"
CHUNK = 1024 * 1024


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def safe_name(name: str) -> PurePosixPath | None:
    """`name` as a relative path that stays inside its folder; None when it would not."""
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts or any(part in ("", ".", "..") for part in path.parts):
        return None
    return path


class _Hashing:
    """A stream read through, hashing what passes."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.digest.update(data)
        return data


class Writer:
    """A new archive at `dest`, readable by its owner only; it appears under its name only once
    complete (`close`), so an interrupted backup never leaves a plausible archive behind."""

    def __init__(self, dest: Path) -> None:
        self.dest = dest
        self.partial = dest.with_name(dest.name + ".partial")
        self.members: dict[str, dict[str, Any]] = {}
        self.out = os.fdopen(os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")
        self.tar = tarfile.open(fileobj=self.out, mode="w", format=tarfile.PAX_FORMAT)  # noqa: SIM115

    def _member(self, name: str, size: int, mtime: float, stream: IO[bytes]) -> str:
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = size, 0o600, int(mtime)
        reader = _Hashing(stream)
        self.tar.addfile(info, reader)
        self.members[name] = {"sha256": reader.digest.hexdigest(), "size": size}
        return reader.digest.hexdigest()

    def add(self, name: str, path: Path) -> str:
        """Add the file at `path` as `name`; its SHA-256."""
        stat = path.stat()
        with path.open("rb") as stream:
            return self._member(name, stat.st_size, stat.st_mtime, stream)

    def close(self, manifest: dict[str, Any]) -> None:
        """Add `manifest` with the members written so far, and put the archive under its name."""
        data = json.dumps({**manifest, "members": self.members}, indent=1, sort_keys=True).encode()
        self._member(MANIFEST, len(data), os.path.getmtime(self.partial), io.BytesIO(data))
        self.tar.close()
        self.out.flush()
        os.fsync(self.out.fileno())
        self.out.close()
        os.replace(self.partial, self.dest)

    def discard(self) -> None:
        self.tar.close()
        self.out.close()
        self.partial.unlink(missing_ok=True)


@dataclass
class Unpacked:
    """An archive read in full and matched to its manifest, its members in a staging folder."""

    manifest: dict[str, Any]
    folder: Path

    def database(self) -> Path:
        return self.folder / self.manifest["database"]["member"]

    def files(self) -> Iterator[tuple[PurePosixPath, Path, str]]:
        """(name under HEARTH_DATA_DIR/files, staged copy, SHA-256) of each file."""
        for name, member in sorted(self.manifest["members"].items()):
            if name.startswith(FILES):
                yield PurePosixPath(name[len(FILES) :]), self.folder / name, member["sha256"]


def _refused(src: Path, why: str) -> BackupError:
    return BackupError(f"{src} cannot be restored: {why}. Nothing was changed.")


def _read_member(stream: IO[bytes], target: Path | None) -> dict[str, Any]:
    """The SHA-256 and size of a member, copied to `target` unless it is None."""
    digest, size = hashlib.sha256(), 0
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") if target is not None else open(os.devnull, "wb") as out:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            size += out.write(chunk)
    return {"sha256": digest.hexdigest(), "size": size}


def _extract(src: Path, folder: Path | None) -> tuple[dict[str, Any] | None, dict[str, dict[str, Any]]]:
    """Every member of `src` with its SHA-256 and size (copied into `folder` unless it is None), and
    the manifest."""
    seen: dict[str, dict[str, Any]] = {}
    manifest: dict[str, Any] | None = None
    try:
        with tarfile.open(src, mode="r:*") as tar:
            for member in tar:
                path = safe_name(member.name)
                stream = tar.extractfile(member) if member.isfile() else None
                if path is None or stream is None:
                    raise _refused(src, f"it holds {member.name!r}, which a Hearth backup never does")
                if member.name != MANIFEST:
                    seen[member.name] = _read_member(stream, folder / path if folder else None)
                    continue
                try:
                    manifest = json.loads(stream.read())
                except ValueError as exc:
                    raise _refused(src, "its manifest cannot be read") from exc
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise _refused(src, f"it is cut short or damaged ({exc})") from exc
    return manifest, seen


def _some(names: list[str]) -> str:
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def read(src: Path, folder: Path | None = None) -> dict[str, Any]:
    """The manifest of the archive `src`, once every member has been read (and copied into `folder`
    unless it is None) and matched to it."""
    if not src.is_file():
        raise BackupError(f"There is no backup file {src}.")
    manifest, seen = _extract(src, folder)
    if manifest is None:
        raise _refused(src, "it has no manifest, so it is cut short or is not a Hearth backup")
    if manifest.get("format") != FORMAT or not isinstance(manifest.get("members"), dict):
        raise _refused(src, "it is not a Hearth backup")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise _refused(
            src, f"it is in backup format {manifest.get('format_version')}, which this release cannot read"
        )
    expected: dict[str, Any] = manifest["members"]
    missing = sorted(set(expected) - set(seen))
    if missing:
        raise _refused(src, f"it is cut short: {_some(missing)} named in its manifest are not in it")
    extra = sorted(set(seen) - set(expected))
    if extra:
        raise _refused(src, f"it holds members its manifest does not name ({_some(extra)})")
    altered = sorted(name for name, member in expected.items() if member != seen[name])
    if altered:
        raise _refused(src, f"{_some(altered)} differ from the manifest: altered or damaged since the backup")
    if manifest["database"]["member"] not in seen:
        raise _refused(src, "it holds no database")
    return manifest
