"""Covering indexes on dossiers for the reports (Biểu 06, the 766 index, the dashboards).

A report period is two index ranges per handling agency: dossiers finished since its start,
and dossiers not finished; a reception count is one range on the reception time. With every
column the reports read stored in the index, the database answers from the index alone and
never visits the wide dossier rows: at five million dossiers, a province quarter reads a few
tens of megabytes instead of the 1.5 GB table. Measured in ``bench/bench_reports.py``.

The indexes belong to the reports, so they live in the reports' migrations (the dossier model
does not know them). On PostgreSQL they are built CONCURRENTLY, without blocking intake; SQLite
has no INCLUDE, so its indexes carry the same columns as keys. SQLite rebuilds a table for some
schema changes and then keeps only the indexes Django knows: these would be lost there, which
slows the demo's reports down but changes no figure."""

from django.db import migrations

COVERED = (
    "id, field_id, procedure_id, case_id, channel, outcome, status, original_due_at, "
    "due_at, dvcqg_due_at"
)
INDEXES = {
    "reports_dossier_by_finish": ("finished_at", f"received_at, {COVERED}"),
    "reports_dossier_by_receipt": ("received_at", f"finished_at, {COVERED}"),
}


def create(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for name, (key, covered) in INDEXES.items():
        if postgres:
            schema_editor.execute(
                f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON dossiers_dossier "
                f"(handling_agency_id, {key}) INCLUDE ({covered})"
            )
        else:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON dossiers_dossier "
                f"(handling_agency_id, {key}, {covered})"
            )


def drop(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX {concurrently}IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [("dossiers", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
