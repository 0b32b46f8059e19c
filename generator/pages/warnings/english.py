"""What a notice page shows of the editor's free text in each edition.

The Chinese edition shows the notice's own words. The English edition shows the editor's English
(title_en, cause_en, description_en, measures_en) where the notice has it; where it does not, the
page shows the notice's structured facts in English (level, times, areas, reduction ratios, and
what the emergency plan requires at every warning) and the Chinese text marked as Chinese, with a
one-line note that it is published in Chinese only.
"""

from __future__ import annotations

from generator import i18n
from generator.i18n import N_, _
from generator.sources.registers.warnings import Notice

# What the emergency plan requires at every warning level (its list of measures, items 1, 2 and 4;
# site_src/warnings/emergency-plan.md), shown in English when a notice has no English measures.
PLAN_MEASURES = (
    N_("列入应急减排清单的工业企业按“一厂一策”清单，对生产线、工序和设备限产或停产。"),
    N_("钢铁、建材、有色、化工、矿山等大宗物料运输的重点用车企业实施应急运输响应，减少重型柴油货车运输。"),
    N_("施工工地、道路和堆场的扬尘控制按预警级别加严；禁止秸秆和垃圾露天焚烧。"),
)


def _pick(chinese: str, english: str) -> tuple[str, bool]:
    """The text to show, and whether it is Chinese shown in another edition."""
    if i18n.current() == i18n.SOURCE_LANGUAGE:
        return chinese, False
    if english:
        return english, False
    return chinese, bool(chinese)


def english_texts(notice: Notice) -> dict:
    """cause, description and measures in the edition's language where the editor wrote it;
    each with a flag (`*_chinese`) saying it is the Chinese text on another edition's page."""
    cause, cause_chinese = _pick(notice.cause, notice.cause_en)
    description, description_chinese = _pick(notice.description, notice.description_en)
    source = i18n.current() == i18n.SOURCE_LANGUAGE
    measures = list(notice.measures if source or not notice.measures_en else notice.measures_en)
    measures_chinese = not source and bool(notice.measures) and not notice.measures_en
    return {
        "cause": cause,
        "cause_chinese": cause_chinese,
        "description": description,
        "description_chinese": description_chinese,
        "measures": measures,
        "measures_chinese": measures_chinese,
    }


def plan_measures(notice: Notice) -> list[str]:
    """The emergency plan's measures in the edition's language, for a page whose notice has its
    measures in Chinese only (none in the Chinese edition, where the notice's own list is shown)."""
    if not english_texts(notice)["measures_chinese"]:
        return []
    return [_(m) for m in PLAN_MEASURES]
