"""Picture figures for the README (a benchmark, not a test).

    .venv/bin/python bench/pictures_bench.py renditions [ROUNDS]
    .venv/bin/python bench/pictures_bench.py page-bytes [--before TREE] [--port PORT]

`renditions`: the time to make every rendition of a 24-megapixel JPEG (6000×4000, photo-like
texture, about 3 MB), with Pillow (pictures/renditions.py, what the site uses) and, when pyvips is
installed, with libvips doing the same work, rounds interleaved; prints medians and spreads.

`page-bytes`: the bytes a 390-pixel phone (device pixel ratio 3, like an iPhone 14, and 2) loads
for the sample article's page, lead image included (the same 24-megapixel photo), measured in
Chromium against `manage.py runserver` on a fresh SQLite database. With `--before TREE` (an
export of the code before the picture library, e.g. `git archive b195412 | tar -x -C TREE`)
the same page is measured on that code too, with the photo as its lead image.
"""

import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def photo(width=6000, height=4000, quality=90):
    """A photo-like picture: smooth colour fields, mid-scale detail and grain."""
    from PIL import Image

    fields = Image.merge("RGB", [Image.effect_noise((60, 40), 80) for _ in range(3)])
    detail = Image.merge("RGB", [Image.effect_noise((600, 400), 40) for _ in range(3)])
    grain = Image.merge("RGB", [Image.effect_noise((width, height), 12) for _ in range(3)])
    picture = Image.blend(
        Image.blend(
            fields.resize((width, height), Image.BICUBIC),
            detail.resize((width, height), Image.BICUBIC),
            0.35,
        ),
        grain,
        0.12,
    )
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def render_with_vips(data, focal):
    """The same renditions as pictures.renditions.render, made by libvips."""
    import pyvips

    from pictures import renditions

    probe = pyvips.Image.new_from_buffer(data, "")
    size = (probe.width, probe.height)
    plan = renditions.planned(size, focal)
    scale = max(sizes[-1][0] / (box[2] - box[0]) for _spec, box, sizes in plan)
    shrink = 1
    while shrink < 8 and size[0] / (shrink * 2) >= size[0] * scale:
        shrink *= 2
    image = pyvips.Image.new_from_buffer(data, "", shrink=shrink).autorot().copy_memory()
    factor = image.width / size[0]
    outputs = []
    for spec, box, sizes in plan:
        left, top, right, bottom = (v * factor for v in box)
        source = image.crop(int(left), int(top), int(right - left), int(bottom - top))
        for width, height in reversed(sizes):
            source = source.resize(
                width / source.width, vscale=height / source.height, kernel="lanczos3"
            ).copy_memory()
            for image_format in spec.formats:
                if image_format == "jpeg":
                    outputs.append(
                        source.write_to_buffer(
                            ".jpg", Q=82, optimize_coding=True, interlace=True, keep="none"
                        )
                    )
                else:
                    outputs.append(source.write_to_buffer(".webp", Q=78, keep="none"))
    return outputs


def bench_renditions(rounds):
    from pictures import renditions

    data = photo()
    print(f"24-megapixel JPEG: 6000×4000, {len(data):,} bytes")
    engines = {"Pillow": lambda: renditions.render(data, (0.4, 0.35))}
    try:
        import pyvips  # noqa: F401

        engines["pyvips"] = lambda: render_with_vips(data, (0.4, 0.35))
    except ImportError:
        print("pyvips is not installed: Pillow only")
    times = {name: [] for name in engines}
    for _ in range(rounds):
        for name, run in engines.items():
            start = time.perf_counter()
            made = run()
            times[name].append(time.perf_counter() - start)
    for name, measured in times.items():
        print(
            f"{name}: {len(made)} renditions, median {statistics.median(measured):.2f} s, "
            f"min {min(measured):.2f} s, max {max(measured):.2f} s over {rounds} rounds"
        )


SETUP_AFTER = """
from django.core.files.uploadedfile import SimpleUploadedFile
from articles.images import prepared_upload
from articles.models import Article, BylineRole, Contributor
from pictures.models import Image
from pictures.services import save_image
data = open({photo!r}, 'rb').read()
image = save_image(Image(
    file=prepared_upload(SimpleUploadedFile('photo.jpg', data)),
    title='竹叶山抢排渍水', caption='6月20日,排水职工在竹叶山抢排渍水。',
    credit_contributor=Contributor.objects.get(name='胡弦'),
    credit_role=BylineRole.objects.get(code='reporter')))
article = Article.objects.get(pk={pk})
Article.objects.filter(pk=article.pk).update(lead_image=image)
print(article.get_absolute_url())
"""

SETUP_BEFORE = """
from django.core.files.uploadedfile import SimpleUploadedFile
from articles.images import prepared_upload
from articles.models import Article
data = open({photo!r}, 'rb').read()
article = Article.objects.get(pk={pk})
article.lead_image = prepared_upload(SimpleUploadedFile('photo.jpg', data))
article.lead_image_caption = '6月20日,排水职工在竹叶山抢排渍水。'
article.lead_image_credit = '胡弦'
article.save()
print(article.get_absolute_url())
"""


def served_bytes(url, scale):
    """Bytes of every response the page loads at 390 CSS pixels, by kind."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            args=["--headless", "--no-sandbox", "--disable-gpu"],
        )
        context = browser.new_context(
            viewport={"width": 390, "height": 844},
            device_scale_factor=scale,
            is_mobile=True,
            has_touch=True,
        )
        page = context.new_page()
        loaded = []
        page.on("requestfinished", lambda request: loaded.append(request))
        page.goto(url, wait_until="networkidle")
        totals = {}
        for request in loaded:
            response = request.response()
            if response is None or response.status >= 400:
                continue
            kind = request.resource_type
            totals[kind] = totals.get(kind, 0) + len(response.body())
        images = [r.url.rsplit("/", 1)[-1] for r in loaded if r.resource_type == "image"]
        browser.close()
    return totals, images


def measure_tree(tree, label, port, photo_path):
    with tempfile.TemporaryDirectory(prefix=f"pictures-bench-{label}-") as folder:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
            "MEDIA_ROOT": f"{folder}/media",
            "DJANGO_DEBUG": "1",
        }
        env.pop("REDIS_URL", None)
        python = str(ROOT / ".venv" / "bin" / "python")

        def manage(*args, **kwargs):
            return subprocess.run(
                [python, "manage.py", *args], cwd=tree, env=env, check=True, **kwargs
            )

        manage("migrate", "--no-input", stdout=subprocess.DEVNULL)
        manage(
            "loaddata",
            "fixtures/reference.json",
            "fixtures/sample_article.json",
            stdout=subprocess.DEVNULL,
        )
        setup = SETUP_AFTER if label == "after" else SETUP_BEFORE
        import json

        sample_pk = json.loads((Path(tree) / "fixtures/sample_article.json").read_text())
        pk = next(o["pk"] for o in sample_pk if o["model"] == "articles.article")
        path = (
            manage(
                "shell",
                "-c",
                setup.format(photo=str(photo_path), pk=pk),
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        server = subprocess.Popen(
            [python, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=tree,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            time.sleep(3)
            for scale in (3, 2):
                totals, images = served_bytes(f"http://127.0.0.1:{port}{path}", scale)
                print(
                    f"{label}, 390 px at DPR {scale}: total {sum(totals.values()):,} bytes "
                    f"({', '.join(f'{k} {v:,}' for k, v in sorted(totals.items()))}); "
                    f"images: {', '.join(images)}"
                )
        finally:
            server.terminate()
            server.wait(timeout=10)


def bench_page_bytes(before, port):
    with tempfile.NamedTemporaryFile(suffix=".jpg", delete=False) as stored:
        stored.write(photo())
    try:
        measure_tree(ROOT, "after", port, stored.name)
        if before:
            measure_tree(Path(before), "before", port + 1, stored.name)
    finally:
        os.unlink(stored.name)


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="what", required=True)
    timing = sub.add_parser("renditions")
    timing.add_argument("rounds", nargs="?", type=int, default=5)
    pages = sub.add_parser("page-bytes")
    pages.add_argument("--before")
    pages.add_argument("--port", type=int, default=8510)
    options = parser.parse_args()
    if options.what == "renditions":
        bench_renditions(options.rounds)
    else:
        bench_page_bytes(options.before, options.port)


if __name__ == "__main__":
    main()
