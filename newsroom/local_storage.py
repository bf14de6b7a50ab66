"""The local media folder, which never keeps a file it could not write whole."""

import logging

from django.core.files.storage import FileSystemStorage

logger = logging.getLogger("newsroom.media")


class WholeFilesStorage(FileSystemStorage):
    """Django's FileSystemStorage leaves what it wrote so far when a write fails (a full disk,
    a read-only or quota-bound folder): an empty or truncated file under a name no row holds.
    This one removes it and lets the error through, for the form to report."""

    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except FileExistsError:
            raise
        except OSError:
            # The name was free when the write began (Django creates files exclusively), so
            # whatever is there now is this write's remains.
            try:
                self.delete(name)
            except OSError:
                logger.exception("Could not remove the partial file %s", name)
            raise
