"""The renditions of a picture, made from its bytes with Pillow: no database, no storage.

Each picture is decoded once, at the smallest scale the largest rendition needs (a JPEG is
decoded straight at 1/2, 1/4 or 1/8 of its size), then every rendition is resized from that.
Nothing is ever made wider than the part of the original it shows.
"""

import io
import math
from dataclasses import dataclass

from PIL import Image, ImageOps

JPEG_QUALITY = 82
WEBP_QUALITY = 78
# Bumped when the specs or the encoding change, so `make_renditions` knows to make them again.
VERSION = 1


@dataclass(frozen=True)
class Spec:
    kind: str
    ratio: tuple[int, int] | None  # None: the whole picture
    widths: tuple[int, ...]
    formats: tuple[str, ...] = ("webp", "jpeg")


SPECS = (
    Spec("width", None, (320, 640, 960, 1280, 1920)),
    Spec("lead", (16, 9), (320, 640, 960, 1280, 1920)),
    Spec("teaser", (4, 3), (160, 320, 480, 640)),
    Spec("square", (1, 1), (160, 320, 640)),
    # Open Graph and WeChat want a JPEG; 1200×630 is the size they show best.
    Spec("og", (1200, 630), (1200,), ("jpeg",)),
)


@dataclass(frozen=True)
class Output:
    kind: str
    format: str
    width: int
    height: int
    data: bytes


def crop_box(size, ratio, focal):
    """The largest box of `ratio` inside `size` centred on the focal point, moved inside the
    picture where it would stick out (so the focal point always stays in it)."""
    width, height = size
    if ratio is None:
        return (0, 0, width, height)
    box_width = min(width, height * ratio[0] / ratio[1])
    box_height = box_width * ratio[1] / ratio[0]
    left = min(max(focal[0] * width - box_width / 2, 0), width - box_width)
    top = min(max(focal[1] * height - box_height / 2, 0), height - box_height)
    return (left, top, left + box_width, top + box_height)


def target_sizes(spec, box_width, box_height):
    """The (width, height) of each rendition of a spec whose crop is box_width wide: the listed
    widths that fit, or the crop's own width when none does (never upscaled)."""
    widths = [w for w in spec.widths if w <= box_width] or [int(box_width)]
    return [(w, max(1, round(w * box_height / box_width))) for w in widths]


def planned(size, focal=(0.5, 0.5)):
    """Every rendition a picture of `size` gets: (spec, box, [(width, height), …])."""
    plan = []
    for spec in SPECS:
        box = crop_box(size, spec.ratio, focal)
        plan.append((spec, box, target_sizes(spec, box[2] - box[0], box[3] - box[1])))
    return plan


def _decoded(data, size, plan, turned):
    image = Image.open(io.BytesIO(data))
    # The scale the largest rendition needs of the original; JPEG decodes at a reduced scale.
    scale = max(sizes[-1][0] / (box[2] - box[0]) for _spec, box, sizes in plan if box[2] > box[0])
    if image.format == "JPEG" and scale < 1:
        wanted = (math.ceil(size[0] * scale), math.ceil(size[1] * scale))
        image.draft("RGB", wanted[::-1] if turned else wanted)
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert(
            "RGBA" if "A" in image.mode or "transparency" in image.info else "RGB"
        )
    return image


def _flattened(image):
    if image.mode == "RGB":
        return image
    background = Image.new("RGB", image.size, "white")
    background.paste(image, mask=image.getchannel("A"))
    return background


def _encoded(image, image_format, icc_profile):
    buffer = io.BytesIO()
    if image_format == "jpeg":
        _flattened(image).save(
            buffer,
            "JPEG",
            quality=JPEG_QUALITY,
            progressive=True,
            optimize=True,
            icc_profile=icc_profile,
        )
    else:
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4, icc_profile=icc_profile)
    return buffer.getvalue()


def render(data, focal=(0.5, 0.5)):
    """All renditions of the picture whose file holds `data`, as a list of Output.

    `focal` is the focal point as fractions of width and height. No EXIF is written (Pillow
    writes none unless asked), so no rendition carries the camera's metadata or position.
    """
    with Image.open(io.BytesIO(data)) as probe:
        turned = _turned(probe)
        size = probe.size[::-1] if turned else probe.size
    plan = planned(size, focal)
    image = _decoded(data, size, plan, turned)
    icc_profile = image.info.get("icc_profile")
    # Box coordinates were computed on the original; the decoded picture may be smaller.
    factor = image.size[0] / size[0]
    outputs = []
    for spec, box, sizes in plan:
        source, source_box = image, tuple(v * factor for v in box)
        # Widest first, each narrower one from the one before: far fewer pixels to read.
        for width, height in reversed(sizes):
            resized = source.resize(
                (width, height), Image.Resampling.LANCZOS, box=source_box, reducing_gap=3.0
            )
            source, source_box = resized, None
            for image_format in spec.formats:
                outputs.append(
                    Output(
                        spec.kind,
                        image_format,
                        width,
                        height,
                        _encoded(resized, image_format, icc_profile),
                    )
                )
    return outputs


def _turned(image):
    """Whether the orientation tag says the stored picture lies on its side."""
    return image.getexif().get(0x0112, 1) in (5, 6, 7, 8)
