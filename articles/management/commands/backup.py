"""`manage.py backup FOLDER`: a consistent copy of the database and the media, while the site runs."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = (
        "Copy the database (SQLite's online backup, or pg_dump's custom format for PostgreSQL) "
        "and the media folder into FOLDER. See the README's Backups section for restoring."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, folder, **options):
        folder.mkdir(parents=True, exist_ok=True)
        if any(folder.iterdir()):
            raise CommandError(f"{folder} is not empty: a backup never overwrites another.")
        # The database first: media files are never overwritten or renamed, so every file the
        # copied rows name is already in the folder copied after them.
        database = self._database(folder)
        media = self._media(folder)
        self.stdout.write(f"Database: {database}\nMedia: {media}")

    def _database(self, folder):
        vendor = connection.vendor
        params = connection.settings_dict
        if vendor == "sqlite":
            target = folder / "db.sqlite3"
            connection.ensure_connection()
            copy = sqlite3.connect(target)
            with copy:
                # SQLite's online backup: a consistent copy while others read and write.
                connection.connection.backup(copy)
            copy.close()
            return target
        if vendor == "postgresql":
            target = folder / "newsroom.dump"
            command = ["pg_dump", "--format=custom", "--no-owner", f"--file={target}"]
            for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
                if params.get(key):
                    command.append(f"{option}={params[key]}")
            command.append(params["NAME"])
            environment = {**os.environ}
            if params.get("PASSWORD"):
                environment["PGPASSWORD"] = params["PASSWORD"]
            result = subprocess.run(command, env=environment, capture_output=True, text=True)
            if result.returncode:
                raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
            return target
        raise CommandError(f"No backup for the {vendor} database; use its own tools.")

    def _media(self, folder):
        if not isinstance(default_storage, FileSystemStorage):
            return "in the bucket: copy it with the bucket's own tools (see the README)"
        root = Path(settings.MEDIA_ROOT)
        if not root.exists():
            return "none yet"
        shutil.copytree(root, folder / "media")
        return folder / "media"
