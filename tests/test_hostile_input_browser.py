"""Hostile text in every input the site publishes stays text: on every page of the built site no
script runs, no attribute or URL is injected, and the text shows as typed (also as Markdown).

The inputs: enterprise names, outlets and industries, penalty and rectification text, every text
field of the duty registers (control measures, emergency response list, execution reports), every text
field of a warning notice, station names from the station list, an area name in data/site.toml,
and the file name of a disclosure file. Each gets the same hostile strings.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.config import load_config
from generator.sitecheck import check_site
from tests.conftest import ROOT, SAMPLE_DATA, PageVisit, StaticServer, build_site_into

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ATTACKS = [
    "</title><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "[点我](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    "{{ 7*7 }}",
    "{% raw %}",
    "<!--",
    # (A direction override, U+202E, is refused in every editors' text since issue 28:
    # tests/test_hostile_config.py and the registers' own tests; here only what is accepted.)
    "*星号* _下划线_ | 竖线 `反引号`",
]
ATTACK = " ".join(ATTACKS)


def hostile(label: str) -> str:
    """A name that starts like a Markdown heading and carries every attack."""
    return f"#{label} {ATTACK}"


LONG_NAME = "长" * 1996 + "化工公司"  # 2,000 characters
UNIT_NAME = hostile("企业")
AREA_SLUG, AREA_NAME = "yuntaishan", hostile("云台山")
STATION_CODE, STATION_NAME = "1173A", hostile("监测站")
FILE_NAME = '<img src=x onerror=alert(1)> "><svg onload=alert(1)> {{ 7*7 }} \u202e.csv'
NOTICE_ID = "2026-101"
CODES = ["91320700MA1XHK001", "91320700MA1XHK002"]  # 17 characters; check characters added below

# Runs before any script of the page: a script that calls alert/confirm/prompt leaves a mark.
MARKER = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = (...args) => { window.__xss.push(name + ":" + args.join(",")); };
}
"""
# Every inline event handler and every javascript: URL left in the page after its scripts ran.
INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) found.push(`${el.tagName} ${name}`);
      else if (/^\\s*javascript:/i.test(attr.value)) found.push(`${el.tagName} ${name}=${attr.value}`);
    }
  }
  return {found, xss: window.__xss || []};
}"""


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def _plant(data: Path, config_path: Path, codes: list[str]) -> None:
    config = config_path.read_text(encoding="utf-8")
    area_line = f'slug = "{AREA_SLUG}"\nname = "云台山景区"\n'
    assert area_line in config
    config_path.write_text(
        config.replace(
            area_line, f'slug = "{AREA_SLUG}"\nname = {json.dumps(AREA_NAME, ensure_ascii=False)}\n'
        ),
        encoding="utf-8",
    )

    monitoring = [
        "企业名称",
        "统一社会信用代码",
        "县区",
        "行业",
        "排放口",
        "监测项目",
        "监测时间",
        "监测值",
        "单位",
        "标准限值",
    ]
    rows = []
    for name, code in zip((UNIT_NAME, LONG_NAME), codes, strict=True):
        rows += [
            [
                name,
                code,
                "海州区",
                hostile("行业"),
                hostile("排放口"),
                "SO2",
                f"2026-11-0{day}",
                value,
                "mg/m3",
                "35",
            ]
            for day, value in ((1, "20"), (2, "50"))
        ]
    _write_csv(data / "enterprises" / FILE_NAME, monitoring, rows)

    penalties = [
        "企业名称",
        "统一社会信用代码",
        "县区",
        "处罚决定书文号",
        "处罚日期",
        "违法行为",
        "处罚内容",
        "罚款金额（元）",
        "整改情况",
        "整改完成日期",
    ]
    _write_csv(
        data / "enterprises" / "处罚-hostile.csv",
        penalties,
        [
            [
                UNIT_NAME,
                codes[0],
                "海州区",
                hostile("文号"),
                "2026-11-05",
                hostile("违法行为"),
                hostile("处罚内容"),
                "10000",
                "整改中",
                "",
            ],
            # An unknown rectification status: the row is refused, and the report quotes what was written.
            [
                UNIT_NAME,
                codes[0],
                "海州区",
                "连环罚〔2026〕101号",
                "2026-11-06",
                "超标排放",
                "罚款",
                "10000",
                hostile("整改情况"),
                "",
            ],
        ],
    )

    _plant_registers(data, codes[0])

    (data / "stations").mkdir(exist_ok=True)
    _write_csv(
        data / "stations" / "station-list.csv",
        ["监测点编码", "监测点名称", "城市", "经度", "纬度", "对照点", "省级行政区", "地级行政区"],
        [[STATION_CODE, STATION_NAME, "连云港", "119.176", "34.5885", "N", "", ""]],
    )

    notice = {
        "id": NOTICE_ID,
        "level": "黄色",
        "title": hostile("预警标题"),
        "description": hostile("说明"),
        "issued_at": "2026-11-22T10:00:00+08:00",
        "effective_from": "2026-11-22T12:00:00+08:00",
        "expected_end": "2026-11-26T00:00:00+08:00",
        "areas": [AREA_NAME],
        "cause": hostile("原因"),
        "forecast_aqi": [{"date": "2026-11-22", "aqi": 160}, {"date": "2026-11-23", "aqi": 170}],
        "measures": [hostile("措施一"), hostile("措施二")],
        "authority": hostile("发布单位"),
        "document_number": hostile("文号"),
    }
    (data / "warnings" / f"{NOTICE_ID}.yaml").write_text(
        yaml.safe_dump(notice, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def _plant_registers(data: Path, code: str) -> None:
    """Every text field of the duty registers: control measures, response list, execution reports."""
    identity = [UNIT_NAME, code, "海州区"]
    _write_csv(
        data / "enterprises" / "治理措施-hostile.csv",
        [
            "企业名称",
            "统一社会信用代码",
            "县区",
            "设施或排放口",
            "污染物",
            "治理技术",
            "说明",
            "投运日期",
            "设计去除效率（%）",
        ],
        [[*identity, hostile("设施"), "SO2", hostile("治理技术"), hostile("说明"), "2020-01-01", "90"]],
    )
    _write_csv(
        data / "enterprises" / "应急减排-hostile.csv",
        ["企业名称", "统一社会信用代码", "县区", "预警级别", "减排措施", "减排比例（%）", "停产工序"],
        [[*identity, "黄色", hostile("减排措施"), "30", hostile("停产工序")]],
    )
    _write_csv(
        data / "enterprises" / "执行报告-hostile.csv",
        [
            "企业名称",
            "统一社会信用代码",
            "县区",
            "排污许可证编号",
            "报告期",
            "应提交日期",
            "提交日期",
            "报告链接",
        ],
        [
            # Missing: on the reports page and in its feed under the hostile name.
            [*identity, f"{code}001P", "2026Q3", "2026-10-15", "", ""],
            # Refused rows: the report quotes what was written; a script link is never a link.
            [*identity, f"{code}001P", hostile("报告期"), "2026-10-15", "", ""],
            [*identity, f"{code}001P", "2026Q2", "2026-07-15", "2026-07-10", "javascript:alert(1)"],
        ],
    )


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    from generator.enterprises.credit_code import check_character

    work = tmp_path_factory.mktemp("hostile-everywhere")
    data = shutil.copytree(SAMPLE_DATA, work / "data")
    config = work / "site.toml"
    shutil.copy(ROOT / "data" / "site.toml", config)
    codes = [c + check_character(c) for c in CODES]
    _plant(data, config, codes)
    site = build_site_into(data, work, config=config)
    server = StaticServer(site)
    yield site, server, codes
    server.close()


def _pages(site: Path) -> list[str]:
    """Every page; 404.html links its assets under the published prefix (/lyg-air/), which this
    local server (serving the site at its root) does not have: check-site checks that one."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html")


# The planted texts are Chinese names and words with no English form: the English pages show them
# in Chinese, and where a sentence of the page holds one (a notice's areas, a station in a list)
# the site check reports it for an editor to give it an English name. That report, and only it,
# is expected: every Chinese run it quotes is one the planted texts hold.
LABELS = re.findall(r'hostile\("([^"]+)"\)', Path(__file__).read_text(encoding="utf-8"))
PLANTED = (LONG_NAME, ATTACK, *(hostile(label) for label in LABELS))


def _planted_chinese(problem) -> bool:
    runs = re.findall(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+", problem.where)
    language = 'lang="zh"' in problem.what or "title or description" in problem.what
    return language and problem.page.startswith("en/") and all(any(r in t for t in PLANTED) for r in runs)


def test_check_site_finds_nothing_wrong_with_the_hostile_build(hostile_build):
    site, _server, _codes = hostile_build
    report = check_site(site, load_config(ROOT / "data" / "site.toml").site["url"])
    assert [str(p) for p in report.problems if not _planted_chinese(p)] == []


def test_no_page_runs_a_script_or_carries_an_injected_attribute(browser, hostile_build):
    site, server, _codes = hostile_build
    context = browser.new_context(locale="zh-CN")
    context.add_init_script(MARKER)
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    visit = PageVisit(page, {server.url.rstrip("/")})
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    failures = []
    try:
        for path in _pages(site):
            response = page.goto(server.url + path, wait_until="load")
            assert response is not None and response.ok, path
            if 'http-equiv="refresh"' in (site / path).read_text(encoding="utf-8"):
                # A `latest` alias page moves on to its chart at once (meta refresh): check the
                # page it lands on, once the move is over (evaluating during it fails at random).
                page.wait_for_url(lambda url, start=server.url + path: url != start)
                page.wait_for_load_state("load")
            result = page.evaluate(INJECTED)
            if result["found"] or result["xss"]:
                failures.append((path, result))
        assert failures == []
        assert dialogs == [] and missing == []
        visit.assert_clean()
    finally:
        context.close()


def _search(page, query: str) -> None:
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")


def test_search_results_show_hostile_titles_as_text(browser, hostile_build):
    _site, server, _codes = hostile_build
    context = browser.new_context(locale="zh-CN")
    context.add_init_script(MARKER)
    try:
        page = context.new_page()
        page.goto(server.url + "enterprises/", wait_until="networkidle")
        _search(page, "alert")
        page.locator(".md-search-result__item").first.wait_for(timeout=20000)
        page.wait_for_timeout(500)
        assert page.evaluate(INJECTED) == {"found": [], "xss": []}
        assert page.locator(".md-search-result img, .md-search-result svg[onload]").count() == 0
    finally:
        context.close()


def _text(page, selector: str) -> str:
    return page.locator(selector).first.inner_text()


def test_hostile_text_is_shown_as_typed(browser, hostile_build):
    _site, server, codes = hostile_build
    context = browser.new_context(locale="zh-CN")
    context.add_init_script(MARKER)
    try:
        page = context.new_page()

        def open_page(url: str) -> str:
            page.goto(server.url + url, wait_until="load")
            return page.locator("article").inner_text()

        article = open_page(f"enterprises/{codes[0]}/")
        assert _text(page, "article h1") == UNIT_NAME
        assert page.title().startswith(UNIT_NAME)
        for label in (
            "行业",
            "排放口",
            "违法行为",
            "处罚内容",
            "文号",
            "设施",
            "治理技术",
            "说明",
            "减排措施",
            "停产工序",
        ):
            assert hostile(label) in article, label
        assert _text(page, "article h1").startswith("#企业 </title><script>")  # not a heading mark
        open_page(f"enterprises/{codes[1]}/")
        assert _text(page, "article h1") == LONG_NAME

        article = open_page("enterprises/response/yellow/")
        assert UNIT_NAME in article and hostile("减排措施") in article and hostile("停产工序") in article
        article = open_page("enterprises/reports/")
        assert UNIT_NAME in article

        article = open_page("enterprises/validation/")
        assert FILE_NAME in article
        assert "“#报告期 </title><script>alert(1)</script>" in article
        # The refused row's message quotes the start of what was written, as written.
        assert "“#整改情况 </title><script>alert(1)</script>" in article

        article = open_page(f"areas/{AREA_SLUG}/")
        assert _text(page, "article h1").startswith(AREA_NAME)
        assert page.title().startswith(AREA_NAME)
        assert AREA_NAME in article

        article = open_page(f"warnings/{NOTICE_ID}/")
        assert _text(page, "article h1") == hostile("预警标题")
        for label in ("说明", "原因", "措施一", "措施二", "发布单位", "文号"):
            assert hostile(label) in article, label
        assert AREA_NAME in article

        # The active (yellow) warning links the units' measures at its level.
        assert page.locator("article a[href$='enterprises/response/yellow/']").count() == 1

        # The active warning's banner is on every page, the home page included.
        open_page("")
        assert hostile("预警标题") in page.locator("body").inner_text()
        assert page.locator("article a[href$='enterprises/response/yellow/']").count() == 1

        stations = [open_page(url) for url in ("areas/", "areas/haizhou/")]
        assert any(STATION_NAME in text for text in stations)
        # Markdown inside a name stayed text: no link, emphasis or code element came from it.
        assert page.locator("article a[href*='javascript'], article em:has-text('星号')").count() == 0
        assert page.evaluate(INJECTED) == {"found": [], "xss": []}
    finally:
        context.close()


def test_the_search_index_holds_the_names_as_escaped_text(hostile_build):
    site, _server, _codes = hostile_build
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    # Text in the index is HTML-escaped; an unescaped tag would be markup when results are shown.
    raw = re.compile(r"<(script|img|svg|iframe|title)\b", re.IGNORECASE)
    leaks = [
        (d["location"], field)
        for d in index["docs"]
        for field in ("title", "text")
        if raw.search(d.get(field, ""))
    ]
    assert leaks == []
