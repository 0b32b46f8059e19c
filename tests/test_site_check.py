"""`check-site`: a built site checks itself. Each check is shown catching its defect on a small
hand-made site; the sample and real-data builds must come out clean."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.sitecheck import check_site

SITE_URL = "https://lyg-air.github.io/lyg-air/"


def page(title="海州区环境空气质量", body="<h1>海州区环境空气质量</h1>", head="") -> str:
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>{head}'
        f"</head><body>{body}</body></html>"
    )


def make_site(root: Path, pages: dict[str, str]) -> Path:
    files = {
        "index.html": page("首页", '<h1>首页</h1><a href="areas/haizhou/">海州区</a>'),
        "areas/haizhou/index.html": page(),
        "assets/site.css": "body { color: #222; }",
        "rankings/2025-W01.csv": "group,rank\r\n",
        **pages,
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def problems(root: Path, pages: dict[str, str]) -> list[tuple[str, str]]:
    report = check_site(make_site(root, pages), SITE_URL)
    return [(p.page, p.what) for p in report.problems]


def test_a_clean_site_has_no_problems_and_every_kind_of_good_link_resolves(tmp_path):
    week = page(
        "2025年第1周",
        "<h1>2025年第1周</h1>"
        '<a href="../../areas/haizhou/">目录地址</a>'
        '<a href="../../areas/haizhou">无斜杠的目录</a>'
        '<a href="../2025-W01.csv" download>CSV</a>'
        '<a href="/lyg-air/areas/haizhou/#week">站内绝对路径，带片段</a>'
        '<a href="https://lyg-air.github.io/lyg-air/rankings/2025-W01.csv">完整网址</a>'
        '<a href="https://www.mee.gov.cn/">站外链接（可以）</a>'
        '<a href="#top">本页</a><a href="mailto:info@example.cn">邮件</a>'
        "<table><tr><th>首要污染物</th><td>无（AQI ≤ 50）</td><td>—</td></tr></table>",
        head='<link rel="stylesheet" href="../../assets/site.css">'
        '<link rel="canonical" href="https://lyg-air.github.io/lyg-air/rankings/2025-W01/">',
    )
    report = check_site(make_site(tmp_path, {"rankings/2025-W01/index.html": week}), SITE_URL)
    assert report.problems == []
    assert report.pages == 3 and report.links == 11


def test_a_link_relative_to_the_wrong_folder_is_a_broken_link(tmp_path):
    week = page("第1周", '<h1>第1周</h1><a href="areas/yuntaishan/">云台山景区</a>')
    found = problems(tmp_path, {"rankings/2025-W01/index.html": week})
    assert found == [("rankings/2025-W01/index.html", "broken link")]


@pytest.mark.parametrize("href", ["/lyg-air//methodology/", "/methodology/", "../../../x.html"])
def test_a_path_outside_the_sites_prefix_or_malformed_is_broken(tmp_path, href):
    found = problems(tmp_path, {"a/index.html": page("甲", f'<h1>甲</h1><a href="{href}">x</a>')})
    assert found == [("a/index.html", "broken link (outside the site or malformed path)")]


@pytest.mark.parametrize("cell", ["nan", "NaN", "None", "NaT", "inf", "undefined", "12.5nan%"])
def test_a_machine_placeholder_in_a_table_cell_is_found(tmp_path, cell):
    body = f"<h1>海州区</h1><table><tr><th>首要污染物</th><td>{cell}</td></tr></table>"
    found = problems(tmp_path, {"areas/haizhou/index.html": page(body=body)})
    assert found == [
        ("areas/haizhou/index.html", f"placeholder '{cell.removeprefix('12.5').removesuffix('%')}' in <td>")
    ]


def test_placeholders_in_headings_and_titles_are_found_but_words_that_contain_them_are_not(tmp_path):
    body = "<h1>Infinity Chemicals 与 Nanjing Co.</h1><h2>NaN 周</h2><pre><code>x = None</code></pre>"
    found = problems(tmp_path, {"areas/haizhou/index.html": page(title="None - 网站", body=body)})
    assert sorted(found) == [
        ("areas/haizhou/index.html", "placeholder 'NaN' in <h2>"),
        ("areas/haizhou/index.html", "placeholder 'None' in <title>"),
    ]


def test_an_empty_table_cell_is_found_with_its_table_and_place(tmp_path):
    body = "<h1>海州区</h1><table><caption>历周排名</caption><tr><td>第1周</td><td> </td></tr></table>"
    report = check_site(make_site(tmp_path, {"areas/haizhou/index.html": page(body=body)}), SITE_URL)
    assert [str(p) for p in report.problems] == [
        "areas/haizhou/index.html: empty table cell: table '历周排名', row 1, cell 2"
    ]


def test_two_h1_no_h1_and_a_missing_or_empty_title_are_found(tmp_path):
    found = problems(
        tmp_path,
        {
            "two/index.html": page("二", "<h1>一</h1><h1>二</h1>"),
            "none/index.html": page("无", "<h2>无</h2>"),
            "untitled/index.html": "<!DOCTYPE html><html><head></head><body><h1>无标题</h1></body></html>",
            "empty/index.html": page(" ", "<h1>空标题</h1>"),
        },
    )
    assert sorted(found) == [
        ("empty/index.html", "empty <title>"),
        ("none/index.html", "0 h1 elements (one expected)"),
        ("two/index.html", "2 h1 elements (one expected)"),
        ("untitled/index.html", "no <title>"),
    ]


@pytest.mark.parametrize(
    "head, what",
    [
        ('<script src="https://cdn.example.com/x.js"></script>', "loads from outside the site"),
        ('<link rel="stylesheet" href="//fonts.googleapis.com/css">', "loads from outside the site"),
        (
            "<style>@font-face { src: url(https://fonts.gstatic.com/a.woff2) }</style>",
            "stylesheet loads from outside the site",
        ),
    ],
)
def test_a_script_style_or_font_from_outside_the_site_is_found(tmp_path, head, what):
    found = problems(tmp_path, {"a/index.html": page("甲", "<h1>甲</h1>", head=head)})
    assert found == [("a/index.html", what)]


@pytest.mark.parametrize(
    "body, what",
    [
        ('<img src="https://evil.example/p.png" alt="">', "loads from outside the site"),
        ('<iframe src="https://evil.example/"></iframe>', "loads from outside the site"),
        ('<img src="x" onerror="alert(1)" alt="">', "inline event handler 'onerror'"),
        ('<a href="javascript:alert(1)">点我</a>', "javascript: URL"),
    ],
)
def test_outside_images_frames_and_injected_handlers_or_script_urls_are_found(tmp_path, body, what):
    found = problems(tmp_path, {"a/x": "", "a/index.html": page("甲", f"<h1>甲</h1>{body}")})
    assert what in [w for _, w in found]


def test_html_that_does_not_parse_cleanly_is_found(tmp_path):
    found = problems(tmp_path, {"a/index.html": page("甲", "<h1>甲</h1><p>段落</div>")})
    assert found == [("a/index.html", "HTML parse error")]


def test_the_command_lists_problems_and_exits_1_or_prints_a_summary_and_exits_0(tmp_path):
    site = make_site(tmp_path / "site", {})
    clean = CliRunner().invoke(main, ["check-site", str(site)])
    assert clean.exit_code == 0, clean.output
    assert clean.output.strip().splitlines() == ["check-site: 2 pages, 1 links, 0 problems"]
    make_site(site, {"b/index.html": page("乙", '<h1>乙</h1><a href="../c/">丙</a>')})
    broken = CliRunner().invoke(main, ["check-site", str(site)])
    assert broken.exit_code == 1
    assert broken.output.splitlines() == [
        "b/index.html: broken link: <a> ../c/",
        "check-site: 3 pages, 2 links, 1 problem",
    ]


@pytest.mark.slow
def test_the_sample_build_has_no_broken_link_no_placeholder_and_no_outside_load(sample_site):
    report = check_site(sample_site, SITE_URL)
    assert report.pages > 400 and report.links > 10_000
    assert [str(p) for p in report.problems] == []


@pytest.mark.slow
@pytest.mark.shared_data
def test_the_real_2019_build_has_no_broken_link_no_placeholder_and_no_outside_load(real_2019_build):
    _data, site = real_2019_build
    report = check_site(site, SITE_URL)
    assert report.pages > 100
    assert [str(p) for p in report.problems] == []


ATOM = (
    '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
    "<id>urn:lyg-air:warnings</id><title>预警</title><updated>2026-01-11T16:00:00+08:00</updated>"
    "<entry><id>urn:lyg-air:2026-001</id><title>黄色预警</title><updated>{updated}</updated>"
    '<link href="https://lyg-air.github.io/lyg-air/warnings/2026-001/"/></entry></feed>'
)


def test_feeds_must_carry_what_readers_need_with_dates_that_parse(tmp_path):
    good = {"warnings/feed.xml": ATOM.format(updated="2026-01-11T16:00:00+08:00")}
    assert problems(tmp_path / "good", good) == []
    bad = {"warnings/feed.xml": ATOM.format(updated="2026年1月11日").replace("<title>预警</title>", "")}
    assert problems(tmp_path / "bad", bad) == [
        ("warnings/feed.xml", "Atom feed without a required element"),
        ("warnings/feed.xml", "Atom date not valid"),
    ]
    cut = {"warnings/feed.xml": ATOM.format(updated="2026-01-11T16:00:00+08:00")[:-20]}
    assert problems(tmp_path / "cut", cut) == [("warnings/feed.xml", "XML does not parse")]


def test_every_cap_file_is_checked_against_the_cap_schema(sample_site, tmp_path):
    cap = (sample_site / "warnings" / "2026-001" / "cap.xml").read_text(encoding="utf-8")
    assert problems(tmp_path / "good", {"warnings/2026-001/cap.xml": cap}) == []
    wrong_status = cap.replace("<status>Test</status>", "<status>Real</status>")
    open_polygon = cap.replace("</polygon>", " 34.0,119.0</polygon>", 1)
    found = problems(tmp_path / "bad", {"a/cap.xml": wrong_status, "b/cap.xml": open_polygon})
    assert found == [("a/cap.xml", "CAP alert not valid"), ("b/cap.xml", "CAP alert not valid")]


def test_a_json_download_that_does_not_parse_is_a_problem(tmp_path):
    found = problems(tmp_path, {"data/index.json": '{"charts": [', "status.json": '{"stale": false}'})
    assert found == [("data/index.json", "JSON does not parse")]
