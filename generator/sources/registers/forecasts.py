"""The bureau's 7-day air-quality forecasts: one file per issue in `<data>/forecasts/`.

Editors write `YYYY-MM-DD.csv` (or `.yaml`), or `YYYY-MM-DD-HH.csv` when more than one issue a day
is published (format in data/forecasts/README.md); `fetch` pulls the same files from
[[sources.files]] of kind `forecast` into raw/files/forecast/. Validation is strict and fails
closed, like the warning register: a mistake raises InputError naming the file, the row and the
field, and the build stops before anything is published. A forecast issued after the build time is
held back until a build at or after it. Row checks are in forecast_rows.py.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from generator.config import SiteConfig
from generator.errors import InputError
from generator.sources.registers import last_good
from generator.sources.registers.forecast_rows import CITY, HORIZON_DAYS, ForecastDay, read_row, row_failer
from generator.sources.registers.notice_yaml import CHINESE, check_texts, read_yaml
from generator.sources.shared.decoding import decode_text
from generator.sources.shared.limits import limit
from generator.sources.shared.register_files import register_files

SUFFIXES = (".csv", ".yaml", ".yml")
_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:-(\d{2}))?$")
BEIJING_OFFSET = timedelta(hours=8)
# CSV headers: the English names of the format, or their Chinese equivalents.
CSV_HEADERS = {
    "issued_at": "issued_at",
    "发布时间": "issued_at",
    "area": "area",
    "区域": "area",
    "date": "date",
    "日期": "date",
    "aqi_min": "aqi_min",
    "aqi下限": "aqi_min",
    "aqi_max": "aqi_max",
    "aqi上限": "aqi_max",
    "level": "level",
    "级别": "level",
    "primary": "primary",
    "首要污染物": "primary",
    "text": "text",
    "说明": "text",
}
REQUIRED_COLUMNS = ("issued_at", "area", "date", "aqi_min", "aqi_max", "level", "primary")
# text_en: the note in English, for the English edition (optional; YAML files only).
YAML_FIELDS = ("issued_at", "authority", "text", "text_en", "days")


@dataclass(frozen=True)
class Forecast:
    """One forecast issue, validated: its days ordered by area (city first) and date."""

    id: str  # the file name without suffix: 2026-11-22 or 2026-11-22-16
    path: Path
    issued_at: datetime
    authority: str
    text: str
    days: tuple[ForecastDay, ...]
    text_en: str = ""  # the editor's English for `text` ("" when not written)

    @property
    def city_days(self) -> tuple[ForecastDay, ...]:
        return tuple(d for d in self.days if d.area == CITY)

    def area_days(self, area: str) -> tuple[ForecastDay, ...]:
        return tuple(d for d in self.days if d.area == area)

    @property
    def areas(self) -> list[str]:
        """The areas with a forecast in this issue, city first, in the order they appear."""
        return list(dict.fromkeys(d.area for d in self.days))


def forecast_files(folder: Path) -> list[Path]:
    """The forecast files in a folder, by name: *.csv, *.yaml, *.yml in any case of letters."""
    return register_files(folder, tuple(SUFFIXES))


def load_forecasts(
    folders: Path | list[Path],
    config: SiteConfig,
    *,
    at: datetime | None = None,
    scratch: Path | None = None,
    on_refused: last_good.Refused | None = None,
) -> tuple[list[Forecast], list[Forecast]]:
    """(published, held back): every forecast file of the folders read and checked, oldest first.

    With `at` (the build time) an issue after it is checked like any other but held back. With
    `on_refused` (the build) a wrong file is refused alone, its last good version (copied under
    `scratch`) read in its place (sources/registers/last_good.py): a forecast typo never stops a warning.
    """
    folders = [Path(folders)] if isinstance(folders, (str, Path)) else [Path(f) for f in folders]
    paths = [p for folder in folders for p in forecast_files(folder)]
    forecasts = last_good.read_each(
        paths,
        lambda p: read_forecast(p, config),
        scratch=scratch,
        register="forecasts",
        on_refused=on_refused,
    )
    forecasts = _one_file_per_issue(forecasts, on_refused)
    forecasts.sort(key=lambda f: f.issued_at)
    if at is None:
        return forecasts, []
    return [f for f in forecasts if f.issued_at <= at], [f for f in forecasts if f.issued_at > at]


def _one_file_per_issue(forecasts: list[Forecast], on_refused: last_good.Refused | None) -> list[Forecast]:
    """One file per issue: no two files with the same name (whatever the suffix) or issue time.
    Without `on_refused` two such files raise; with it (the build) both are refused and neither is
    used (which one is right is not ours to guess), and the other forecasts go on."""
    by_id: dict[str, Forecast] = {}
    by_time: dict[datetime, Forecast] = {}
    clashing: set[Path] = set()
    for forecast in forecasts:
        other = by_id.get(forecast.id) or by_time.get(forecast.issued_at)
        if other is not None:
            error = InputError(
                forecast.path,
                f"与 {other.path} 是同一次预报（同名或同一发布时间）：只保留一份",
                field="issued_at",
            )
            if on_refused is None:
                raise error
            on_refused(error, None)
            clashing |= {forecast.path, other.path}
        by_id[forecast.id] = by_time[forecast.issued_at] = forecast
    return [f for f in forecasts if f.path not in clashing]


def read_forecast(path: Path, config: SiteConfig) -> Forecast:
    """One forecast file (CSV or YAML), read strictly and checked row by row."""
    match = _NAME.match(path.stem)
    if match is None:
        raise InputError(
            path,
            "文件名应为发布日期 YYYY-MM-DD（一天多次发布时加小时 YYYY-MM-DD-HH），"
            "例如 2026-11-22.csv 或 2026-11-22-16.yaml",
        )
    try:
        named_date = date.fromisoformat(match.group(1))
    except ValueError:
        raise InputError(path, f"文件名中的日期“{match.group(1)}”不存在") from None
    named_hour = int(match.group(2)) if match.group(2) else None
    if named_hour is not None and named_hour > 23:
        raise InputError(path, f"文件名中的小时“{match.group(2)}”应为 00–23")
    _check_size(path)
    text_en = ""
    if path.suffix.lower() == ".csv":
        issued_at, authority, text, rows = _csv_rows(path)
    else:
        issued_at, authority, text, rows, text_en = _yaml_rows(path)
    if issued_at.date() != named_date or (named_hour is not None and issued_at.hour != named_hour):
        raise InputError(
            path,
            f"发布时间 {issued_at.isoformat()} 与文件名 {path.name} 不符"
            "（文件名是发布日期，一天多次发布时加小时）",
            field="issued_at",
        )
    days = []
    for number, prefix, row in rows:
        days.append(read_row(row, issued_at.date(), config, row_failer(path, number, prefix)))
    _check_days(path, days, rows, issued_at.date())
    order = {CITY: -1} | {a.slug: i for i, a in enumerate(config.areas)}
    days.sort(key=lambda d: (order[d.area], d.date))
    return Forecast(
        id=path.stem.lower(),
        path=path,
        issued_at=issued_at,
        authority=authority or str(config.raw.get("forecasts", {}).get("authority", "")),
        text=text,
        days=tuple(days),
        text_en=text_en,
    )


def _check_size(path: Path) -> None:
    max_bytes = limit("forecast_file_bytes")
    if path.stat().st_size > max_bytes:
        raise InputError(path, f"文件超过 {max_bytes // 1024} KB：一次预报只需几 KB，请检查文件")


def parse_time(value: object, fail) -> datetime:
    """An issue time with its +08:00 offset: 2026-11-22T16:00:00+08:00 (or a space for the T)."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            fail("issued_at", f"无法识别的时间“{text}”；请写成 2026-11-22T16:00:00+08:00")
        if not re.search(r"\d:\d\d", text):
            fail("issued_at", f"“{text}”缺少时、分；请写成 2026-11-22T16:00:00+08:00")
    if not isinstance(value, datetime):
        fail("issued_at", f"“{value}”不是日期时间；请写成 2026-11-22T16:00:00+08:00")
    if value.tzinfo is None:
        fail("issued_at", f"时间“{value}”缺少时区；请在末尾加上北京时间 +08:00")
    if value.utcoffset() != BEIJING_OFFSET:
        fail("issued_at", f"时间“{value.isoformat()}”的时区不是北京时间；请写成 +08:00 结尾的北京时间")
    return value


def _csv_rows(path: Path) -> tuple[datetime, str, str, list[tuple[int, str, dict]]]:
    text = decode_text(path.read_bytes(), path)
    try:
        table = [r for r in csv.reader(text.splitlines()) if any(c.strip() for c in r)]
    except csv.Error as exc:
        raise InputError(path, f"不是有效的 CSV：{exc}") from None
    if not table:
        raise InputError(path, "文件是空的：应有表头和每天一行")
    if len(table) > limit("forecast_rows") + 1:
        raise InputError(path, f"超过 {limit('forecast_rows')} 行：一次预报不到 100 行，请检查文件")
    header = []
    for i, cell in enumerate(table[0], start=1):
        key = CSV_HEADERS.get(cell.strip().lower())
        if key is None:
            raise InputError(
                path,
                f"未知的列“{cell}”；列名见 data/forecasts/README.md",
                row=1,
                field=cell.strip() or f"第{i}列",
            )
        if key in header:
            raise InputError(path, f"列“{cell}”重复", row=1, field=key)
        header.append(key)
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise InputError(path, f"缺少列：{'、'.join(missing)}", row=1, field=missing[0])
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if len(cells) > len(header):
            raise InputError(path, f"本行有 {len(cells)} 格，多于表头的 {len(header)} 列", row=number)
        row = dict(zip(header, [c.strip() for c in cells] + [""] * (len(header) - len(cells)), strict=True))
        check_texts(path, row)
        rows.append((number, "", row))
    if not rows:
        raise InputError(path, "表头下没有预报行")
    times = {}
    for number, _, row in rows:
        times.setdefault(row["issued_at"], number)
    if len(times) > 1:
        number = list(times.values())[1]
        raise InputError(
            path, "同一文件中的发布时间不一致：一个文件只写一次预报", row=number, field="issued_at"
        )
    issued_at = parse_time(rows[0][2]["issued_at"], row_failer(path, 2))
    return issued_at, "", "", rows


def _yaml_rows(path: Path) -> tuple[datetime, str, str, list[tuple[int | None, str, dict]], str]:
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise InputError(path, "文件应为“字段: 值”的列表（YAML 映射），含 issued_at 和 days")
    check_texts(path, raw)
    for key in raw:
        if key not in YAML_FIELDS:
            raise InputError(
                path, "未知字段：请检查拼写（字段名见 data/forecasts/README.md）", field=str(key)
            )
    fail = row_failer(path, None)
    if raw.get("issued_at") in (None, ""):
        fail("issued_at", "缺少必填字段")
    issued_at = parse_time(raw["issued_at"], fail)
    days = raw.get("days")
    if not isinstance(days, list) or not days:
        fail("days", "应为逐日预报的列表，每项写 area、date、aqi_min、aqi_max、level、primary")
    if len(days) > limit("forecast_rows"):
        fail("days", f"超过 {limit('forecast_rows')} 项：一次预报不到 100 项，请检查文件")
    rows = []
    allowed = set(REQUIRED_COLUMNS) - {"issued_at"} | {"text"}
    for i, item in enumerate(days, start=1):
        if not isinstance(item, dict):
            fail(f"days[{i}]", "每一项应为“字段: 值”的映射")
        for key in item:
            if key not in allowed:
                fail(f"days[{i}].{key}", "未知字段：请检查拼写（字段名见 data/forecasts/README.md）")
        rows.append((None, f"days[{i}].", item))
    authority = raw.get("authority") or ""
    text = raw.get("text") or ""
    text_en = raw.get("text_en") or ""
    for field, value in (("authority", authority), ("text", text), ("text_en", text_en)):
        if not isinstance(value, str):
            fail(field, "应为一段文字")
    chinese = CHINESE.search(text_en)
    if chinese:
        fail("text_en", f"英文字段中有汉字“{chinese.group()}”：请只写英文，中文写在 text 里")
    return issued_at, authority.strip(), text.strip(), rows, text_en.strip()


def _check_days(path: Path, days: list[ForecastDay], rows: list, issue_date: date) -> None:
    """Each area and day once; the city every one of the 7 days; an area's days without gaps."""
    seen: dict[tuple[str, date], int] = {}
    for day, (number, prefix, _) in zip(days, rows, strict=True):
        key = (day.area, day.date)
        if key in seen:
            raise InputError(path, f"{day.area_name} {day.date} 写了两次", row=number, field=f"{prefix}date")
        seen[key] = 1
    leads: dict[str, list[int]] = {}
    for day in days:
        leads.setdefault(day.area, []).append(day.lead)
    city = sorted(leads.get(CITY, []))
    if city != list(range(1, HORIZON_DAYS + 1)):
        missing = [str(issue_date + timedelta(days=n)) for n in range(1, HORIZON_DAYS + 1) if n not in city]
        raise InputError(
            path, f"全市的预报应覆盖发布日之后的 {HORIZON_DAYS} 天，缺少：{'、'.join(missing)}", field="date"
        )
    for area, area_leads in leads.items():
        ordered = sorted(area_leads)
        if ordered != list(range(1, len(ordered) + 1)):
            name = next(d.area_name for d in days if d.area == area)
            raise InputError(path, f"{name}的预报应从发布日次日起逐日连续（不能跳过日期）", field="date")
