"""Dust fall (降尘) by county/district and month: the file reader.

Dust fall is measured by HJ 1221-2021 (gravimetric, dust jars), one value per monitoring point and
month; the bureau publishes each area's monthly mean over its points. The plan's check of these
records (each area's yearly mean against its cap) is statistics/dustfall.py.

Input: every `{data}/dustfall/*.csv` (UTF-8), tidy, one row per area and month:

    area,month,value_t_per_km2_month,points
    海州区,2025-01,4.2,3

`area` is an area's slug or Chinese name from data/site.toml; `month` is YYYY-MM;
`value_t_per_km2_month` is the mean over the area's points in t/(月·km²); `points` the number of
points that month. A wrong row stops the build with an error naming the file, row and field.
"""

from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path

import pandas as pd

from generator.config import SiteConfig
from generator.errors import InputError
from generator.sources.shared.decoding import decode_text
from generator.sources.shared.register_files import register_files

COLUMNS = ("area", "month", "value_t_per_km2_month", "points")
UNIT = "t/(月·km²)"
METHOD = "HJ 1221-2021"
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def dustfall_files(data_dir: Path) -> list[Path]:
    folder = Path(data_dir) / "dustfall"
    return register_files(folder, (".csv",))


def _read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    text = decode_text(path.read_bytes(), path)
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InputError(
            path, f"表头缺少列 {', '.join(missing)}（应为 {','.join(COLUMNS)}）", row=1, field=missing[0]
        )
    reader.fieldnames = header
    # The header is line 1, so the first record is row 2: the number an editor sees in a spreadsheet.
    return [
        (reader.line_num, {k: (v or "").strip() for k, v in rec.items() if k is not None}) for rec in reader
    ]


def _parse_row(path: Path, row: int, rec: dict[str, str], config: SiteConfig) -> dict:
    area_key = rec["area"]
    try:
        area = config.area(area_key)
    except KeyError:
        known = "、".join(a.name for a in config.areas)
        raise InputError(
            path, f"未知的县区“{area_key}”；应为配置中的县区名或代码：{known}", row=row, field="area"
        ) from None
    match = _MONTH.match(rec["month"])
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise InputError(path, f"月份“{rec['month']}”应写作 YYYY-MM（如 2025-03）", row=row, field="month")
    try:
        value = float(rec["value_t_per_km2_month"])
    except ValueError:
        raise InputError(
            path, f"降尘量“{rec['value_t_per_km2_month']}”不是数字", row=row, field="value_t_per_km2_month"
        ) from None
    if not math.isfinite(value) or value < 0:
        raise InputError(
            path,
            f"降尘量 {rec['value_t_per_km2_month']} 应为不小于 0 的数",
            row=row,
            field="value_t_per_km2_month",
        )
    try:
        points = int(rec["points"])
    except ValueError:
        raise InputError(path, f"点位数“{rec['points']}”应为正整数", row=row, field="points") from None
    if points < 1:
        raise InputError(path, f"点位数 {points} 应至少为 1", row=row, field="points")
    return {
        "area": area.slug,
        "area_name": area.name,
        "kind": area.kind,
        "month": pd.Timestamp(year=int(match.group(1)), month=int(match.group(2)), day=1),
        "value": value,
        "points": points,
        "file": path.name,
        "row": row,
    }


def read_dustfall(data_dir: Path, config: SiteConfig) -> pd.DataFrame:
    """Every dust-fall record of the data folder, validated, sorted by area and month.

    Columns: area (slug), area_name, kind, month (Timestamp, first day), value (t/(月·km²)),
    points, file, row. Empty when the folder has no dust-fall files.
    """
    records: list[dict] = []
    seen: dict[tuple[str, pd.Timestamp], tuple[str, int]] = {}
    for path in dustfall_files(data_dir):
        for row, rec in _read_rows(path):
            parsed = _parse_row(path, row, rec, config)
            key = (parsed["area"], parsed["month"])
            if key in seen:
                first_file, first_row = seen[key]
                raise InputError(
                    path,
                    f"{parsed['area_name']} {rec['month']} 已在 {first_file} 第 {first_row} 行给出",
                    row=row,
                    field="month",
                )
            seen[key] = (path.name, row)
            records.append(parsed)
    columns = ["area", "area_name", "kind", "month", "value", "points", "file", "row"]
    frame = pd.DataFrame(records, columns=columns)
    return frame.sort_values(["area", "month"], ignore_index=True)
