"""Page weight and speed on a phone (`make bench` section "lighthouse").

Lighthouse (npm, the version pinned in tools/lighthouse/package-lock.json, installed there by
`make bench` with `npm ci`) runs in its mobile preset (simulated slow 4G, a 4x slower CPU) with
Debian's Chromium (CHROME_PATH; it never downloads a browser), against a local static host on
127.0.0.1 that serves the precompressed files (static_host.py). Six page types, on the sample
site and on the real 2019 data (../shared/data, fetched from a local server as in the tests):
the home page, an area page, the latest weekly ranking, a warning notice, a chart's permalink
page and its embed page. Targets (issue 26): performance >= 90, largest contentful paint
<= 2.5 s, and the home page <= 250 KB transferred before any interaction.

Lighthouse's figures depend on the machine: on a loaded machine the simulated CPU is slower still.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

from generator.bench.static_host import StaticHost

SECTION = "lighthouse"
ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "lighthouse"
CLI = TOOL / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu"
SHARED = ROOT.parent / "shared" / "data"
SAMPLE_EPOCH = "1795392000"  # 2026-11-23 08:00 Beijing, as the tests build the sample (after its last day)
HOME_BUDGET_KB = 250


def pages(site: Path) -> list[tuple[str, str | None]]:
    """(label, path) of the pages measured; None for a kind the site does not have (the real
    2019 data comes with no warning notice)."""
    found = [("home", ""), ("area", _first(site, "areas/*/index.html", "areas/"))]
    found.append(("latest ranking", "rankings/latest/"))
    found.append(("warning notice", _first(site, "warnings/[0-9]*/index.html", "warnings/")))
    found.append(("chart permalink", _first(site, "charts/*/index.html", "charts/")))
    found.append(("chart embed", _first(site, "embed/*/index.html", "embed/")))
    return [(label, path if path is not None and (site / path).exists() else None) for label, path in found]


def _first(site: Path, pattern: str, prefix: str) -> str | None:
    """The first page matching `pattern` that has a chart (a figure), else the first at all."""
    candidates = sorted(site.glob(pattern))
    with_chart = [p for p in candidates if b'class="lyg-chart"' in p.read_bytes()]
    chosen = (with_chart or candidates or [None])[0]
    return None if chosen is None else chosen.parent.relative_to(site).as_posix() + "/"


def lighthouse(url: str, out: Path) -> dict:
    """Lighthouse's mobile performance audit of `url`: the figures of the report."""
    env = {**os.environ, "CHROME_PATH": CHROME}
    subprocess.run(
        [
            "node",
            str(CLI),
            url,
            "--only-categories=performance",
            "--output=json",
            f"--output-path={out}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--quiet",
        ],
        check=True,
        env=env,
        timeout=300,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    return {
        "score": round(report["categories"]["performance"]["score"] * 100),
        "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "requests": len(audits["network-requests"]["details"]["items"]),
    }


def measure(name: str, site: Path, work: Path) -> list[dict]:
    rows = []
    with StaticHost(site) as host:
        for label, path in pages(site):
            if path is None:
                rows.append({"section": SECTION, "measure": f"{name}: {label}", "note": "none in this build"})
                continue
            figures = lighthouse(host.url + path, work / f"{name}-{label.replace(' ', '-')}.json")
            kb = figures["bytes"] / 1024
            budget = f", home <= {HOME_BUDGET_KB} KB" if label == "home" else ""
            meets = figures["score"] >= 90 and figures["lcp"] <= 2.5
            if label == "home":
                meets = meets and kb <= HOME_BUDGET_KB
            rows.append(
                {
                    "section": SECTION,
                    "measure": f"{name}: {label} (/{path})",
                    "value": f"{figures['score']}",
                    "unit": "score",
                    "target": f">= 90, LCP <= 2.5 s{budget}",
                    "note": (
                        f"FCP {figures['fcp']:.1f} s, LCP {figures['lcp']:.1f} s, "
                        f"TBT {figures['tbt']:.0f} ms, {kb:.0f} KB in {figures['requests']} requests"
                        f"{'' if meets else ' (misses target)'}"
                    ),
                }
            )
    return rows


def _build(data: Path, out: Path, work: Path, epoch: str | None) -> Path:
    from generator.build import build_site, fixed_build_environment

    with fixed_build_environment(ROOT, epoch or str(int(time.time()))):
        build_site(
            data,
            out,
            config_path=ROOT / "data" / "site.toml",
            build_dir=work / "build",
            mkdocs_config=ROOT / "mkdocs.yml",
            show_progress=False,
        )
    return out


def run() -> list[dict]:
    if not CLI.is_file():
        return [{"section": SECTION, "measure": "skipped", "note": f"run `make bench` (npm ci in {TOOL})"}]
    from generator.bench.real_2019 import fetch_2019

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-lighthouse-") as tmp:
        work = Path(tmp)
        sample = _build(ROOT / "data" / "sample", work / "sample-site", work / "sample", SAMPLE_EPOCH)
        rows += measure("sample", sample, work)
        if (SHARED / "cnemc" / "2019").is_dir():
            data = fetch_2019(SHARED, work / "real-data")
            real = _build(data, work / "real-site", work / "real", None)
            rows += measure("real 2019", real, work)
        else:
            rows.append({"section": SECTION, "measure": "real 2019: skipped", "note": f"no data at {SHARED}"})
    return rows
