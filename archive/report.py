"""`import_captures --report FILE.csv`: one row per capture, for reviewing a migration in a
spreadsheet."""

import csv

from django.utils.translation import gettext as _

from .store import UNFILED_NAME

COLUMNS = (
    "file",
    "result",
    "title",
    "published_at",
    "source",
    "section",
    "credits",
    "editors",
    "images",
    "title_line",
    "body_lines",
    "warnings",
)
NOT_TRIED = "not tried"


class Report:
    """Writes rows as the run goes (a run stopped half-way keeps its rows); no file, no rows."""

    def __init__(self, path, importer):
        self.importer = importer
        self._file = None
        if path:
            # With a byte-order mark, spreadsheet programs read the Chinese text as UTF-8.
            self._file = open(path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
            self._writer = csv.writer(self._file)
            self._writer.writerow(COLUMNS)

    def done(self, name, capture, outcome):
        self._row(name, outcome.status, capture, outcome.warnings)

    def failed(self, name, capture, line, reason):
        where = _("line %(line)s: ") % {"line": line} if line else ""
        self._row(name, "failed", capture, [(None, where + reason)])

    def not_tried(self, name):
        self._row(name, NOT_TRIED, None, [])

    def _row(self, name, result, capture, warnings):
        if self._file is None:
            return
        fields = describe(capture, self.importer) if capture else {}
        messages = [
            (_("line %(line)s: ") % {"line": line} if line else "") + str(message)
            for line, message in warnings
        ]
        row = {"file": name, "result": result, **fields, "warnings": " | ".join(messages)}
        self._writer.writerow([row.get(column, "") for column in COLUMNS])
        self._file.flush()

    def close(self):
        if self._file is not None:
            self._file.close()


def describe(capture, importer):
    lines = capture.lines
    body = f"{lines['body']}-{lines.get('body_end', '')}" if "body" in lines else ""
    section = capture.section_names or importer.default_section or [UNFILED_NAME]
    return {
        "title": capture.headline,
        "published_at": capture.published_at.strftime("%Y-%m-%d %H:%M:%S"),
        "source": capture.source_name or importer.default_source,
        "section": " > ".join(section),
        "credits": "; ".join(
            f"{c.role} {c.name}" for c in [*capture.credits, *capture.staff_credits]
        ),
        "editors": "; ".join(capture.editors),
        "images": " ".join(image.src for image in capture.images),
        "title_line": lines.get("list_title", ""),
        "body_lines": body,
    }
