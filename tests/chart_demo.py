"""A small demo chart registry for the chart tests: lets the charts and /data/ builders be tested
before (and independently of) the pages that register the site's real charts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import altair as alt
import pandas as pd

from generator.charts.datasets import register_dataset
from generator.charts.registry import ChartSpec, registry
from generator.clock import BEIJING
from generator.config import load_config
from generator.site.context import BuildContext
from generator.site.output import OutputTree
from generator.site.render import make_env
from generator.standards.rules import POLLUTANTS
from generator.tables.dataset import Dataset

ROOT = Path(__file__).resolve().parent.parent
AS_OF = datetime(2019, 11, 24, 23, 0, tzinfo=BEIJING)
DEMO_ID = "demo-2019-w47-composite"
DEMO_ALIAS = "demo-latest-composite"
DEMO_TITLE = "各县区环境空气质量综合指数"
DEMO_COLUMNS = {"rank": "排名", "area": "县区", "index": "综合指数", "note": "备注"}


def demo_data() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rank": [1, 2, 3, 4],
            "area": ["东海县", "灌云县", "海州区", "连云区"],
            "index": [3.912, 4.105, 4.5, 5.0],
            # A note starting with '=' (formula injection) and one with a negative number in text.
            "note": ["", '=HYPERLINK("http://example.invalid")', "-5 较上周", "@备注"],
        }
    )


def demo_spec(
    chart_id: str = DEMO_ID, aliases: tuple[str, ...] = (DEMO_ALIAS,), title: str = DEMO_TITLE
) -> ChartSpec:
    data = demo_data()
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("index:Q", title="综合指数"),
            y=alt.Y("area:N", title="县区", sort=alt.EncodingSortField("index")),
            tooltip=[alt.Tooltip("area:N", title="县区"), alt.Tooltip("index:Q", title="综合指数")],
        )
        .properties(width=480, height=180)
    )
    return ChartSpec(
        id=chart_id,
        title=title,
        subtitle="2019年第47周（11月18日至24日）",
        chart=chart,
        data=data,
        columns=DEMO_COLUMNS,
        source="中国环境监测总站 全国城市空气质量实时发布平台",
        period="2019-11-18 至 2019-11-24",
        as_of=AS_OF,
        rules="HJ 633-2012 / HJ 663-2013",
        description="东海县综合指数最低（3.91），连云区最高（5.00）；数值越小空气质量越好。",
        page_url="rankings/2019-W47/",
        aliases=aliases,
    )


def empty_dataset() -> Dataset:
    hourly = pd.DataFrame(
        {
            "station": pd.Series(dtype="string"),
            "time": pd.Series(dtype="datetime64[ns, Asia/Shanghai]"),
            **{p: pd.Series(dtype="float64") for p in POLLUTANTS},
        }
    )
    return Dataset(
        data_dir=ROOT / "data" / "sample",
        is_sample=True,
        source_name="演示样本数据",
        hourly=hourly,
        stations=pd.DataFrame(),
        flags=pd.DataFrame(),
    )


def demo_context(work: Path) -> BuildContext:
    """A build context writing to work/generated, with the demo chart and a demo dataset registered."""
    out = OutputTree(work / "generated")
    out.reset()
    ctx = BuildContext(
        config=load_config(ROOT / "data" / "site.toml"),
        dataset=empty_dataset(),
        out=out,
        env=make_env(),
        built_at=datetime(2025, 11, 28, 8, 0, tzinfo=BEIJING),
    )
    registry(ctx).add(demo_spec())
    register_dataset(
        ctx,
        "demo-ranking-2019-w47-csv",
        "2019年第47周县区排名（CSV）",
        "rankings/2019-W47/ranking.csv",
        "CSV",
        "各县区综合指数、单项指数与排名",
        "2019-11-18 至 2019-11-24",
        AS_OF,
        group="周排名",
    )
    return ctx


def build_demo_site(work: Path) -> Path:
    """A whole MkDocs site holding the demo chart (its permalink, embed, alias and /data/ pages)
    and the home page: the chart machinery tested end to end without the other sections."""
    import json
    import os

    from generator.build import SITE_META_FILE, run_mkdocs, site_meta
    from generator.files import atomic_write_bytes
    from generator.pages.data import charts
    from generator.pages.data import index as data_index
    from generator.pages.home import builder as home

    ctx = demo_context(work)
    home.build(ctx)
    charts.build(ctx)
    data_index.build(ctx)
    atomic_write_bytes(
        work / SITE_META_FILE, json.dumps(site_meta(ctx), ensure_ascii=False, sort_keys=True).encode("utf-8")
    )
    old_cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        run_mkdocs(ROOT / "mkdocs.yml", work, work / "site")  # the Chinese edition of work/generated
    finally:
        os.chdir(old_cwd)
    return work / "site"
