"""/status/, status.json and `python -m generator status`: one judgement of how fresh the data is."""

from __future__ import annotations

import json
from datetime import datetime

from click.testing import CliRunner

from generator.cli import main
from generator.sources.archive.upstream_status import BEIJING, assess
from generator.sources.snapshots.fetch import SnapshotStore

NOW = datetime(2026, 12, 1, 8, 30, tzinfo=BEIJING)


def day(d: str, **extra) -> dict:
    return {
        "kind": "cnemc_daily",
        "day": d,
        "sha256": "ab" * 32,
        "complete": True,
        "fetched_at": f"{d}T09:00:00+08:00",
        **extra,
    }


def test_upstream_quiet_for_two_days_is_stale_and_says_since_when():
    entries = [day("2026-11-27"), day("2026-11-28")]
    status = assess(entries, now=NOW, newest_observation=None, is_sample=False)
    # Yesterday (11-30) and the day before (11-29) never came.
    assert status.quiet_days == 2 and status.stale
    assert status.reason == "上游已连续 2 天没有发布新数据（最新一天为 2026-11-28）"


def test_yesterday_held_is_fresh_and_one_late_day_is_tolerated():
    assert not assess([day("2026-11-30")], now=NOW, newest_observation=None, is_sample=False).stale
    late = assess([day("2026-11-29")], now=NOW, newest_observation=None, is_sample=False)
    assert late.quiet_days == 1 and not late.stale
    assert assess(
        [day("2026-11-29")], now=NOW, newest_observation=None, is_sample=False, quiet_days_alarm=1
    ).stale


def test_missing_upstream_and_incomplete_days_are_listed_not_counted_as_held():
    entries = [
        day("2019-04-07"),
        {"kind": "cnemc_daily", "day": "2019-04-08", "last_http_status": 404, "http_status": 404},
        day("2019-04-09", complete=False, last_checked_at="2019-04-10T09:00:00+08:00"),
    ]
    status = assess(entries, now=NOW, newest_observation=None, is_sample=False)
    assert status.missing_upstream == ["2019-04-08"]
    assert status.incomplete_days == ["2019-04-09"]
    assert (status.days_held, status.first_day, status.newest_day) == (2, "2019-04-07", "2019-04-09")
    assert status.last_fetch_at == "2019-04-10T09:00:00+08:00"
    assert status.stale  # a site built in 2026 from 2019 data


def test_no_data_at_all_is_stale():
    status = assess([], now=NOW, newest_observation=None, is_sample=False)
    assert status.stale and status.reason == "没有任何监测数据" and status.newest_day is None


def test_the_status_page_and_json_of_the_sample_build(sample_site):
    data = json.loads((sample_site / "status.json").read_text(encoding="utf-8"))
    assert data["is_sample"] is True and data["stale"] is False
    assert data["newest_day"] == "2026-11-22"
    assert data["built_at"] == "2026-11-23T08:00:00+08:00"
    page = (sample_site / "status" / "index.html").read_text(encoding="utf-8")
    assert "演示样本数据，不从上游抓取" in page
    assert "| 最新一天的数据" not in page and "2026-11-22" in page  # a table, not raw Markdown
    assert 'href="../status.json"' in page


def test_the_status_command_fails_visibly_when_upstream_went_quiet(tmp_path, monkeypatch):
    store = SnapshotStore(tmp_path / "raw")
    store.record("cnemc/china_sites_20261125.csv", day("2026-11-25"))
    store.save()
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(NOW.timestamp())))
    result = CliRunner().invoke(main, ["status", "--data", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert "上游已连续 5 天没有发布新数据（最新一天为 2026-11-25）" in result.output
    assert "上游已连续 5 天" in summary.read_text(encoding="utf-8")

    store.record("cnemc/china_sites_20261130.csv", day("2026-11-30"))
    store.save()
    result = CliRunner().invoke(main, ["status", "--data", str(tmp_path), "--json"])
    assert result.exit_code == 0 and json.loads(result.output)["newest_day"] == "2026-11-30"


def test_fetch_with_an_empty_store_says_what_it_will_take_and_how_long(tmp_path):
    from generator.commands.fetch import first_run_estimate

    text = first_run_estimate(tmp_path, "2025-01-01", 4, now=NOW)
    # 2025-01-01 to today (2026-12-01, its hours so far): 700 days, 3 s a file over 4 downloads at a time.
    assert text.startswith("快照存储为空：将抓取 2025-01-01 至 2026-12-01 共 700 天的存档文件，约需 9 分钟")
    store = SnapshotStore(tmp_path / "raw")
    store.record("cnemc/china_sites_20250101.csv", day("2025-01-01"))
    store.save()
    assert first_run_estimate(tmp_path, "2025-01-01", 4, now=NOW) is None


def test_the_configuration_names_the_first_day_the_site_covers():
    from generator.config import load_config

    config = load_config(__import__("pathlib").Path(__file__).resolve().parents[1] / "data" / "site.toml")
    assert config.sources["cnemc"]["start"] == "2025-01-01"
    assert config.sources["cnemc"]["quiet_days_alarm"] == 2
