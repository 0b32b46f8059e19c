"""One notice of the warning register: its fields, and the checks on one notice file.

The format is the editors' (data/warnings/README.md). Every mistake raises InputError naming the
file and the field. Checks that need the other notices (links, titles, ids) are in warnings.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from generator.config import Area, SiteConfig
from generator.errors import InputError
from generator.sources.registers.notice_yaml import CHINESE, check_texts, read_yaml
from generator.sources.shared.limits import limit

# The register's level vocabulary: written name (Chinese, or the English key) -> key.
LEVEL_KEYS = {
    "黄色": "yellow",
    "橙色": "orange",
    "红色": "red",
    "解除": "lift",
    "yellow": "yellow",
    "orange": "orange",
    "red": "red",
    "lift": "lift",
}
LEVEL_NAMES = {"yellow": "黄色", "orange": "橙色", "red": "红色", "lift": "解除"}
# Severity order of warning levels (upgrade = higher rank).
LEVEL_RANK = {"yellow": 1, "orange": 2, "red": 3}

# Pollutants the emergency plan sets reduction ratios for (plan §27; national guidance).
REDUCTION_POLLUTANTS = {"SO2": "二氧化硫", "NOx": "氮氧化物", "PM": "颗粒物", "VOCs": "挥发性有机物"}

# How a warning notice's kind reads in a title: 连云港市升级为重污染天气橙色预警.
KIND_VERBS = {"发布": "发布", "升级": "升级为", "降级": "降级为", "变更": "调整"}

# All of Lianyungang: written in `areas` instead of listing every county/district.
WHOLE_CITY = "全市"

BEIJING_OFFSET = timedelta(hours=8)

_ID = re.compile(r"^[0-9a-z][0-9a-z-]*$")

_COMMON_REQUIRED = ("id", "level", "issued_at", "areas", "document_number")
_COMMON_OPTIONAL = (
    "authority",
    "supersedes",
    "title",
    "description",
    "cause",
    "forecast_aqi",
    "provincial",
    "responds_to",
    # The English edition's words for the editor's texts (optional; without them the English page
    # shows the notice's structured facts in English and its Chinese text marked as Chinese).
    "title_en",
    "cause_en",
    "description_en",
)
# A provincial notice's issuing authority names the province (江苏省人民政府, 江苏省重污染天气应急指挥部…).
PROVINCE_PREFIX = "江苏省"
FIELDS = {
    "warning": (
        _COMMON_REQUIRED + ("effective_from", "expected_end", "cause", "forecast_aqi", "measures"),
        _COMMON_OPTIONAL + ("reduction_ratio", "measures_en"),
    ),
    "lift": (_COMMON_REQUIRED + ("lifted_at", "supersedes"), _COMMON_OPTIONAL),
}


@dataclass(frozen=True)
class Notice:
    """One notice of the register, validated. Times are aware datetimes at +08:00."""

    id: str
    path: Path
    level: str  # yellow | orange | red | lift
    issued_at: datetime
    effective_from: datetime  # a lift: the time the lift takes effect (lifted_at)
    expected_end: datetime | None  # warnings only
    areas: tuple[Area, ...]
    whole_city: bool
    cause: str
    forecast_aqi: tuple[tuple[date, int], ...]
    measures: tuple[str, ...]
    reduction_ratio: tuple[tuple[str, float], ...]  # (pollutant key, ratio), warnings only
    authority: str
    document_number: str
    supersedes: str | None
    title: str
    description: str
    # Issued by the province (plan §26: the city starts its response at the province's level).
    provincial: bool = False
    # A city notice started in response to this provincial notice's id.
    responds_to: str | None = None
    # The editor's English for the English edition ("" / () when not written).
    title_en: str = ""
    cause_en: str = ""
    description_en: str = ""
    measures_en: tuple[str, ...] = ()

    @property
    def is_lift(self) -> bool:
        return self.level == "lift"

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.level]

    @property
    def lifted_at(self) -> datetime | None:
        return self.effective_from if self.is_lift else None


def read_notice(path: Path, config: SiteConfig) -> Notice:
    """One notice file, read strictly (notice_yaml.py) and validated field by field."""
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise InputError(path, "文件应为“字段: 值”的列表（YAML 映射）")
    check_texts(path, raw)
    return _Reader(path, raw, config).notice()


class _Reader:
    """Validates one notice's fields; every error names the file and the field."""

    def __init__(self, path: Path, raw: dict, config: SiteConfig):
        self.path, self.raw, self.config = path, raw, config

    def fail(self, field: str | None, message: str):
        raise InputError(self.path, message, field=field)

    def notice(self) -> Notice:
        level = self.level()
        required, optional = FIELDS["lift" if level == "lift" else "warning"]
        for key in self.raw:
            if not isinstance(key, str) or key not in (*required, *optional):
                hint = (
                    "解除通知不写此字段"
                    if key in {*FIELDS["warning"][0], *FIELDS["warning"][1]}
                    else (
                        "预警通知不写此字段；解除预警请另写一份 level: 解除 的通知"
                        if key == "lifted_at"
                        else "请检查拼写（字段名见 data/warnings/README.md）"
                    )
                )
                self.fail(str(key), f"未知字段：{hint}")
        for key in required:
            if self.raw.get(key) in (None, "", []):
                self.fail(key, "缺少必填字段")
        notice_id = self.notice_id()
        issued_at = self.time("issued_at")
        if level == "lift":
            effective_from, expected_end = self.time("lifted_at"), None
            if effective_from < issued_at:
                self.fail("lifted_at", "解除时间早于本通知的发布时间 issued_at")
        else:
            effective_from, expected_end = self.time("effective_from"), self.time("expected_end")
            if effective_from < issued_at:
                self.fail("effective_from", "生效时间早于发布时间 issued_at")
            if expected_end <= effective_from:
                self.fail("expected_end", "预计结束时间应晚于生效时间 effective_from")
            max_span = timedelta(days=limit("warning_span_days"))
            if expected_end > effective_from + max_span:
                # A heavy-pollution episode lasts days; 9999-12-31 would keep a warning (and its
                # CAP file) active for ever. A longer episode is a new notice that extends it.
                latest = effective_from + max_span
                self.fail(
                    "expected_end",
                    f"预计结束时间 {expected_end:%Y-%m-%d %H:%M} 距生效时间超过 {max_span.days} 天："
                    f"应在 {effective_from:%Y-%m-%d %H:%M} 至 {latest:%Y-%m-%d %H:%M} 之间"
                    "（过程延长请另发通知）",
                )
        areas, whole_city = self.areas()
        provincial = self.provincial()
        authority = self.text("authority", optional=True) or self.config.warnings.get("authority", "")
        if provincial and not authority.startswith(PROVINCE_PREFIX):
            self.fail(
                "authority",
                f"省级预警（provincial: true）的发布机关应以“{PROVINCE_PREFIX}”开头，"
                f"例如 江苏省重污染天气应急指挥部",
            )
        responds_to = self.responds_to(notice_id, provincial)
        return Notice(
            id=notice_id,
            path=self.path,
            level=level,
            issued_at=issued_at,
            effective_from=effective_from,
            expected_end=expected_end,
            areas=areas,
            whole_city=whole_city,
            cause=self.text("cause", optional=True),
            forecast_aqi=self.forecast(),
            measures=self.measures() if level != "lift" else (),
            reduction_ratio=self.reduction_ratio(level) if level != "lift" else (),
            authority=authority,
            document_number=self.text("document_number"),
            supersedes=self.supersedes(notice_id),
            title=self.text("title", optional=True),
            description=self.text("description", optional=True),
            provincial=provincial,
            responds_to=responds_to,
            title_en=self.english("title_en"),
            cause_en=self.english("cause_en"),
            description_en=self.english("description_en"),
            measures_en=self.measures_en() if level != "lift" else (),
        )

    def english(self, field: str) -> str:
        """An optional English text: no Chinese characters in it (the English page prints it as
        English; text with no English form stays in the Chinese field)."""
        value = self.text(field, optional=True)
        chinese = CHINESE.search(value)
        if chinese:
            self.fail(field, f"英文字段中有汉字“{chinese.group()}”：请只写英文，中文写在不带 _en 的字段里")
        return value

    def measures_en(self) -> tuple[str, ...]:
        """The measures in English: one line for each line of `measures`, in the same order."""
        value = self.raw.get("measures_en")
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(m, str) and m.strip() for m in value):
            self.fail("measures_en", "应为应急措施的英文列表，每项一段文字")
        if len(value) != len(self.raw["measures"]):
            self.fail(
                "measures_en",
                f"英文措施有 {len(value)} 项，而 measures 有 {len(self.raw['measures'])} 项：应逐项对应",
            )
        for i, item in enumerate(value, start=1):
            chinese = CHINESE.search(item)
            if chinese:
                self.fail(f"measures_en[{i}]", f"英文字段中有汉字“{chinese.group()}”：请只写英文")
        return tuple(m.strip() for m in value)

    def provincial(self) -> bool:
        value = self.raw.get("provincial", False)
        if not isinstance(value, bool):
            self.fail("provincial", "应写 true（省级发布的预警）或不写")
        return value

    def responds_to(self, notice_id: str, provincial: bool) -> str | None:
        value = self.raw.get("responds_to")
        if value is None:
            return None
        if provincial:
            self.fail("responds_to", "省级预警不写 responds_to；市里响应的通知写 responds_to: 省级预警编号")
        if not isinstance(value, str) or not value.strip() or value.strip() == notice_id:
            self.fail("responds_to", "应为本市响应的省级预警的编号（id），写在引号里")
        return value.strip()

    def level(self) -> str:
        value = self.raw.get("level")
        if value in (None, ""):
            self.fail("level", "缺少必填字段")
        key = LEVEL_KEYS.get(str(value).strip())
        if key is None:
            self.fail("level", f"未知的预警级别“{value}”；应为 黄色、橙色、红色 或 解除")
        return key

    def notice_id(self) -> str:
        value = self.raw["id"]
        if not isinstance(value, str):
            self.fail("id", f'编号应写成带引号的文字，例如 id: "{value}"')
        if not _ID.match(value):
            self.fail("id", f"编号“{value}”只能由小写字母、数字和连字符 - 组成（它是网页地址的一部分）")
        if value != self.path.stem:
            self.fail("id", f"编号“{value}”应与文件名一致：请将文件命名为 {value}.yaml")
        return value

    def time(self, field: str) -> datetime:
        value = self.raw.get(field)
        if isinstance(value, str):
            text = value.strip()
            try:
                value = datetime.fromisoformat(text)
            except ValueError:
                self.fail(field, f"无法识别的时间“{text}”；请写成 2026-01-12T16:00:00+08:00")
            if not re.search(r"\d:\d\d", text):  # a bare date would silently mean midnight
                value = value.date()
        if not isinstance(value, datetime):
            self.fail(field, f"“{value}”不是日期时间；请写成 2026-01-12T16:00:00+08:00（含时、分和时区）")
        if value.tzinfo is None:
            self.fail(field, f"时间“{value}”缺少时区；请在末尾加上北京时间 +08:00")
        if value.utcoffset() != BEIJING_OFFSET:
            self.fail(field, f"时间“{value.isoformat()}”的时区不是北京时间；请写成 +08:00 结尾的北京时间")
        return value

    def text(self, field: str, optional: bool = False) -> str:
        value = self.raw.get(field)
        if value is None and optional:
            return ""
        if isinstance(value, float):  # 1.50 would be published as 1.5: the text written is lost
            self.fail(field, f'“{value}”被读成了数字；请把文字写在引号里，例如 {field}: "…"')
        if not isinstance(value, str | int) or isinstance(value, bool):
            self.fail(field, "应为一段文字")
        return str(value).strip()

    def areas(self) -> tuple[tuple[Area, ...], bool]:
        value = self.raw["areas"]
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            self.fail("areas", "应为县区名称的列表，例如 [海州区, 连云区]，或写“全市”")
        if WHOLE_CITY in items:
            if len(items) > 1:
                self.fail("areas", "写了“全市”就不要再列县区")
            return self.config.areas, True
        areas = []
        for item in items:
            try:
                area = self.config.area(item.strip())
            except KeyError:
                known = "、".join(a.name for a in self.config.areas)
                self.fail("areas", f"未知的县区“{item}”；可用：全市、{known}")
            if area in areas:
                self.fail("areas", f"县区“{item}”重复")
            areas.append(area)
        return tuple(areas), False

    def forecast(self) -> tuple[tuple[date, int], ...]:
        value = self.raw.get("forecast_aqi")
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail("forecast_aqi", "应为逐日预报的列表，每项写 date 和 aqi")
        days = []
        for i, item in enumerate(value, start=1):
            where = f"forecast_aqi[{i}]"
            if not isinstance(item, dict) or set(item) != {"date", "aqi"}:
                self.fail(where, "每一项应恰好包含 date（日期）和 aqi（预报日 AQI）两项")
            day, aqi = item["date"], item["aqi"]
            if isinstance(day, str):
                try:
                    day = date.fromisoformat(day.strip())
                except ValueError:
                    pass
            if not isinstance(day, date) or isinstance(day, datetime):
                self.fail(f"{where}.date", f"“{day}”不是日期；请写成 2026-01-13")
            whole = isinstance(aqi, int | float) and not isinstance(aqi, bool) and float(aqi).is_integer()
            if not whole or not 0 <= aqi <= 500:
                self.fail(f"{where}.aqi", f"“{aqi}”不是 0–500 之间的整数 AQI")
            days.append((day, int(aqi)))
        dates = [d for d, _ in days]
        if len(set(dates)) != len(dates):
            self.fail("forecast_aqi", "同一日期出现了两次")
        return tuple(sorted(days))

    def measures(self) -> tuple[str, ...]:
        value = self.raw["measures"]
        if not isinstance(value, list) or not all(isinstance(m, str) and m.strip() for m in value):
            self.fail("measures", "应为应急措施的列表，每项一段文字")
        return tuple(m.strip() for m in value)

    def reduction_ratio(self, level: str) -> tuple[tuple[str, float], ...]:
        """A number for all four pollutants, or one per pollutant; default from site.toml."""
        value = self.raw.get("reduction_ratio")
        if value is None:
            default = self.config.warnings.get("reduction_ratio", {}).get(level)
            if default is None:
                raise InputError(
                    self.config.path,
                    f"未配置 {level} 级的减排比例",
                    field=f"warnings.reduction_ratio.{level}",
                )
            value = default
        if not isinstance(value, dict):
            value = {key: value for key in REDUCTION_POLLUTANTS}
        ratios = []
        for key, ratio in value.items():
            if key not in REDUCTION_POLLUTANTS:
                self.fail(f"reduction_ratio.{key}", f"未知污染物；可用：{'、'.join(REDUCTION_POLLUTANTS)}")
            if isinstance(ratio, bool) or not isinstance(ratio, int | float) or not 0 < ratio <= 1:
                self.fail(f"reduction_ratio.{key}", f"“{ratio}”应为 0 到 1 之间的小数，例如 0.3 表示 30%")
            ratios.append((key, float(ratio)))
        order = list(REDUCTION_POLLUTANTS)
        return tuple(sorted(ratios, key=lambda kv: order.index(kv[0])))

    def supersedes(self, notice_id: str) -> str | None:
        value = self.raw.get("supersedes")
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail("supersedes", "应为被升级、降级或解除的通知编号（id）")
        if value == notice_id:
            self.fail("supersedes", "通知不能替代它自己")
        return value.strip()
