"""/status/ and status.json: is the site up to date, and what does it stand on.

A reader (or a monitor) sees when data was last fetched, the newest day held, the days upstream
never published, the last build, and whether the site is stale. The figures come from
generator.sources.archive.upstream_status, the same function `python -m generator status` runs in
the workflow.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from generator.i18n import _
from generator.site.context import BuildContext
from generator.sources.archive.upstream_status import DEFAULT_QUIET_DAYS, assess
from generator.statistics.freshness import stale_notice

STATUS_JSON = "status.json"


def freshness_of(ctx: BuildContext):
    alarm = int(ctx.config.sources.get("cnemc", {}).get("quiet_days_alarm", DEFAULT_QUIET_DAYS))
    return assess(
        ctx.dataset.snapshots,
        now=ctx.built_at,
        newest_observation=ctx.as_of,
        is_sample=ctx.dataset.is_sample,
        quiet_days_alarm=alarm,
    )


def build(ctx: BuildContext) -> None:
    status = freshness_of(ctx)
    latest = ctx.dataset.latest_hour
    # Editors' files refused by this build (sources/registers/last_good.py): what is wrong and what was used.
    refused = ctx.products.get("refused_files", [])
    body = {
        **status.as_json(),
        "latest_hour": latest.isoformat() if latest is not None else None,
        "built_at": ctx.built_at.isoformat(timespec="seconds"),
        "refused_files": refused,
    }
    ctx.out.write_bytes(STATUS_JSON, (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    ctx.products["freshness"] = status
    ctx.render_page(
        "status/",
        "status.md.j2",
        status=status,
        reason=reason_text(status),
        status_json=STATUS_JSON,
        latest_hour=latest.strftime("%Y-%m-%d %H:00") if latest is not None else None,
        refused=refused,
        age=age_model(ctx, status),
    )


def reason_text(status) -> str:
    """The status in words, in the language being rendered: the reasons upstream_status.assess
    gives (status.json keeps its Chinese words), one message each."""
    if status.newest_day is None:
        return _("没有任何监测数据")
    if status.is_sample:
        return _("演示样本数据，不从上游抓取")
    if status.stale:
        return _(
            "上游已连续 %(quiet)s 天没有发布新数据（最新一天为 %(newest)s）",
            quiet=status.quiet_days,
            newest=status.newest_day,
        )
    return _("数据按时更新")


def age_model(ctx: BuildContext, status) -> dict:
    """How old the data is, in the banner's own words (so /status/ and the banner give one count of
    days), and which days upstream has not published: the day after the newest to yesterday."""
    quiet = None
    if status.quiet_days:
        first = date.fromisoformat(status.newest_day) + timedelta(days=1)
        last = first + timedelta(days=status.quiet_days - 1)
        quiet = {"first": first.isoformat(), "last": last.isoformat()}
    return {"notice": stale_notice(ctx), "quiet": quiet}
