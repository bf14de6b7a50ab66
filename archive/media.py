"""Images of saved HTML pages: kept only when the archive's files are at hand, never fetched."""

from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.core.files import File
from django.core.files.storage import default_storage

# Where the importer stores the images it keeps, under the media storage.
STORED_UNDER = "archive"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}


class MediaFolder:
    """A folder holding the archived site's files, laid out as the page's image URLs are
    (`/NMediaFile/2023/1102/a.jpg` is `<root>/NMediaFile/2023/1102/a.jpg`)."""

    def __init__(self, root):
        self.root = Path(root).resolve()
        self._stored = {}

    def local_path(self, src):
        """The file an image URL names under the root, or None (outside it, missing, no image)."""
        path = PurePosixPath(unquote(urlsplit(src).path))
        parts = [part for part in path.parts if part not in ("/", "", ".")]
        if not parts or ".." in parts or path.suffix.lower() not in IMAGE_SUFFIXES:
            return None
        candidate = self.root.joinpath(*parts)
        try:
            candidate = candidate.resolve(strict=True)
        except OSError:
            return None
        if not candidate.is_relative_to(self.root) or not candidate.is_file():
            return None
        return candidate

    def store(self, src, dry_run=False):
        """The stored file's URL, or None when the root does not hold it."""
        if src in self._stored:
            return self._stored[src]
        local = self.local_path(src)
        if local is None:
            return None
        name = str(PurePosixPath(STORED_UNDER, *local.relative_to(self.root).parts))
        if dry_run:
            return default_storage.url(name)
        if not default_storage.exists(name):
            with local.open("rb") as file:
                name = default_storage.save(name, File(file))
        self._stored[src] = url = default_storage.url(name)
        return url
