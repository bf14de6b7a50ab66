"""Make the renditions of pictures that have none or outdated ones (after the lead image
migration, or when the rendition specs change)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from pictures.models import Image
from pictures.services import make_renditions, renditions_key


class Command(BaseCommand):
    help = _("Make the missing or outdated renditions of library pictures.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help=_("Make every picture's renditions again.")
        )

    def handle(self, *args, **options):
        made = skipped = failed = 0
        for image in Image.objects.order_by("pk").iterator(chunk_size=100):
            if (
                not options["all"]
                and image.renditions
                and image.renditions_key == renditions_key(image)
            ):
                skipped += 1
                continue
            try:
                make_renditions(image, force=options["all"])
            except (OSError, ValueError) as exc:
                failed += 1
                self.stderr.write(
                    _("picture %(pk)d (%(name)s): %(error)s")
                    % {"pk": image.pk, "name": image.file.name, "error": exc}
                )
                continue
            made += 1
        self.stdout.write(
            _("made %(made)d, up to date %(skipped)d, failed %(failed)d")
            % {"made": made, "skipped": skipped, "failed": failed}
        )
        if failed:
            raise SystemExit(1)
