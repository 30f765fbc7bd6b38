"""Search matches word prefixes through a full-text GIN index on PostgreSQL (see ADR 0002).

The trigram index matched any substring, but common fragments made it read hundreds of thousands
of candidate rows at a million records; word prefixes are what officers type.
"""

from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS core_searchentry_text_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS core_searchentry_text_fts "
        "ON core_searchentry USING gin (to_tsvector('simple', text))"
    )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS core_searchentry_text_fts")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS core_searchentry_text_trgm ON core_searchentry USING gin (text gin_trgm_ops)"
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0002_search_trigram")]
    operations = [migrations.RunPython(forwards, backwards)]
