"""`hearth backup` and `hearth restore`: an instance backed up, wiped and restored has the same rows in
every table and the same files, byte for byte, and on PostgreSQL a ledger that still refuses to be
changed; an archive cut short or altered, of another database or a newer release, or a restore into an
instance that holds data, is refused with the reason and changes nothing.

The tests run outside a transaction (`transaction=True`): `pg_dump` and `pg_restore` are separate
processes and see only what is committed, as in production."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from factories import RentAccountFactory
from hearth.core import files
from hearth.core.backup import database
from hearth.rents import services as rents
from hearth.rents.models import Transaction

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "files"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def instance(senior: User, media: Path) -> Transaction:
    """A rent account with a payment on its ledger, and two files attached; the payment."""
    account = RentAccountFactory(actor=senior)
    payment = rents.post_payment(
        actor=senior, account=account, amount="10.00", paid_on=dt.date(2025, 1, 6), channel="cash"
    )
    for name, content in (
        ("tenancy.pdf", b"%PDF-1.4 signed agreement"),
        ("photo.png", b"\x89PNG\r\n\x1a\n damp wall"),
    ):
        upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
        files.attach(actor=senior, record=account.tenancy, upload=upload, description=name)
    return payment


def rows() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    return {table: count for table, count in zip(tables, map(_count, tables), strict=True)}


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return int(cursor.fetchone()[0])


def hashes(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }


def wipe(media: Path) -> None:
    """An empty instance, as a new database and files folder would be."""
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)
    media.mkdir()
    assert database.tables_holding_data() == []


def rewritten(archive: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """A copy of `archive` with each member's content passed through `change` (None: left out)."""
    out = archive.with_name("changed-" + archive.name)
    with tarfile.open(archive) as old, tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as new:
        for member in old:
            stream = old.extractfile(member)
            assert stream is not None
            data = change(member.name, stream.read())
            if data is not None:
                member.size = len(data)
                new.addfile(member, io.BytesIO(data))
    return out


def restore_refused(archive: Path, reason: str) -> None:
    with pytest.raises(CommandError, match=reason):
        call_command("restore", str(archive))


def test_a_backup_restored_into_an_empty_instance_has_every_row_and_file_back(
    instance: Transaction, media: Path, tmp_path: Path
) -> None:
    before_rows, before_files = rows(), hashes(media)
    assert before_rows["rents_transaction"] >= 1 and len(before_files) == 2
    archive = tmp_path / "hearth.tar"
    call_command("backup", str(archive), verbosity=0)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["tables"] == before_rows
    assert "0001_initial" in manifest["migrations"]["rents"]
    assert {
        name.removeprefix("files/"): m["sha256"]
        for name, m in manifest["members"].items()
        if name.startswith("files/")
    } == before_files

    wipe(media)
    call_command("restore", str(archive), verbosity=0)

    assert rows() == before_rows
    assert hashes(media) == before_files
    assert Transaction.objects.get(pk=instance.pk).amount == instance.amount
    if connection.vendor == "postgresql":  # the ledger's triggers came back with the schema
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("UPDATE rents_transaction SET amount = 1 WHERE id = %s", [instance.pk])


def test_a_restore_into_an_instance_that_holds_data_is_refused(
    instance: Transaction, media: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "hearth.tar"
    call_command("backup", str(archive), verbosity=0)
    before_rows, before_files = rows(), hashes(media)
    restore_refused(archive, r"This instance already holds data \(in auth_user, .*\)\. A restore only fills")
    assert rows() == before_rows and hashes(media) == before_files


def test_an_archive_cut_short_or_altered_is_refused_and_changes_nothing(
    instance: Transaction, media: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "hearth.tar"
    call_command("backup", str(archive), verbosity=0)
    whole = archive.read_bytes()
    wipe(media)
    empty_rows = rows()

    cut = tmp_path / "cut.tar"
    cut.write_bytes(whole[: len(whole) // 2])
    restore_refused(cut, "cut.tar cannot be restored: it is cut short or damaged .*Nothing was changed.")
    no_manifest = rewritten(archive, lambda name, data: None if name == "manifest.json" else data)
    restore_refused(no_manifest, "it has no manifest, so it is cut short")
    no_file = rewritten(archive, lambda name, data: None if name.endswith("photo.png") else data)
    restore_refused(no_file, r"it is cut short: files/attachments/.*photo\.png named in its manifest")

    def alter(name: str, data: bytes) -> bytes:
        return data.replace(b"signed", b"forged") if name.endswith("tenancy.pdf") else data

    restore_refused(
        rewritten(archive, alter),
        r"files/attachments/.*tenancy\.pdf differ from the manifest: altered or damaged",
    )
    assert rows() == empty_rows and hashes(media) == {}


def test_a_backup_of_another_database_or_a_newer_release_is_refused(
    instance: Transaction, media: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "hearth.tar"
    call_command("backup", str(archive), verbosity=0)
    wipe(media)

    def manifest_with(**changes: Any) -> Callable[[str, bytes], bytes]:
        def change(name: str, data: bytes) -> bytes:
            return json.dumps({**json.loads(data), **changes}).encode() if name == "manifest.json" else data

        return change

    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    member = database.MEMBER[connection.vendor]
    restore_refused(
        rewritten(archive, manifest_with(database={"vendor": other, "member": member})),
        f"This is a backup of a {database.NAMES[other]} database and this instance uses "
        f"{database.NAMES[connection.vendor]}. Restore into the same kind of database",
    )
    with tarfile.open(archive) as tar:
        migrations = json.load(tar.extractfile("manifest.json"))["migrations"]  # type: ignore[arg-type]
    newer = {**migrations, "rents": [*migrations["rents"], "9999_from_the_future"]}
    restore_refused(
        rewritten(archive, manifest_with(migrations=newer, hearth_version="9.0")),
        r"made by a newer release of Hearth \(9\.0\): it has migrations this release does not know "
        r"\(rents 9999_from_the_future\)",
    )
    assert database.tables_holding_data() == [] and hashes(media) == {}


def test_a_file_missing_from_the_files_folder_is_reported_and_the_rest_backed_up(
    instance: Transaction, media: Path, tmp_path: Path
) -> None:
    (photo,) = media.rglob("photo*.png")
    photo.unlink()
    archive = tmp_path / "hearth.tar"
    with pytest.raises(CommandError, match=r"could not be backed up as they were attached:\n.*photo.*not in"):
        call_command("backup", str(archive), verbosity=0)
    call_command("restore", str(archive), "--check", verbosity=0)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert any(name.endswith("tenancy.pdf") for name in names) and not any("photo" in n for n in names)


def test_a_backup_never_overwrites_another(instance: Transaction, tmp_path: Path) -> None:
    archive = tmp_path / "hearth.tar"
    archive.write_bytes(b"last night's")
    with pytest.raises(CommandError, match="already exists. A backup never overwrites another"):
        call_command("backup", str(archive), verbosity=0)
    assert archive.read_bytes() == b"last night's"
