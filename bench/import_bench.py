"""Generate 10,000 captures and time `import_captures` on a fresh SQLite database.

    .venv/bin/python bench/import_bench.py [COUNT]

A benchmark, not a test: it prints the figure the README quotes (target: under 60 s). It runs
with production's settings (debug off: `bench/production.py`), since with debug on Django
records every one of the import's SQL queries.
"""

import io
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(tempfile.mkdtemp(prefix="import-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
sys.path.insert(0, str(ROOT))

from bench.production import check_production_settings, use_production_settings  # noqa: E402

use_production_settings()

import django  # noqa: E402

django.setup()
check_production_settings()

from django.core.management import call_command  # noqa: E402

SECTIONS = [
    "新闻 > 湖北",
    "新闻 > 湖北 > 武汉",
    "新闻 > 国内",
    "体育 > 足球",
    "财经 > 楼市",
    "文旅",
]
NEW_SECTIONS = ["新闻 > 湖北 > 黄冈", "新闻 > 湖北 > 荆州", "专题 > 抗洪"]
SOURCES = ["荆楚网", "湖北日报", "长江日报", "楚天都市报", "黄冈日报", "荆州日报"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
ROLES = ["记者", "全媒记者", "见习记者", "实习生", "通讯员", "融媒体记者"]
SENTENCE = "武汉市围绕主题教育把改字贯穿始终,带着放大镜多看角落,用改的成效回应群众关切。"


# A newsroom's archive credits the same few hundred people again and again.
STAFF = sorted({s + g + h for s in SURNAMES for g in GIVEN for h in ("", "文", "华")})[::3][:400]


def name(rng):
    return rng.choice(STAFF)


def capture(index, rng):
    source = rng.choice(SOURCES)
    crumbs = rng.choice(SECTIONS + NEW_SECTIONS)
    credits = " ".join(f"{rng.choice(ROLES)} {name(rng)}" for _ in range(rng.randint(1, 3)))
    paragraphs = [SENTENCE * rng.randint(1, 4) for _ in range(rng.randint(4, 12))]
    paragraphs.insert(2, "对标先进城市优化营商环境")
    title = f"第{index}号稿件 武汉推进整改"
    return "\n\n".join(
        [
            "首页 | 新闻 | 体育",
            f"首页 > {crumbs} >",
            title,
            f"发布时间:2019-{index % 12 + 1:02d}-{index % 28 + 1:02d} {index % 24:02d}:{index % 60:02d}:00来源:{source}",
            title + " 群众点赞",
            f"{source}{credits}",
            *paragraphs,
            f"(责编: {name(rng)})",
            f"版权声明:本文版权归{source}所有,未经许可不得转载。",
            "分享到:微信 微博",
        ]
    )


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    call_command("migrate", verbosity=0)
    call_command("loaddata", str(ROOT / "fixtures" / "reference.json"), verbosity=0)
    folder = WORK / "captures"
    folder.mkdir()
    rng = random.Random(5)
    for index in range(count):
        (folder / f"{index:05d}.txt").write_text(capture(index, rng), encoding="utf-8")

    for run in ("first import", "same files again"):
        out = io.StringIO()
        started, cpu = time.perf_counter(), time.process_time()
        call_command("import_captures", str(folder), stdout=out, stderr=io.StringIO())
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"{run}: {out.getvalue().strip()}")
        # On a shared machine the CPU time is the steadier figure.
        print(
            f"  {count} captures in {elapsed:.1f} s ({count / elapsed:.0f} per second), "
            f"{cpu:.1f} s of CPU"
        )
    shutil.rmtree(WORK)


if __name__ == "__main__":
    main()
