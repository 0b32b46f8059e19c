"""Speed of `check-site` (`make bench` section "sitecheck") on the bundled sample site.

The sample is built once into a temporary folder (charts from the render cache when one is set,
LYG_CHART_CACHE); then the whole check runs three times and the fastest run is reported, with the
pages and links it checked. Target: under 10 s for the sample (about 450 pages, 15,000 links).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from generator.bench import epoch_after
from generator.config import load_config
from generator.sample import DEFAULT_END

SECTION = "sitecheck"
ROOT = Path(__file__).resolve().parents[2]
# The Monday after the bundled sample ends (a build before it would publish the future).
TEST_EPOCH = epoch_after(DEFAULT_END)
RUNS = 3


def _build_sample(work: Path) -> Path:
    from generator.build import build_site, fixed_build_environment

    with fixed_build_environment(ROOT, TEST_EPOCH):
        build_site(
            ROOT / "data" / "sample",
            work / "site",
            config_path=ROOT / "data" / "site.toml",
            build_dir=work / "build",
            mkdocs_config=ROOT / "mkdocs.yml",
            show_progress=False,
        )
    return work / "site"


def run() -> list[dict]:
    from generator.sitecheck import check_site

    url = load_config(ROOT / "data" / "site.toml").site["url"]
    with tempfile.TemporaryDirectory(prefix="bench-sitecheck-") as tmp:
        site = _build_sample(Path(tmp))
        timings = []
        for _ in range(RUNS):
            start = time.perf_counter()
            report = check_site(site, url)
            timings.append(time.perf_counter() - start)
    best = min(timings)
    return [
        {
            "section": SECTION,
            "measure": "check-site, sample site",
            "value": f"{best:.1f}",
            "unit": "s",
            "target": "< 10",
            "note": f"{report.pages} pages, {report.links} links, {len(report.problems)} problems",
        },
        {
            "section": SECTION,
            "measure": "check-site, pages per second",
            "value": f"{report.pages / best:.0f}",
            "unit": "pages/s",
        },
    ]
