"""A small partial index over the open dossiers (received, not finished) for "overdue now" on
the dashboards: the count reads the few thousand open rows of the index alone instead of
scanning the agency's whole history (on a million dossiers, 262 ms to a few milliseconds for
the province). Partial indexes work on both engines; SQLite has no INCLUDE, so its index keeps
the same columns as keys."""

from django.db import migrations

NAME = "reports_open_dossiers"
OPEN = "('received', 'in_progress', 'awaiting_supplement', 'awaiting_payment')"
COLUMNS = "procedure_id, original_due_at, due_at, id"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {NAME} ON dossiers_dossier "
            f"(handling_agency_id) INCLUDE ({COLUMNS}) WHERE status IN {OPEN}"
        )
    else:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON dossiers_dossier "
            f"(handling_agency_id, {COLUMNS}) WHERE status IN {OPEN}"
        )


def drop(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"DROP INDEX {concurrently}IF EXISTS {NAME}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [("reports", "0002_target"), ("dossiers", "0006_worklist_covering_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
