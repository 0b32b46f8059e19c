"""Built from the real 2019 data: a ranking page for every week with data, and the city ranking
of the 13 Jiangsu cities. The archive is fetched from a local server by the `fetch` command."""

from __future__ import annotations

import csv
import io
import re

import lxml.html
import pytest

from tests.conftest import JIANGSU_CITIES

pytestmark = [pytest.mark.slow, pytest.mark.shared_data]

WEEK_DIR = re.compile(r"^\d{4}-W\d{2}$")


def week_pages(site) -> set[str]:
    return {p.name for p in (site / "rankings").iterdir() if p.is_dir() and WEEK_DIR.match(p.name)}


def test_real_2019_data_fetched_from_a_local_server_has_a_ranking_for_every_week(real_2019_build):
    data, site = real_2019_build
    assert len(list((data / "raw" / "cnemc").glob("china_sites_2019*.csv*"))) == 364
    # Every ISO week of 2019 has data (2019-W01 starts 2018-12-31); 2020-W01 (Dec 30 – Jan 5)
    # is not over at the data's as-of time and is not published.
    assert week_pages(site) == {f"2019-W{n:02d}" for n in range(1, 53)}
    for week in ("2019-W01", "2019-W15", "2019-W52"):  # W15 holds the missing 2019-04-08
        page = (site / "rankings" / week / "index.html").read_text(encoding="utf-8")
        assert "综合指数排名" in page and "海州区" in page
        assert (site / "rankings" / f"{week}.csv").is_file()
    latest = (site / "rankings" / "latest" / "index.html").read_text(encoding="utf-8")
    assert "2019年第52周" in latest
    # County areas have no stations in the national archive: listed as not ranked, with the reason.
    rows = list(csv.DictReader(io.StringIO((site / "rankings" / "2019-W30.csv").read_text("utf-8-sig"))))
    by_area = {r["group"]: r for r in rows}
    assert by_area["donghai"]["ranked"] == "False" and "有效天数0天" in by_area["donghai"]["reason"]
    assert by_area["haizhou"]["ranked"] == "True"
    check_statements(site, "")
    check_statements(site, "-cities")
    # The archive holds 5 of Jiangsu's 13 cities: the city ranking says which, and which are missing.
    cities = (site / "rankings" / "2019-W52" / "cities" / "index.html").read_text(encoding="utf-8")
    assert "13 个设区市中、本站数据里有国控站点数据的 5 个" in cities and "其余 8 个" in cities
    assert "延伸到县区" not in cities
    assert "cities/" in (site / "rankings" / "index.html").read_text(encoding="utf-8")
    # The home page counts Lianyungang's own stations, not the other four cities'.
    home = (site / "index.html").read_text(encoding="utf-8")
    own = re.search(r"有数据的本市监测站点</td><td>(\d+) 个", home)
    assert own and int(own[1]) <= 8, "Lianyungang has at most 8 national stations reporting in 2019"
    assert "数据中另有其他城市的站点" in home


def summary_names(summary: str, word: str) -> list[str]:
    """The names before "最好" or "最差" in a summary sentence."""
    before = summary.split(word)[0].split("：")[-1].split("，")[-1]
    return before.split("、")


def check_statements(site, suffix: str) -> None:
    """Every week: best and worst are the first and last ranks of its CSV (ties included); a rank
    change only between weeks that ranked the same groups; only improvements are ranked."""
    for path in sorted((site / "rankings").glob(f"2019-W??{suffix}.csv")):
        rows = [r for r in csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))) if r["ranked"] == "True"]
        if not rows:
            continue
        week = path.stem.removesuffix(suffix)
        page_dir = site / "rankings" / week / ("cities" if suffix else "")
        text = lxml.html.parse(str(page_dir / "index.html")).getroot().text_content()
        summary = next(line for line in text.splitlines() if "综合指数排名：" in line and "最好" in line)
        ranks = [int(r["rank"]) for r in rows]
        best = sorted(r["name"] for r in rows if int(r["rank"]) == min(ranks))
        assert sorted(summary_names(summary, "最好")) == best, (week, summary)
        if max(ranks) != min(ranks):
            worst = sorted(r["name"] for r in rows if int(r["rank"]) == max(ranks))
            assert sorted(summary_names(summary, "最差")) == worst, (week, summary)
        for r in rows:
            for basis in ("prev", "yoy"):
                if r[f"rank_improvement_{basis}"]:
                    assert float(r[f"change_{basis}"]) < 0, (week, r["name"], basis)
            if r["prev_rank"] and r["prev_rank_comparable"] != "True":
                # The latest week of stale data says 该周 (that week), never 本周 (this week).
                said = any(f"{this} {r['n_ranked']} 个" in text for this in ("本周", "该周"))
                assert said or "不是同一批" in text, (week, r["name"])


def test_jiangsu_file_gives_the_ranking_of_the_13_cities(jiangsu_2019_site):
    # The list's 城市 column names 24 cities (county-level ones such as 昆山 apart from 苏州); the
    # 13 prefecture-level cities come from the list's 地级行政区, kept in the registry.
    site = jiangsu_2019_site
    page = (site / "rankings" / "2019-W30" / "cities" / "index.html").read_text(encoding="utf-8")
    cities = JIANGSU_CITIES
    rows = list(
        csv.DictReader(io.StringIO((site / "rankings" / "2019-W30-cities.csv").read_text("utf-8-sig")))
    )
    assert sorted(r["name"] for r in rows) == sorted(cities)
    assert all(r["ranked"] == "True" for r in rows)
    assert all(city in page for city in cities)
    assert 'class="lyg-highlight"' in page and "（本市）" in page
    # The area ranking of the same week links to the city ranking.
    area_page = (site / "rankings" / "2019-W30" / "index.html").read_text(encoding="utf-8")
    assert 'href="cities/"' in area_page
    assert "江苏省各设区市排名（13 个）" in area_page and "其余" not in page
    check_statements(site, "-cities")
