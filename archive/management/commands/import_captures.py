import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _
from tqdm import tqdm

from archive.errors import CaptureError, DatabaseUnavailable
from archive.normalize import printable_path, read_capture
from archive.parse import parse_capture
from archive.store import CREATED, UNCHANGED, UPDATED, Importer

# Runs shorter than this show no progress bar at all.
PROGRESS_DELAY_SECONDS = 1


def capture_files(paths):
    """Every file named, and every file under every folder named (hidden files left out)."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            yield path


class Command(BaseCommand):
    help = _("Import archived article pages from text captures (files or folders).")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--publish",
            action="store_true",
            help=_("Publish imported articles at their captured time (default: drafts)."),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Report what would happen; write nothing.")
        )

    def handle(self, *args, paths, publish=False, dry_run=False, **options):
        importer = Importer(publish=publish, dry_run=dry_run)
        counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0, "failed": 0}
        files = list(capture_files(paths))
        progress = tqdm(
            files,
            unit=_("file"),
            disable=not sys.stderr.isatty(),
            delay=PROGRESS_DELAY_SECONDS,
            leave=False,
        )
        stopped = None
        for done, path in enumerate(progress):
            try:
                capture = parse_capture(read_capture(path))
                outcome = importer.import_capture(capture, source_file=printable_path(path))
            except (DatabaseUnavailable, OperationalError, InterfaceError) as error:
                counts["failed"] += 1
                reason = _("the database is unavailable: %(error)s") % {
                    "error": str(error).strip() or error.__class__.__name__
                }
                self._report(path, None, reason, self.style.ERROR)
                stopped = len(files) - done - 1
                break
            except CaptureError as error:
                counts["failed"] += 1
                self._report(path, error.line, error.reason, self.style.ERROR)
                continue
            except OSError as error:
                counts["failed"] += 1
                self._report(path, None, error.strerror or str(error), self.style.ERROR)
                continue
            counts[outcome.status] += 1
            for line, warning in outcome.warnings:
                self._report(path, line, _("warning: %s") % warning, self.style.WARNING)
        progress.close()
        if dry_run:
            summary = _(
                "dry run, nothing written: would have created %(created)d, updated %(updated)d, "
                "unchanged %(unchanged)d, failed %(failed)d"
            )
        else:
            summary = _(
                "created %(created)d, updated %(updated)d, unchanged %(unchanged)d, failed %(failed)d"
            )
        summary %= counts
        if stopped is not None:
            summary += "; " + _(
                "stopped: the database is unavailable, %(left)d captures not tried"
            ) % {"left": stopped}
        self.stdout.write(summary)
        if stopped is not None:
            raise CommandError(_("the import stopped: the database is unavailable"))
        if counts["failed"]:
            raise CommandError(
                _("%(failed)d of %(total)d captures could not be imported")
                % {"failed": counts["failed"], "total": len(files)}
            )

    def _report(self, path, line, message, style):
        where = f"{printable_path(path)}:{line}" if line else printable_path(path)
        # Clears the progress bar for the line and draws it again after.
        with tqdm.external_write_mode(file=sys.stderr):
            self.stderr.write(f"{where}: {message}", style_func=style)
