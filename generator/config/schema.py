"""The types of data/site.toml, checked before anything reads a value: one message per mistake, with the
key's path (`areas[3].stations`), instead of a value silently misread or a traceback.

`stations = "3007A"` (text where a list is meant) once read as the stations "3", "0", "0", "7", "A"
and left 赣榆区 unranked with no error; an unknown key in `[[national_stations]]` stopped the build
with a TypeError. Records that become objects (areas, stations) are closed: an unknown key is
refused, with the keys they take. Tables other helpers' settings live in (site, sources, forecasts)
are open: keys this schema does not know are left to their readers, the known ones are checked.

The checks are plain functions (`check_config(path, raw)`), callable before any data is loaded.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.errors import InputError
from generator.text import text_problem

# A URL segment: lower-case letters, digits and hyphens (never `/`, `..` or a dot file).
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
# A monitoring station code: 1173A, DH01 (letters, digits, `-` and `_`; never a path or a space).
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")

Check = Callable[[object], str | None]  # the problem with a value, or None


def _shown(value: object) -> str:
    kinds = {str: "文字", bool: "true/false", int: "整数", float: "数", list: "列表", dict: "表"}
    kind = next((name for t, name in kinds.items() if type(value) is t), type(value).__name__)
    text = repr(value) if not isinstance(value, str) else f"“{value}”"
    return f"{kind} {text[:60]}"


def text(value: object) -> str | None:
    if not isinstance(value, str):
        return f"应为文字（加引号），写的是{_shown(value)}"
    return text_problem(value)  # control, direction-override and zero-width characters


def whole(value: object) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool)
    return None if ok else f"应为整数，写的是{_shown(value)}"


def number(value: object) -> str | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    return None if ok else f"应为有限的数，写的是{_shown(value)}"


def flag(value: object) -> str | None:
    return None if isinstance(value, bool) else f"应为 true 或 false，写的是{_shown(value)}"


def day(value: object) -> str | None:
    if isinstance(value, date):
        return None
    if isinstance(value, str):
        try:
            date.fromisoformat(value)
            return None
        except ValueError:
            pass
    return f"应为日期 YYYY-MM-DD，写的是{_shown(value)}"


def matching(pattern: re.Pattern, what: str) -> Check:
    def check(value: object) -> str | None:
        if isinstance(value, str) and pattern.match(value):
            return None
        return f"应为{what}，写的是{_shown(value)}"

    return check


def list_of(item: Check, example: str) -> Check:
    def check(value: object) -> str | None:
        if not isinstance(value, list):
            return f"应为列表（如 {example}），写的是{_shown(value)}"
        for i, element in enumerate(value, start=1):
            problem = item(element)
            if problem is not None:
                return f"第 {i} 项{problem}"
        return None

    return check


def point(value: object) -> str | None:
    if isinstance(value, list) and len(value) == 2 and all(number(v) is None for v in value):
        return None
    return f"应为 [纬度, 经度] 两个数，写的是{_shown(value)}"


slug = matching(SLUG, "网址用的小写字母、数字和连字符（如 ganyu）")
code = matching(CODE, "测点编号（字母、数字，如 3007A）")
codes = list_of(code, '["3007A"]')
texts = list_of(text, '["南京", "无锡"]')


@dataclass(frozen=True)
class Table:
    """A TOML table: the checks of the keys it knows; `closed` refuses any other key; `required` keys."""

    keys: dict[str, Check | Table | Records]
    closed: bool = False
    required: tuple[str, ...] = ()


@dataclass(frozen=True)
class Records:
    """An array of tables (`[[areas]]`), each checked as `record`."""

    record: Table


SCHEMA = Table(
    {
        "site": Table(
            {
                **dict.fromkeys(("name", "short_name", "city", "url", "publisher", "licence"), text),
                "stale_after_days": whole,
                "languages": list_of(text, '["zh", "en"]'),
            }
        ),
        "sources": Table(
            {
                "cnemc": Table(
                    {
                        **dict.fromkeys(("name", "base_url", "file_pattern"), text),
                        **dict.fromkeys(("retries", "parallel", "settle_days", "quiet_days_alarm"), whole),
                        **dict.fromkeys(("timeout_seconds", "backoff_seconds"), number),
                        "start": day,
                        "redirect_hosts": list_of(text, '["mirror.example.cn"]'),
                    }
                ),
                "files": Records(
                    Table({"url": text, "kind": text, "required": flag}, required=("url", "kind"))
                ),
            }
        ),
        "province": Table({"name": text, "cities": texts}),
        "map": Table({"boundaries": text}),
        "chart": Table({"cjk_font": text}),
        "areas": Records(
            Table(
                {
                    "slug": slug,
                    "name": text,
                    "kind": text,
                    "stations": codes,
                    "polygon": list_of(point, "[[34.62, 119.30], …]"),
                },
                closed=True,
                required=("slug", "name", "kind", "stations"),
            )
        ),
        "national_stations": Records(
            Table(
                {"code": code, "name": text, "lon": number, "lat": number},
                closed=True,
                required=("code", "name", "lon", "lat"),
            )
        ),
        "provincial_stations": Records(
            Table(
                {"code": code, "name": text, "area": slug, "lon": number, "lat": number},
                closed=True,
                required=("code", "name", "area", "lon", "lat"),
            )
        ),
        "targets": Table(
            {
                **dict.fromkeys(
                    (
                        "pm25_annual_max",
                        "good_day_ratio_min",
                        "heavy_day_ratio_reduction",
                        "heavy_day_ratio_baseline",
                        "dustfall_max",
                    ),
                    number,
                ),
                "heavy_day_ratio_baseline_year": whole,
            }
        ),
        "forecasts": Table({"authority": text, "stale_after_hours": number}),
        "warnings": Table(
            {
                "reduction_ratio": Table(dict.fromkeys(("yellow", "orange", "red"), number)),
                **dict.fromkeys(("grading_rules", "cap_sender", "authority"), text),
            }
        ),
    },
    required=("site", "areas"),
)


def check_config(path: Path | str, raw: dict) -> None:
    """InputError naming `path` and the key's path at the first value of the wrong type."""
    _check_table(path, raw, SCHEMA, "")


def _check_table(path, value: object, table: Table, where: str) -> None:
    if not isinstance(value, dict):
        raise InputError(path, f"应为表（[{where}] 或 {{ … }}），写的是{_shown(value)}", field=where or None)
    for key in table.required:
        if key not in value:
            raise InputError(path, f"缺少必填项“{key}”", field=_join(where, key))
    for key, item in value.items():
        spec = table.keys.get(key)
        if spec is None:
            if table.closed:
                known = "、".join(table.keys)
                raise InputError(path, f"未知的键“{key}”；可用：{known}", field=_join(where, key))
            continue
        _check(path, item, spec, _join(where, key))


def _check(path, value: object, spec: Check | Table | Records, where: str) -> None:
    if isinstance(spec, Table):
        _check_table(path, value, spec, where)
    elif isinstance(spec, Records):
        if not isinstance(value, list):
            raise InputError(path, f"应写成 [[{where}]] 表的列表，写的是{_shown(value)}", field=where)
        for i, record in enumerate(value, start=1):
            _check_table(path, record, spec.record, f"{where}[{i}]")
    else:
        problem = spec(value)
        if problem is not None:
            raise InputError(path, problem, field=where)


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key
