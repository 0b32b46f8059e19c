"""What pages outside the warnings section show of the warning register: a notice's row in a list
(home, area pages), its feed entry (per-area feeds), and the daily AQI the warning rules read
(forecast checks). The warnings section itself builds on the same rows."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from generator import i18n, statistics
from generator.i18n import N_, _
from generator.pages.shared.notice_addresses import notice_url
from generator.site.context import BuildContext
from generator.sources.registers.warnings import Notice, Register

CITY = "全市"

# How a notice's kind reads in a list (the register's kinds, generator/sources/registers/warnings.py).
KIND_TEXT = {
    "发布": N_("发布"),
    "升级": N_("升级"),
    "降级": N_("降级"),
    "变更": N_("变更"),
    "解除": N_("解除"),
}
# Where a warning stands (state -> words for the public); "ended by" follows the later notice's kind.
STATUS_TEXT = {
    "lift": N_("解除通知"),
    "active": N_("生效中"),
    "upcoming": N_("尚未生效"),
    "ended": N_("已结束"),
}
ENDED_BY_TEXT = {"升级": N_("已升级"), "降级": N_("已降级"), "变更": N_("已变更"), "解除": N_("已解除")}
# A headline made from a notice's level and kind, in the English edition (the Chinese one is the
# register's: Register.headline). %(city)s: the city or the province; %(level)s: yellow, orange, red.
HEADLINES = {
    "发布": N_("%(city)s发布重污染天气%(level)s预警"),
    "升级": N_("%(city)s升级为重污染天气%(level)s预警"),
    "降级": N_("%(city)s降级为重污染天气%(level)s预警"),
    "变更": N_("%(city)s调整重污染天气%(level)s预警"),
    "解除": N_("%(city)s解除重污染天气%(level)s预警"),
}


def cap_url(notice: Notice) -> str:
    return f"warnings/{notice.id}/cap.xml"


def state(register: Register, notice: Notice, at: datetime) -> str:
    """Where the notice stands at build time: lift, active, upcoming, ended, or ended by a later
    notice (its kind: 升级, 降级, 变更, 解除)."""
    if notice.is_lift:
        return "lift"
    if register.is_active(notice, at):
        return "active"
    if at < notice.effective_from:
        return "upcoming"
    ended_by = register.ended_by(notice)
    return register.kind(ended_by) if ended_by is not None else "ended"


def status(register: Register, notice: Notice, at: datetime) -> str:
    """Where the notice stands at build time, in words for the public."""
    where = state(register, notice, at)
    return _(STATUS_TEXT.get(where) or ENDED_BY_TEXT[where])


def level_label(notice: Notice) -> str:
    return _("解除通知") if notice.is_lift else i18n.name(f"{notice.level_name}预警")


def name_list(names: list[str]) -> str:
    """Names in a row: 海州区、连云区 / Haizhou District, Lianyun District."""
    return _("、").join(i18n.name(n) for n in names)


def area_text(notice: Notice) -> str:
    return i18n.name(CITY) if notice.whole_city else name_list([a.name for a in notice.areas])


def headline(register: Register, notice: Notice, city: str) -> str:
    """The notice's title in the language being rendered: the editor's (title, or title_en in the
    English edition), or one made from its level and kind."""
    if i18n.current() == i18n.SOURCE_LANGUAGE:
        return register.headline(notice, city)
    if notice.title_en:
        return notice.title_en
    level = register.by_id[notice.supersedes].level_name if notice.is_lift else notice.level_name
    where = "江苏省" if notice.provincial else (city if city.endswith(("市", "省")) else f"{city}市")
    return _(HEADLINES[register.kind(notice)], city=i18n.name(where), level=i18n.name(level))


def summary_row(ctx: BuildContext, register: Register, notice: Notice) -> dict:
    """What a list of notices shows of one notice."""
    return {
        "id": notice.id,
        "url": notice_url(notice),
        "title": headline(register, notice, ctx.config.site.get("city", "")),
        "level": notice.level,
        "level_label": level_label(notice),
        "kind": register.kind(notice),
        "kind_text": _(KIND_TEXT[register.kind(notice)]),
        "state": state(register, notice, ctx.built_at),
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
        start = f"{notice.effective_from:%Y-%m-%d %H:%M}"
        if notice.is_lift:
            period = _("自 %(start)s 起解除", start=start)
        else:
            end = register.end(notice).strftime("%Y-%m-%d %H:%M")
            period = _("%(start)s 至 %(end)s", start=start, end=end)
        if notice.is_lift:
            label = row["level_label"]
        else:
            label = _("%(level)s（%(kind)s）", level=row["level_label"], kind=row["kind_text"])
        summary = _(
            "%(label)s；区域：%(areas)s；时段：%(period)s；文号：%(number)s。",
            label=label,
            areas=row["areas"],
            period=period,
            number=notice.document_number,
        )
        # Another edition: the editor's English cause, or none (a feed entry's text has no language
        # marks for the Chinese one; the notice's page shows it, marked).
        cause = notice.cause if i18n.current() == i18n.SOURCE_LANGUAGE else notice.cause_en
        if cause:
            summary += _("原因：%(cause)s", cause=cause)
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
