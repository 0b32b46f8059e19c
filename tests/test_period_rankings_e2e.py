"""Built from the Jiangsu 2019 file: the 13 cities' monthly and year-to-date rankings for every
month of 2019, as the province publishes them (当月 and 1—当月)."""

from __future__ import annotations

import csv
import io

import pytest

from tests.conftest import JIANGSU_CITIES

pytestmark = [pytest.mark.slow, pytest.mark.shared_data]

CITIES = set(JIANGSU_CITIES)


# Months in which upstream hour gaps leave every city short of HJ 663's 27 valid days.
SHORT_MONTHS = (8, 9)


def rows(site, path: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO((site / path).read_text("utf-8-sig"))))


def test_the_13_cities_monthly_and_ytd_rankings_for_every_month_of_2019(jiangsu_2019_site):
    site = jiangsu_2019_site
    for month in range(1, 13):
        period = f"2019-{month:02d}"
        for folder, title in (
            ("monthly", f"2019年{month}月"),
            ("ytd", "2019年1" + (f"—{month}月" if month > 1 else "月")),
        ):
            page = (site / "rankings" / folder / period / "cities" / "index.html").read_text("utf-8")
            assert title in page and all(city in page for city in CITIES), (folder, period)
            table = rows(site, f"rankings/{folder}/{period}-cities.csv")
            assert {r["name"] for r in table} == CITIES, (folder, period)
            ranked = [r for r in table if r["ranked"] == "True"]
            assert all(r["reason"] for r in table if r["ranked"] != "True")
            if folder == "monthly" and month in SHORT_MONTHS:
                # The file lacks hours on 6 days of August (13, 22–25, 30) and on several days of
                # September: every city has fewer than 27 valid days, none is ranked, each says why.
                assert ranked == [] and all("少于27天" in r["reason"] for r in table), period
                continue
            assert len(ranked) >= 10, (folder, period)
            # Ranks are places 1..n by composite index (ties share the lower place).
            ordered = sorted(ranked, key=lambda r: float(r["composite"]))
            assert int(ordered[0]["rank"]) == 1
            for before, after in zip(ordered, ordered[1:], strict=False):
                assert int(before["rank"]) <= int(after["rank"])
                assert (before["composite"] == after["composite"]) == (before["rank"] == after["rank"])
            assert {r["composite_rules"] for r in table} == {"2012"}
    latest = (site / "rankings" / "monthly" / "latest" / "cities" / "index.html").read_text("utf-8")
    assert "2019年12月" in latest and "连云港" in latest
    assert "2019年1—12月" in (site / "rankings" / "ytd" / "latest" / "cities" / "index.html").read_text(
        "utf-8"
    )
    index = (site / "rankings" / "index.html").read_text("utf-8")
    assert "城市月排名" in index and "城市年初至今累计排名" in index
