"""What pages outside the warnings section show of the warning register: a notice's row in a list
(home, area pages), its feed entry (per-area feeds), and the daily AQI the warning rules read
(forecast checks). The warnings section itself builds on the same rows."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from generator import statistics
from generator.pages.shared.notice_addresses import notice_url
from generator.site.context import BuildContext
from generator.sources.registers.warnings import Notice, Register

CITY = "全市"


def cap_url(notice: Notice) -> str:
    return f"warnings/{notice.id}/cap.xml"


def status(register: Register, notice: Notice, at: datetime) -> str:
    """Where the notice stands at build time, in words for the public."""
    if notice.is_lift:
        return "解除通知"
    if register.is_active(notice, at):
        return "生效中"
    if at < notice.effective_from:
        return "尚未生效"
    ended_by = register.ended_by(notice)
    if ended_by is not None:
        return f"已{register.kind(ended_by)}"
    return "已结束"


def level_label(notice: Notice) -> str:
    return "解除通知" if notice.is_lift else f"{notice.level_name}预警"


def area_text(notice: Notice) -> str:
    return "全市" if notice.whole_city else "、".join(a.name for a in notice.areas)


def summary_row(ctx: BuildContext, register: Register, notice: Notice) -> dict:
    """What a list of notices shows of one notice."""
    return {
        "id": notice.id,
        "url": notice_url(notice),
        "title": register.headline(notice, ctx.config.site.get("city", "")),
        "level": notice.level,
        "level_label": level_label(notice),
        "kind": register.kind(notice),
        "status": status(register, notice, ctx.built_at),
        "issued_at": notice.issued_at,
        "effective_from": notice.effective_from,
        "end": register.end(notice),
        "areas": area_text(notice),
        "document_number": notice.document_number,
    }


def daily_city_and_area_aqi(ctx: BuildContext) -> pd.DataFrame:
    """Daily AQI of the city and of each configured area from the statistics stage (HJ 663 daily
    values, HJ 633 daily AQI). Columns: area (CITY or an area slug), date, aqi, primary, rules."""
    columns = ["area", "date", "aqi", "primary", "rules"]
    if ctx.dataset.hourly.empty:
        return pd.DataFrame(columns=columns)
    city = statistics.city_daily(ctx)
    city = city[city["area"] == ctx.config.site["city"]].assign(area=CITY)
    return pd.concat([city[columns], statistics.area_daily(ctx)[columns]], ignore_index=True)


def feed_entries(ctx: BuildContext, register: Register) -> list[dict]:
    entries = []
    for notice in register:
        row = summary_row(ctx, register, notice)
        if notice.is_lift:
            period = f"自 {notice.effective_from:%Y-%m-%d %H:%M} 起解除"
        else:
            period = f"{notice.effective_from:%Y-%m-%d %H:%M} 至 {register.end(notice):%Y-%m-%d %H:%M}"
        label = row["level_label"] if notice.is_lift else f"{row['level_label']}（{row['kind']}）"
        summary = f"{label}；区域：{row['areas']}；时段：{period}；文号：{notice.document_number}。"
        if notice.cause:
            summary += f"原因：{notice.cause}"
        entries.append(
            {
                "id": notice.id,
                "title": row["title"],
                "url": row["url"],
                "related": cap_url(notice),
                "related_type": "application/cap+xml",
                "summary": summary,
                "updated": notice.issued_at,
            }
        )
    return entries
