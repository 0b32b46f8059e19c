"""The dust-day register: days a sand-dust process affected, confirmed by an editor.

Files: `<data>/dustdays/*.csv` (format in data/dustdays/README.md), UTF-8, one confirmed day and
area per row: date, area, document, note. Only these days are ever deducted (standards/dust.py);
`python -m generator dustdays suggest` lists candidates for an editor to check, and writes nothing.

Validation is strict and fails closed, like the warning register: an unknown or missing column, a
bad date, an unknown area, an empty source document or a day entered twice raises InputError naming
the file, the row (the line number, header = 1) and the field. Text is kept as plain text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd

from generator.config import SiteConfig
from generator.errors import InputError
from generator.sources.registers import last_good
from generator.sources.registers.area_names import WHOLE_CITY, city_name, city_or_area, known_areas
from generator.sources.shared.decoding import decode_text
from generator.sources.shared.register_files import register_files
from generator.text import text_problem

FOLDER = "dustdays"
REQUIRED = ("date", "area", "document")
OPTIONAL = ("note",)
# The whole city: written 全市 or as the city's name (连云港 / 连云港市).
MAX_TEXT = 500
COLUMNS = ["date", "area", "area_name", "document", "note", "file", "row"]


def read_dustdays(
    data_dir: Path | str,
    config: SiteConfig,
    *,
    window: tuple[date, date] | None = None,
    on_refused: Callable[[InputError, Path | None], None] | None = None,
    scratch: Path | None = None,
) -> pd.DataFrame:
    """Every confirmed dust day of `<data_dir>/dustdays/*.csv`, validated (columns COLUMNS;
    area is WHOLE_CITY or an area slug). No folder or no rows: an empty frame.

    `window` (first, last day): a day outside it is refused with the window (a build passes the
    years of its data: a day outside them deducts nothing and has no month to be shown in).
    Without `on_refused` a wrong file raises InputError (`dustdays check`). With it (the build), a
    wrong file is refused alone: `on_refused(error, fallback)` is told, and the file's last good
    version (sources/registers/last_good.py, copied under `scratch`) is read in its place, or nothing."""
    data_dir = Path(data_dir)
    rows: list[dict] = []
    seen: dict[tuple[date, str], str] = {}
    for path in register_files(data_dir / FOLDER, (".csv",)):
        try:
            entries = _checked_file(path, config, window, seen)
        except InputError as error:
            if on_refused is None:
                raise
            found = None
            if scratch is not None:
                found = last_good.fallback(
                    path, scratch, FOLDER, lambda p: _checked_file(p, config, window, seen)
                )
            entries = found[0] if found else []
            on_refused(error, found[1] if found else None)
        for entry in entries:
            seen[(entry["date"], entry["area"])] = f"{entry['file']} 第 {entry['row']} 行"
        rows.extend(entries)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame.sort_values(["date", "area"]).reset_index(drop=True)


def _checked_file(path: Path, config: SiteConfig, window, seen: dict) -> list[dict]:
    """The entries of one file, each inside `window` and none registered before (`seen`)."""
    entries = _read_file(path, config)
    here: dict[tuple[date, str], str] = {}
    for entry in entries:
        key = (entry["date"], entry["area"])
        if window is not None and not window[0] <= entry["date"] <= window[1]:
            raise InputError(
                path,
                f"日期 {entry['date']} 不在监测数据的年份内：应在 {window[0]} 至 {window[1]} 之间",
                row=entry["row"],
                field="date",
            )
        earlier = seen.get(key) or here.get(key)
        if earlier is not None:
            raise InputError(
                path,
                f"{entry['date']} {entry['area_name']} 已在 {earlier} 登记过",
                row=entry["row"],
                field="date",
            )
        here[key] = f"{path.name} 第 {entry['row']} 行"
    return entries


def _read_file(path: Path, config: SiteConfig) -> list[dict]:
    text = decode_text(path.read_bytes(), path)
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise InputError(path, f"文件是空的：第一行应为列名 {','.join(REQUIRED + OPTIONAL)}", row=1)
    header = [h.strip() for h in header]
    for name in header:
        if name not in REQUIRED + OPTIONAL:
            raise InputError(
                path, f"未知的列“{name}”；可用：{'、'.join(REQUIRED + OPTIONAL)}", row=1, field=name
            )
    if len(set(header)) != len(header):
        raise InputError(path, "列名重复", row=1)
    for name in REQUIRED:
        if name not in header:
            raise InputError(path, f"缺少必填列“{name}”", row=1, field=name)
    entries = []
    for line, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue  # blank line
        if len(values) != len(header):
            raise InputError(
                path, f"有 {len(values)} 个字段，列名有 {len(header)} 个（文字中的逗号请加引号）", row=line
            )
        raw = dict(zip(header, (v.strip() for v in values), strict=True))
        entries.append(_entry(path, line, raw, config))
    return entries


def _entry(path: Path, line: int, raw: dict[str, str], config: SiteConfig) -> dict:
    def fail(field: str, message: str):
        raise InputError(path, message, row=line, field=field)

    try:
        day = date.fromisoformat(raw["date"])
    except ValueError:
        fail("date", f"日期“{raw['date']}”无效；应写 YYYY-MM-DD，如 2019-05-12")
    if len(raw["date"]) != 10:
        fail("date", f"日期“{raw['date']}”应写成 YYYY-MM-DD（月、日两位）")
    area, area_name = _area(raw["area"], config, fail)
    if not raw["document"]:
        fail("document", "请写出确认沙尘天气的依据（文件名、文号或通报标题）")
    for field in ("document", "note"):
        if len(raw.get(field, "")) > MAX_TEXT:
            fail(field, f"文字过长（超过 {MAX_TEXT} 字）")
        problem = text_problem(raw.get(field, ""))
        if problem is not None:
            fail(field, problem)
    return {
        "date": day,
        "area": area,
        "area_name": area_name,
        "document": raw["document"],
        "note": raw.get("note", ""),
        "file": path.name,
        "row": line,
    }


def _area(text: str, config: SiteConfig, fail) -> tuple[str, str]:
    found = city_or_area(text, config)
    if found is None:
        spellings = f"{WHOLE_CITY}（或 {city_name(config)}）、{known_areas(config)}"
        fail("area", f"未知的地区“{text}”；可写：{spellings}")
    return found


def days_for(register: pd.DataFrame, area: str | None = None) -> pd.Series:
    """The confirmed dust dates that apply to the whole city (area None) or to one area slug
    (its own rows and the whole city's)."""
    wanted = {WHOLE_CITY} if area is None else {WHOLE_CITY, area}
    return pd.Series(
        sorted(register.loc[register["area"].isin(wanted), "date"].unique()), dtype="datetime64[ns]"
    )


def for_build(ctx) -> pd.DataFrame:
    """The register as a build reads it (once, kept in ctx.products): days within the years of the
    build's data, a wrong file refused alone (its last good version in its place), each refusal
    told on stderr and recorded in ctx.products["refused_files"] for /status/."""
    products = ctx.products
    if "dustdays" not in products:
        times = ctx.dataset.hourly["time"]
        window = None if times.empty else (date(times.min().year, 1, 1), date(times.max().year, 12, 31))

        refused = last_good.refusals(products, "沙尘日登记")
        products["dustdays"] = read_dustdays(
            ctx.dataset.data_dir,
            ctx.config,
            window=window,
            on_refused=refused,
            scratch=last_good.scratch_of(ctx),
        )
    return products["dustdays"]
