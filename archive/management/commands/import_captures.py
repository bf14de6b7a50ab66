import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _
from tqdm import tqdm

from archive.errors import CaptureError, DatabaseUnavailable
from archive.normalize import printable_path
from archive.read import load_capture
from archive.report import Report
from archive.store import CREATED, UNCHANGED, UPDATED, Importer
from review import wordcheck

# Runs shorter than this show no progress bar at all.
PROGRESS_DELAY_SECONDS = 1


def capture_files(paths):
    """Every file named, and every regular file under every folder named (hidden files left
    out)."""
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
    help = _(
        "Import archived article pages from text captures or saved HTML pages (files or folders)."
    )

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
        parser.add_argument(
            "--section",
            metavar="PATH",
            help=_("Section for pages that print no breadcrumb, as 新闻/国内."),
        )
        parser.add_argument(
            "--source", metavar="NAME", help=_("Source outlet for pages that name none.")
        )
        parser.add_argument(
            "--media-root",
            metavar="FOLDER",
            help=_(
                "Folder holding the archived site's files: images of HTML pages found there are "
                "kept in the body (nothing is ever downloaded)."
            ),
        )
        parser.add_argument(
            "--report",
            metavar="FILE.csv",
            help=_(
                "Write one row per capture (result, title, time, source, section, credits, "
                "warnings) to this CSV file."
            ),
        )

    def handle(self, *args, paths, publish=False, dry_run=False, **options):
        importer = Importer(
            publish=publish,
            dry_run=dry_run,
            section=options.get("section"),
            source=options.get("source"),
            media_root=options.get("media_root"),
        )
        counts = {CREATED: 0, UPDATED: 0, UNCHANGED: 0, "failed": 0}
        files = list(capture_files(paths))
        report = Report(options.get("report"), importer)
        progress = tqdm(
            files,
            unit=_("file"),
            disable=not sys.stderr.isatty(),
            delay=PROGRESS_DELAY_SECONDS,
            leave=False,
        )
        stopped = None
        # One look at the sensitive-word list every few seconds, not one per capture.
        with wordcheck.checking_many():
            try:
                for done, path in enumerate(progress):
                    name = printable_path(path)
                    capture = None
                    try:
                        capture = load_capture(path, importer.known_sections())
                        outcome = importer.import_capture(capture, source_file=name)
                    except (DatabaseUnavailable, OperationalError, InterfaceError) as error:
                        counts["failed"] += 1
                        reason = _("the database is unavailable: %(error)s") % {
                            "error": str(error).strip() or error.__class__.__name__
                        }
                        self._report(path, None, reason, self.style.ERROR)
                        report.failed(name, capture, None, reason)
                        stopped = files[done + 1 :]
                        break
                    except CaptureError as error:
                        counts["failed"] += 1
                        self._report(path, error.line, error.reason, self.style.ERROR)
                        report.failed(name, capture, error.line, error.reason)
                        continue
                    except OSError as error:
                        counts["failed"] += 1
                        reason = error.strerror or str(error)
                        self._report(path, None, reason, self.style.ERROR)
                        report.failed(name, capture, None, reason)
                        continue
                    counts[outcome.status] += 1
                    for line, warning in outcome.warnings:
                        self._report(path, line, _("warning: %s") % warning, self.style.WARNING)
                    report.done(name, capture, outcome)
                for path in stopped or []:
                    report.not_tried(printable_path(path))
            finally:
                progress.close()
                report.close()
        self.stdout.write(self._summary(counts, dry_run, stopped))
        if stopped is not None:
            raise CommandError(_("the import stopped: the database is unavailable"))
        if counts["failed"]:
            raise CommandError(
                _("%(failed)d of %(total)d captures could not be imported")
                % {"failed": counts["failed"], "total": len(files)}
            )

    def _summary(self, counts, dry_run, stopped):
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
            ) % {"left": len(stopped)}
        return summary

    def _report(self, path, line, message, style):
        where = f"{printable_path(path)}:{line}" if line else printable_path(path)
        # Clears the progress bar for the line and draws it again after.
        with tqdm.external_write_mode(file=sys.stderr):
            self.stderr.write(f"{where}: {message}", style_func=style)
