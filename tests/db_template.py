"""SQLite's in-memory test database, copied from a template migrated once per set of migrations.

Migrating an empty database costs about 9 CPU-seconds, and every xdist worker made its own.
The first worker to need one migrates as Django always does, then keeps a copy of the result
(schema, content types, permissions, the cache table) in ``.test-db/`` (ignored by git);
the other workers, and later runs, copy it into their own in-memory database with SQLite's
backup API instead of migrating. The template's name is a digest of every installed app's
migration files, of Django's and SQLite's versions and of the tables of apps without
migrations, so a new or changed migration always makes a new template by migrating.

Migrations stay tested: the first run after a change migrates, the README walk migrates an
empty file (``make demo``), and the PostgreSQL run, which this leaves alone, migrates its
database whenever it makes one.
"""

import contextlib
import fcntl
import hashlib
import os
import sqlite3
from pathlib import Path
from unittest import mock

import django
from django.apps import apps
from django.db.backends.sqlite3.creation import DatabaseCreation
from django.db.migrations.loader import MigrationLoader

FOLDER = Path(__file__).resolve().parents[1] / ".test-db"
_used: list[Path] = []  # the template this process's test database came from


def _digest(connection) -> str:
    """What the migrated schema depends on: migrations, versions, unmigrated apps' tables."""
    digest = hashlib.sha256(f"{django.__version__} {sqlite3.sqlite_version}".encode())
    unmigrated = MigrationLoader(None, ignore_no_migrations=True).unmigrated_apps
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label):
        if config.label in unmigrated:
            for model in config.get_models(include_auto_created=True):
                columns = [(f.column, f.db_type(connection)) for f in model._meta.local_fields]
                digest.update(repr((model._meta.db_table, columns)).encode())
            continue
        for path in sorted((Path(config.path) / "migrations").glob("*.py")):
            digest.update(f"{config.label}/{path.name}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def _locked():
    """One worker at a time makes or reads the template (the others wait for it)."""
    FOLDER.mkdir(exist_ok=True)
    with open(FOLDER / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _save(connection, template: Path) -> None:
    """Copy the migrated database to ``template``, replacing the templates of other digests."""
    partial = template.with_suffix(f".{os.getpid()}.partial")
    target = sqlite3.connect(partial)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    for old in FOLDER.glob("*.sqlite3"):
        old.unlink()
    partial.replace(template)


def _restore_instead_of_migrate(template: Path, call_command):
    """``call_command`` for create_test_db, with "migrate" a copy of ``template``."""

    def call(name, *args, database="default", **options):
        if name != "migrate":
            return call_command(name, *args, database=database, **options)
        from django.db import connections

        connection = connections[database]
        connection.ensure_connection()
        source = sqlite3.connect(template)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return None

    return call


def _create_test_db(original):
    def create_test_db(self, *args, **kwargs):
        if not self.is_in_memory_db(self._get_test_db_name()):
            return original(self, *args, **kwargs)
        template = FOLDER / f"{_digest(self.connection)}.sqlite3"
        _used.append(template)
        with _locked():
            if not template.exists():
                name = original(self, *args, **kwargs)
                _save(self.connection, template)
                return name
            from django.core import management

            restore = _restore_instead_of_migrate(template, management.call_command)
            with mock.patch.object(management, "call_command", restore):
                return original(self, *args, **kwargs)

    return create_test_db


def in_memory_from_template():
    """A patch of SQLite's create_test_db, for the time the test databases are set up."""
    return mock.patch.object(
        DatabaseCreation, "create_test_db", _create_test_db(DatabaseCreation.create_test_db)
    )


def template_used() -> Path | None:
    """The migrated template of this run, once the test database is set up from one.

    None where the test database is not SQLite's in-memory one (the PostgreSQL run).
    """
    return _used[-1] if _used and _used[-1].exists() else None
