"""How fast a build refuses a bad notice (`make bench` section "preflight").

A copy of the bundled sample (every file: the archive too) with one notice whose level is not a
warning level; the whole `build_site` runs and the time until it raises is reported. The editors'
files are checked before the archive is read (generator/preflight.py), so the refusal should not
wait for the data. Target: under 5 s. Best of three runs.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from generator.bench import epoch_after
from generator.errors import InputError
from generator.sample import DEFAULT_END

SECTION = "preflight"
ROOT = Path(__file__).resolve().parents[2]
TEST_EPOCH = epoch_after(DEFAULT_END)  # the Monday after the bundled sample ends
RUNS = 3


def _refusal_time(work: Path) -> tuple[float, str]:
    from generator.build import build_site, fixed_build_environment

    data = work / "data"
    shutil.copytree(ROOT / "data" / "sample", data, ignore=shutil.ignore_patterns("tidy"))
    notice = data / "warnings" / "2026-001.yaml"
    notice.write_text(
        notice.read_text(encoding="utf-8").replace("level: 黄色", "level: 紫色"), encoding="utf-8"
    )
    start = time.perf_counter()
    try:
        with fixed_build_environment(ROOT, TEST_EPOCH):
            build_site(
                data,
                work / "site",
                config_path=ROOT / "data" / "site.toml",
                build_dir=work / "build",
                mkdocs_config=ROOT / "mkdocs.yml",
                show_progress=False,
            )
    except InputError as exc:
        return time.perf_counter() - start, str(exc)
    raise AssertionError("the build accepted a notice with the level 紫色")


def run() -> list[dict]:
    timings = []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory(prefix="bench-preflight-") as tmp:
            seconds, message = _refusal_time(Path(tmp))
            timings.append(seconds)
    return [
        {
            "section": SECTION,
            "measure": "build refuses a bad notice",
            "value": f"{min(timings):.2f}",
            "unit": "s",
            "target": "< 5",
            "note": message.rsplit("/", 1)[-1][:100],
        }
    ]
