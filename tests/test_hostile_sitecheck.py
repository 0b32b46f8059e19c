"""check-site keeps gating the deploy, but a finding on a page the new build did not change cannot hold
back a new warning: the site is published and the run fails loudly (exit 3, publish.yml) (issue 28).

Each case is two builds of a small hand-made site: the first is checked and its page digests kept (the
baseline), the second is checked against it.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from tests.test_site_check import make_site, page

BAD_CELL = page(body="<h1>海州区环境空气质量</h1><table><tr><td>inf 至 inf</td></tr></table>")
NOTICE = page("黄色预警", "<h1>黄色预警</h1>")


def built(root: Path, pages: dict[str, str], built_at: str) -> Path:
    """A site as a build leaves it: the build time in status.json and in every page's footer."""
    site = make_site(root, pages)
    (site / "status.json").write_text(json.dumps({"built_at": built_at}), encoding="utf-8")
    footer = f"<p>生成时间：{built_at[:16].replace('T', ' ').replace('-', '&#45;')}</p></body>"
    for path in site.rglob("*.html"):
        path.write_text(path.read_text(encoding="utf-8").replace("</body>", footer), encoding="utf-8")
    return site


def check(site: Path, baseline: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["check-site", str(site), "--baseline", str(baseline), "--record", str(baseline)]
    )
    return result.exit_code, result.output


def test_without_a_baseline_every_finding_blocks(tmp_path):
    site = built(tmp_path / "site", {"areas/haizhou/index.html": BAD_CELL}, "2026-11-23T08:00:00+08:00")
    code, output = check(site, tmp_path / "digests.json")
    assert code == 1 and "placeholder 'inf'" in output
    assert (tmp_path / "digests.json").is_file()  # the next run's baseline


def test_a_finding_on_a_page_the_new_build_did_not_change_publishes_and_fails_loudly(tmp_path):
    baseline = tmp_path / "digests.json"
    first = built(tmp_path / "one", {"areas/haizhou/index.html": BAD_CELL}, "2026-11-23T08:00:00+08:00")
    assert check(first, baseline)[0] == 1
    # The next day: the same page (only the build time differs), and a new warning.
    second = built(
        tmp_path / "two",
        {"areas/haizhou/index.html": BAD_CELL, "warnings/2026-004/index.html": NOTICE},
        "2026-11-24T08:00:00+08:00",
    )
    code, output = check(second, baseline)
    assert code == 3 and "::error" in output and "published" in output


def test_a_finding_on_a_page_the_new_build_changed_still_blocks(tmp_path):
    baseline = tmp_path / "digests.json"
    assert check(built(tmp_path / "one", {}, "2026-11-23T08:00:00+08:00"), baseline)[0] == 0
    second = built(tmp_path / "two", {"areas/haizhou/index.html": BAD_CELL}, "2026-11-24T08:00:00+08:00")
    assert check(second, baseline)[0] == 1


def test_a_new_warning_is_not_held_back_by_a_finding_on_another_changed_page(tmp_path):
    baseline = tmp_path / "digests.json"
    assert check(built(tmp_path / "one", {}, "2026-11-23T08:00:00+08:00"), baseline)[0] == 0
    second = built(
        tmp_path / "two",
        {"areas/haizhou/index.html": BAD_CELL, "warnings/2026-004/index.html": NOTICE},
        "2026-11-24T08:00:00+08:00",
    )
    assert check(second, baseline)[0] == 3


def test_a_finding_on_the_warnings_own_page_always_blocks(tmp_path):
    baseline = tmp_path / "digests.json"
    assert check(built(tmp_path / "one", {}, "2026-11-23T08:00:00+08:00"), baseline)[0] == 0
    broken = page("黄色预警", "<h1>黄色预警</h1><table><tr><td>nan</td></tr></table>")
    second = built(tmp_path / "two", {"warnings/2026-004/index.html": broken}, "2026-11-24T08:00:00+08:00")
    assert check(second, baseline)[0] == 1
