"""Renditions: the sizes and formats made when a picture is saved, and crops around its focus."""

import io
import itertools

import pytest
from django.core.files.storage import default_storage
from django.utils import translation
from PIL import ExifTags, ImageChops
from PIL import Image as PillowImage

from pictures import renditions
from pictures.services import make_renditions, save_image
from tests.factories import make_image, photo_bytes

pytestmark = pytest.mark.django_db

RATIOS = {"lead": 16 / 9, "teaser": 4 / 3, "square": 1, "og": 1200 / 630}


def opened(rendition):
    with default_storage.open(rendition.name) as stored:
        picture = PillowImage.open(io.BytesIO(stored.read()))
        picture.load()
    return picture


def test_a_large_picture_gets_every_width_in_webp_and_jpeg():
    image = make_image(size=(2000, 1300))
    widths = {(r.format, r.width) for r in image.renditions_of("width")}
    assert widths == {(f, w) for f in ("webp", "jpeg") for w in (320, 640, 960, 1280, 1920)}
    assert [r.width for r in image.renditions_of("lead", "webp")] == [320, 640, 960, 1280, 1920]
    assert [r.width for r in image.renditions_of("teaser", "jpeg")] == [160, 320, 480, 640]
    assert [r.width for r in image.renditions_of("square", "jpeg")] == [160, 320, 640]
    (og,) = image.renditions_of("og")
    assert (og.format, og.width, og.height) == ("jpeg", 1200, 630)


def test_stored_files_are_what_the_list_says():
    image = make_image(size=(1000, 700))
    for rendition in image.renditions_of("width") + image.renditions_of("og"):
        stored = opened(rendition)
        assert stored.format == {"webp": "WEBP", "jpeg": "JPEG"}[rendition.format]
        assert stored.size == (rendition.width, rendition.height)
        assert default_storage.size(rendition.name) == rendition.size


def test_no_rendition_is_wider_than_the_part_of_the_original_it_shows():
    image = make_image(size=(1000, 750))
    assert [r.width for r in image.renditions_of("width", "jpeg")] == [320, 640, 960]
    # The 16:9 crop of a 1000×750 picture is 1000 wide; the 1200×630 one too: not upscaled.
    assert [r.width for r in image.renditions_of("lead", "jpeg")][-1] == 960
    (og,) = image.renditions_of("og")
    assert (og.width, og.height) == (1000, 525)
    for rendition in image.renditions_of("square"):
        assert rendition.width <= 750


def test_a_picture_smaller_than_every_width_gets_one_rendition_of_each_kind_at_its_size():
    image = make_image(size=(150, 100))
    assert [(r.width, r.height) for r in image.renditions_of("width", "jpeg")] == [(150, 100)]
    assert [(r.width, r.height) for r in image.renditions_of("square", "webp")] == [(100, 100)]
    assert [r.width for r in image.renditions_of("lead", "jpeg")] == [150]


def test_crops_have_their_ratio():
    image = make_image(size=(1300, 1000))
    for kind, ratio in RATIOS.items():
        for rendition in image.renditions_of(kind):
            assert abs(rendition.width / rendition.height - ratio) < 0.01, kind


SIZES = [(4000, 3000), (3000, 4000), (1200, 1200), (5000, 800), (640, 3000)]
FOCI = [0, 0.01, 0.25, 0.5, 0.9, 0.999, 1]


@pytest.mark.parametrize("size", SIZES)
def test_every_crop_box_holds_the_focal_point_and_stays_inside_the_picture(size):
    for ratio, fx, fy in itertools.product([(16, 9), (4, 3), (1, 1), (1200, 630)], FOCI, FOCI):
        left, top, right, bottom = renditions.crop_box(size, ratio, (fx, fy))
        assert 0 <= left <= fx * size[0] <= right <= size[0] + 1e-9
        assert 0 <= top <= fy * size[1] <= bottom <= size[1] + 1e-9
        assert abs((right - left) / (bottom - top) - ratio[0] / ratio[1]) < 1e-6


def test_the_subject_at_the_focal_point_is_in_every_crop():
    # A red mark near the top right corner of a wide white picture; a centred square crop of
    # it would show only white.
    picture = PillowImage.new("RGB", (1600, 900), "white")
    picture.paste((220, 0, 0), (1500, 40, 1560, 100))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=95)
    outputs = renditions.render(buffer.getvalue(), focal=(1530 / 1600, 70 / 900))
    for output in outputs:
        assert shows_red(output.data), (output.kind, output.width)
    centred = renditions.render(buffer.getvalue(), focal=(0.5, 0.5))
    square = next(o for o in centred if o.kind == "square")
    assert not shows_red(square.data)


def shows_red(data):
    red, green, blue = PillowImage.open(io.BytesIO(data)).convert("RGB").split()
    mask = ImageChops.multiply(
        red.point(lambda v: 255 if v > 150 else 0),
        ImageChops.invert(ImageChops.lighter(green, blue)).point(lambda v: 255 if v > 165 else 0),
    )
    return mask.getbbox() is not None


def test_renditions_carry_no_exif_and_stand_upright():
    exif = PillowImage.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = 6
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({1: "N", 2: (30.0, 35.0, 0.0)})
    data = photo_bytes((800, 400), exif=exif)
    for output in renditions.render(data):
        assert b"PhoneMaker" not in output.data
        made = PillowImage.open(io.BytesIO(output.data))
        assert dict(made.getexif()) == {}
        if output.kind == "width":
            assert made.size[1] > made.size[0]  # 400 wide, 800 high once turned


def test_a_transparent_png_gets_a_white_background_in_jpeg_and_keeps_alpha_in_webp():
    outputs = renditions.render(photo_bytes((400, 300), "PNG", color=(0, 0, 0, 0)))
    jpeg = next(o for o in outputs if o.format == "jpeg" and o.kind == "width")
    webp = next(o for o in outputs if o.format == "webp" and o.kind == "width")
    assert PillowImage.open(io.BytesIO(jpeg.data)).convert("RGB").getpixel((5, 5)) == (
        255,
        255,
        255,
    )
    assert PillowImage.open(io.BytesIO(webp.data)).mode == "RGBA"


def test_renditions_are_made_again_only_when_the_file_or_focal_point_changes(
    django_capture_on_commit_callbacks,
):
    image = make_image(size=(900, 600))
    first = list(image.renditions)
    image.title = "新标题"
    with django_capture_on_commit_callbacks(execute=True):
        save_image(image)
    assert image.renditions == first
    assert not make_renditions(image)

    image.focal_x, image.focal_y = 0.1, 0.2
    with django_capture_on_commit_callbacks(execute=True):
        save_image(image)
    image.refresh_from_db()
    names = {r["name"] for r in image.renditions}
    assert names.isdisjoint({r["name"] for r in first})
    assert all(default_storage.exists(name) for name in names)
    # The old files are gone once the change committed.
    assert not any(default_storage.exists(r["name"]) for r in first)


def test_the_command_makes_missing_renditions_and_reports_unreadable_files(capsys):
    from django.core.management import call_command

    from pictures.models import Image

    done = make_image(size=(400, 300))
    migrated = make_image(size=(400, 300))
    Image.objects.filter(pk=migrated.pk).update(renditions=[], renditions_key="")
    broken = Image.objects.create(title="缺图", file="lead/2019/07/gone.jpg")
    with pytest.raises(SystemExit), translation.override("en"):
        call_command("make_renditions")
    out, err = capsys.readouterr()
    assert "made 1, up to date 1, failed 1" in out
    assert f"picture {broken.pk} (lead/2019/07/gone.jpg)" in err
    migrated.refresh_from_db()
    assert len(migrated.renditions) == len(done.renditions) > 0
