"""Degrade, never stop, for data; stop, never guess, for editors' files (issue 28).

One build of the sample data with an upstream cell of 1e999, a dust-day file that names a day outside
the data's years, a forecast file and a disclosure file that cannot be read, and a new warning issued
the same morning: the site is built, the warning is on it (page and CAP file), the bad value is left
out with its reason on /data/completeness/, each wrong file is refused by file, row and field in the
build log and on /status/, and the figures are those of the data without the bad inputs.
"""

from __future__ import annotations

import gzip
import html
import json
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from generator.config import load_config
from generator.sitecheck.run import check_site
from generator.sources.registers.dustdays import for_build
from generator.tables.dataset import load_dataset
from tests.conftest import ROOT, SAMPLE_DATA, build_site_into

CONFIG = load_config(ROOT / "data" / "site.toml")
DAY_FILE = "china_sites_20261110.csv.gz"
# A new warning, issued the day of the build (2026-11-23 08:00, TEST_EPOCH) and in force.
NEW_WARNING = """id: "2026-004"
level: 黄色
title: 连云港市发布重污染天气黄色预警
issued_at: 2026-11-23T07:00:00+08:00
effective_from: 2026-11-23T08:00:00+08:00
expected_end: 2026-11-25T00:00:00+08:00
areas: 全市
cause: 受静稳天气影响，污染物持续累积，首要污染物为 PM2.5。
forecast_aqi:
  - {date: 2026-11-23, aqi: 165}
measures:
  - 列入应急减排清单的工业企业落实黄色预警减排措施。
authority: 连云港市重污染天气应急指挥部
document_number: 连重污应急〔2026〕4号（演示）
"""
DUST_OK = "date,area,document\n2025-03-27,全市,总站通报\n2025-03-28,全市,总站通报\n"
DUST_BAD = DUST_OK + "2031-03-28,全市,总站通报\n"  # six years after the data


def with_cell(data_dir: Path, value: str) -> None:
    """Day file DAY_FILE with station 1173A's PM2.5 at 10:00 written as `value`."""
    path = data_dir / "raw" / "cnemc" / DAY_FILE
    lines = gzip.decompress(path.read_bytes()).decode("utf-8").split("\n")
    header = lines[0].split(",")
    column = header.index("1173A")
    for i, line in enumerate(lines):
        cells = line.split(",")
        if cells[1:3] == ["10", "PM2.5"]:
            cells[column] = value
            lines[i] = ",".join(cells)
    path.write_bytes(gzip.compress("\n".join(lines).encode("utf-8"), mtime=0))


@pytest.fixture(scope="module")
def degraded(tmp_path_factory) -> SimpleNamespace:
    work = tmp_path_factory.mktemp("hostile-build")
    data = shutil.copytree(SAMPLE_DATA, work / "data")
    with_cell(data, "1e999")
    (data / "dustdays" / "2025.csv").write_text(DUST_BAD, encoding="utf-8")
    (data / "warnings" / "2026-004.yaml").write_text(NEW_WARNING, encoding="utf-8")
    (data / "forecasts" / "2026-11-20.csv").write_text(
        "issued_at,area,date\n明天,全市,后天\n", encoding="utf-8"
    )
    (data / "enterprises" / "broken.csv").write_bytes(b"\x00\x01\x02 not a table")
    before = {p for p in work.parent.iterdir()}
    site = build_site_into(data, work)
    return SimpleNamespace(data=data, site=site, work=work, outside_before=before)


def page(site: Path, url: str) -> str:
    """The page's HTML with character references undone (the pages write 2025&#45;01&#45;01)."""
    return html.unescape((site / url / "index.html").read_text(encoding="utf-8"))


def test_the_build_goes_on_and_the_new_warning_reaches_the_site(degraded):
    assert "2026-004" in page(degraded.site, "warnings/2026-004")
    assert (degraded.site / "warnings" / "2026-004" / "cap.xml").is_file()


def test_the_value_1e999_is_listed_with_its_reason_and_never_printed_as_inf(degraded):
    text = page(degraded.site, "data/completeness")
    assert "不是有限的数" in text and "inf" not in text.replace("info", "")


def test_the_refused_dust_day_file_is_named_on_status_with_row_field_and_window(degraded):
    # /status/ names the file and row in public words and links the editors' page, which says the
    # field and why (with the window); status.json carries all of it.
    text = page(degraded.site, "status")
    assert "2025.csv" in text and "第 4 行" in text and "编辑说明" in text
    editors = page(degraded.site, "editors")
    assert "2025.csv" in editors and "第 4 行 date" in editors and "2025-01-01 至 2026-12-31" in editors
    status = json.loads((degraded.site / "status.json").read_text(encoding="utf-8"))
    refused = {r["file"]: r for r in status["refused_files"]}
    assert (refused["2025.csv"]["row"], refused["2025.csv"]["field"]) == (4, "date")


def test_a_broken_forecast_or_disclosure_file_never_holds_back_the_warning(degraded):
    status = json.loads((degraded.site / "status.json").read_text(encoding="utf-8"))
    registers = {r["file"]: r["register"] for r in status["refused_files"]}
    assert registers == {
        "2025.csv": "沙尘日登记",
        "2026-11-20.csv": "空气质量预报",
        "broken.csv": "企业公开信息",
    }
    assert "2026-004" in page(degraded.site, "warnings/2026-004")
    text = page(degraded.site, "status")
    assert "2026-11-20.csv" in text and "broken.csv" in text


def test_check_site_passes_on_the_degraded_build(degraded):
    report = check_site(degraded.site, CONFIG.site["url"])
    assert report.problems == []


def test_nothing_is_written_outside_the_work_folder(degraded):
    assert {p for p in degraded.work.parent.iterdir()} == degraded.outside_before
    assert sorted(p.name for p in degraded.data.iterdir()) == sorted(p.name for p in SAMPLE_DATA.iterdir())


# --- The figures are those of the data without the bad inputs ---------------------------------------


def test_a_1e999_cell_changes_no_figure_it_is_a_missing_hour(tmp_path):
    blank = shutil.copytree(SAMPLE_DATA / "raw", tmp_path / "blank" / "raw")
    huge = shutil.copytree(SAMPLE_DATA / "raw", tmp_path / "huge" / "raw")
    with_cell(blank.parent, "")
    with_cell(huge.parent, "1e999")
    a, b = load_dataset(blank.parent, CONFIG), load_dataset(huge.parent, CONFIG)
    pd.testing.assert_frame_equal(a.hourly, b.hourly)
    (flag,) = b.flags.itertuples()
    assert (flag.station, flag.pollutant) == ("1173A", "pm25") and "不是有限的数" in flag.reason


def context(data_dir: Path, scratch: Path) -> SimpleNamespace:
    times = pd.Series(pd.to_datetime(["2025-01-01 00:00", "2026-11-22 23:00"]).tz_localize("Asia/Shanghai"))
    dataset = SimpleNamespace(data_dir=data_dir, hourly=pd.DataFrame({"time": times}))
    out = SimpleNamespace(root=scratch / "generated")
    return SimpleNamespace(dataset=dataset, config=CONFIG, products={}, out=out)


def git(folder: Path, *args: str) -> None:
    identity = ["-c", "user.name=编辑", "-c", "user.email=editor@example.cn"]
    subprocess.run(["git", "-C", str(folder), *identity, *args], check=True, capture_output=True)


def test_a_refused_dust_day_file_is_replaced_by_its_last_committed_good_version(tmp_path, capsys):
    data, build = tmp_path / "data", tmp_path / "build"
    folder = data / "dustdays"
    folder.mkdir(parents=True)
    git(data, "init", "--quiet")
    (folder / "2025.csv").write_text(DUST_OK, encoding="utf-8")
    git(data, "add", "-A")
    git(data, "commit", "--quiet", "-m", "两个沙尘日")
    good = for_build(context(data, build))
    # The editor's next commit names a day six years after the data: refused, the last good one used.
    (folder / "2025.csv").write_text(DUST_BAD, encoding="utf-8")
    git(data, "commit", "--quiet", "-am", "笔误")
    ctx = context(data, build)
    pd.testing.assert_frame_equal(for_build(ctx), good)
    (refused,) = ctx.products["refused_files"]
    assert refused["instead"] == "沿用上次通过检查的版本" and (refused["row"], refused["field"]) == (
        4,
        "date",
    )
    log = capsys.readouterr().err
    assert "2025.csv, row 4, field 'date'" in log and "2031-03-28" in log
    # Nothing written into the data folder: the version used is a copy in the build's scratch folder.
    assert sorted(p.name for p in folder.iterdir()) == ["2025.csv"]
    assert (build / "last-good" / "dustdays" / "2025.csv").read_text(encoding="utf-8") == DUST_OK


def test_without_a_last_good_version_the_refused_file_is_left_out_and_the_others_kept(tmp_path):
    folder = tmp_path / "data" / "dustdays"
    folder.mkdir(parents=True)
    (folder / "2025.csv").write_text(DUST_BAD, encoding="utf-8")
    (folder / "2026.csv").write_text("date,area,document\n2026-03-01,全市,总站通报\n", encoding="utf-8")
    ctx = context(tmp_path / "data", tmp_path / "build")
    assert for_build(ctx)["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-03-01"]
    assert ctx.products["refused_files"][0]["instead"].startswith("本次生成不采用")
