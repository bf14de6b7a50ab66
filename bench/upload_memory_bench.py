"""Peak memory of storing one 40-megapixel JPEG uploaded through CKEditor.

Each step runs in a fresh process, with only the modules it needs, and reports its peak resident
size (VmHWM, read from /proc, since ru_maxrss can start at the parent's size) above its size after
imports and reading the file. Pillow's buffers are C allocations that tracemalloc does not see. Usage: .venv/bin/python bench/upload_memory_bench.py [ROUNDS]
"""

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = (7296, 5472)  # 40 megapixels, the upload limit


def make_photo(path):
    from PIL import Image, ImageFilter

    # Smooth but not flat, like a photo: a 10 MB-limit JPEG of this size.
    small = Image.effect_noise((SIZE[0] // 16, SIZE[1] // 16), 60).convert("RGB")
    photo = small.resize(SIZE, Image.Resampling.BICUBIC).filter(ImageFilter.SMOOTH)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825).update({1: "N", 2: (30.0, 35.0, 0.0), 3: "E"})
    photo.save(path, "JPEG", quality=85, exif=exif)


STEP = """
import sys
sys.path.insert(0, {root!r})
# No project setup: its dictionaries (search, sensitive words) would set the high-water mark.
from django.conf import settings
settings.configure(USE_I18N=False)
from django.core.files.uploadedfile import SimpleUploadedFile
from articles.images import prepared_upload
from pictures import renditions
data = open({path!r}, "rb").read()
def status(field):
    line = next(l for l in open("/proc/self/status") if l.startswith(field + ":"))
    return int(line.split()[1]) // 1024
before = status("VmRSS")
if {step!r} == "prepare":
    prepared_upload(SimpleUploadedFile("p.jpg", data))
else:
    renditions.render(data)
print(status("VmHWM") - before)
"""


def peak_mb(step, path):
    code = STEP.format(root=str(ROOT), path=str(path), step=step)
    result = subprocess.run(
        ["nice", "-n", "10", sys.executable, "-c", code], capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(result.stderr)
    return int(result.stdout.strip().splitlines()[-1])


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "photo.jpg"
        make_photo(path)
        print(f"photo: {SIZE[0]}x{SIZE[1]}, {path.stat().st_size / 1e6:.1f} MB")
        for step in ("prepare", "renditions"):
            peaks = [peak_mb(step, path) for _ in range(rounds)]
            print(f"{step}: peak above baseline {sorted(peaks)} MB")


if __name__ == "__main__":
    main()
