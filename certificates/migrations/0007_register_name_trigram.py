"""The public register's name search gets a trigram index (PostgreSQL only).

``company_name__icontains`` is ``UPPER(company_name::text) LIKE UPPER('%term%')`` on
PostgreSQL: a GIN index with ``gin_trgm_ops`` on that expression answers it without reading
every certificate. SQLite has neither pg_trgm nor GIN: there both steps do nothing. The
index is not in the model's state either, so that rebuilding the table on SQLite in a later
migration never tries to create it there.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "certificate_name_trgm"


class OnPostgreSQL:
    """Runs the operation's SQL only on PostgreSQL, both ways."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class TrigramExtensionOnPostgreSQL(OnPostgreSQL, TrigramExtension):
    pass


class RunSQLOnPostgreSQL(OnPostgreSQL, migrations.RunSQL):
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0006_stored_decision"),
    ]

    operations = [
        TrigramExtensionOnPostgreSQL(),
        RunSQLOnPostgreSQL(
            sql=(
                f"CREATE INDEX {INDEX} ON certificates_certificate "
                "USING gin ((UPPER(company_name::text)) gin_trgm_ops)"
            ),
            reverse_sql=f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
