"""The duty registers on the pages, built from the sample: every unit's page shows its measures, its
response at each warning level and its reports; each level lists the units by area with their cuts
beside the plan's ratio; /enterprises/reports/ says who is on time, late or missing, with CSV,
JSON and a feed; an active warning's notice links the list of its level."""

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree

from generator.config import load_config
from generator.pages.enterprises import builder as enterprises
from generator.pages.enterprises import registers as enterprise_registers
from generator.pages.warnings import builder as warnings
from generator.site.context import BuildContext
from generator.site.output import OutputTree
from generator.site.render import make_env
from generator.standards.rules import POLLUTANTS
from generator.tables.dataset import Dataset

ROOT = Path(__file__).resolve().parent.parent
ATOM = "{http://www.w3.org/2005/Atom}"
QUARTZ, STEEL, REFINERY = "91320700MA1JC4D6NR", "91320700MA1HC8G2WK", "91320700MA20HT5K3C"


def _build(tmp_path_factory, built_at: str, builders, data: Path = ROOT / "data" / "sample") -> BuildContext:
    hourly = pd.DataFrame(
        {
            "station": pd.Series(dtype=str),
            "time": pd.Series(dtype="datetime64[ns, Asia/Shanghai]"),
            **{p: pd.Series(dtype=float) for p in POLLUTANTS},
        }
    )
    dataset = Dataset(data, True, "演示", hourly, pd.DataFrame(), pd.DataFrame())
    out = OutputTree(tmp_path_factory.mktemp("registers") / "generated")
    out.reset()
    ctx = BuildContext(
        config=load_config(ROOT / "data" / "site.toml"),
        dataset=dataset,
        out=out,
        env=make_env(),
        built_at=datetime.fromisoformat(built_at),
    )
    for builder in builders:
        builder.build(ctx)
    return ctx


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Built the Monday after the sample ends (tests/conftest.py TEST_EPOCH)."""
    return _build(tmp_path_factory, "2026-11-23T08:00:00+08:00", [enterprises, enterprise_registers])


def page(ctx: BuildContext, url: str) -> str:
    return (ctx.out.root / url / "index.md").read_text(encoding="utf-8")


def test_every_sample_unit_page_shows_measures_responses_and_reports(built):
    for code in built.products["enterprises"].enterprises["credit_code"]:
        text = page(built, f"enterprises/{code}")
        for heading in (
            "## 污染治理措施",
            "### 黄色预警应急减排措施",
            "### 红色预警应急减排措施",
            "## 排污许可执行报告",
        ):
            assert heading in text, (code, heading)
        assert "本单位尚未公开污染治理措施" not in text and "尚未列入排污许可执行报告清单" not in text


def test_a_unit_page_says_what_is_missing_short_or_late(built):
    quartz = page(built, f"enterprises/{QUARTZ}")
    assert "未列入该级别减排措施（预案要求不低于 50%）" in quartz
    assert "纯氧燃烧（其他技术：以纯氧代替空气助燃" in quartz
    steel = page(built, f"enterprises/{STEEL}")
    assert "低于预案要求的 40%，差 5 个百分点" in steel
    assert "<strong>逾期提交</strong>，逾期 13 天" in steel
    refinery = page(built, f"enterprises/{REFINERY}")
    assert "<strong>逾期未提交</strong>，逾期 8 天" in refinery and "未到期" in refinery


def test_each_level_lists_the_units_by_area_with_their_cuts(built):
    red = page(built, "enterprises/response/red")
    assert "不低于 **50%**" in red
    assert "重点排污单位 5 家，其中 4 家列有该级别措施" in red and "未列入该级别减排措施的：1 家" in red
    assert red.index("## 海州区") < red.index("## 赣榆区")
    assert "东海晶澄石英制品有限公司" in red and "未列入该级别减排措施" in red
    orange = page(built, "enterprises/response/orange")
    assert "列有措施但合计减排比例低于预案要求的：1 家" in orange


def test_the_reports_page_lists_late_and_missing_with_downloads_and_a_feed(built):
    text = page(built, "enterprises/reports")
    assert (
        "按时提交 <strong>11</strong> 份 · 逾期提交 <strong>1</strong> 份 · 逾期未提交 <strong>1</strong> 份"
        in text
    )
    missing = text[text.index("## 逾期未提交") : text.index("## 逾期提交")]
    assert "徐圩宏泰石化有限公司" in missing and "2026年10月" in missing
    late = text[text.index("## 逾期提交") : text.index("## 未到期")]
    assert "赣榆海澄钢铁有限公司" in late and "2026年第3季度" in late

    rows = list(
        csv.DictReader(
            io.StringIO((built.out.root / "enterprises/reports/reports.csv").read_bytes().decode("utf-8-sig"))
        )
    )
    assert {r["提交情况"] for r in rows} == {"按时提交", "逾期提交", "逾期未提交", "未到期"}
    body = json.loads((built.out.root / "enterprises/reports/reports.json").read_bytes())
    assert len(body["rows"]) == len(rows) == 14
    assert body["columns"]["status_text"] == "提交情况"
    late_row = next(r for r in body["rows"] if r["status"] == "late")
    assert late_row["status_text"] == "逾期提交" and late_row["days_late"] == 13
    assert (
        late_row["link"].startswith("https://permit.mee.gov.cn/")
        and late_row["submitted_text"] == "2026-10-28"
    )

    feed = etree.fromstring((built.out.root / "enterprises/reports/feed.xml").read_bytes())
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    # Newest first: the missing monthly report turned late on 16 November, the late one on 16 October
    # (dated when it was then submitted, 28 October).
    assert titles == [
        "徐圩宏泰石化有限公司 2026年10月排污许可执行报告逾期未提交",
        "赣榆海澄钢铁有限公司 2026年第3季度排污许可执行报告已于 2026-10-28 逾期提交",
    ]
    assert entries[0].findtext(f"{ATOM}updated").startswith("2026-11-16T00:00:00+08:00")


def test_an_active_warnings_notice_links_the_measures_of_its_level(tmp_path_factory):
    # 13 January 2026, 13:00: the sample's orange warning (2026-002) is in force.
    ctx = _build(tmp_path_factory, "2026-01-13T13:00:00+08:00", [enterprises, enterprise_registers, warnings])
    notice = page(ctx, "warnings/2026-002")
    assert '<a href="../../enterprises/response/orange/">该级别应急减排措施</a>' in notice
    assert "5 家重点排污单位中 5 家列有橙色预警减排措施" in notice
    # The yellow warning it replaced is no longer in force: no link.
    assert "该级别应急减排措施" not in page(ctx, "warnings/2026-001")


def test_with_no_register_files_the_pages_say_so(tmp_path_factory):
    data = tmp_path_factory.mktemp("no-registers")
    (data / "enterprises").mkdir()
    ctx = _build(tmp_path_factory, "2026-11-23T08:00:00+08:00", [enterprises, enterprise_registers], data)
    assert "尚无已到应提交日期的执行报告" in page(ctx, "enterprises/reports")
    assert "没有逾期未提交的执行报告" in page(ctx, "enterprises/reports")
    red = page(ctx, "enterprises/response/red")
    assert "重点排污单位 0 家，其中 0 家列有该级别措施" in red and "不低于 **50%**" in red
    feed = etree.fromstring((ctx.out.root / "enterprises/reports/feed.xml").read_bytes())
    assert feed.findall(f"{ATOM}entry") == []
