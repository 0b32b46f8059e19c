"""Cell checks shared by both kinds of file: each row problem becomes an Issue naming the file,
the row an editor sees, the column as headed in the file, and what is wrong."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from generator.config import SiteConfig
from generator.enterprises import credit_code
from generator.enterprises.reader import RawTable
from generator.enterprises.vocabulary import map_distinct, pollutant_codes
from generator.sources.shared.limits import limit
from generator.text import CONTROL, INVISIBLE, text_problem

BEIJING = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Issue:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}, field '{self.column}': {self.message}"


class RowChecker:
    """Collects the problems of one table's rows; `bad` marks rows kept out of the figures."""

    def __init__(self, table: RawTable, file_label: str):
        self.table = table
        self.file = file_label
        self.bad = pd.Series(False, index=table.cells.index)
        self.issues: list[Issue] = []
        self._refuse_cut_row()
        self._refuse_long_cells()
        self._refuse_invisible_characters()

    def _refuse_cut_row(self) -> None:
        """A last line cut short is refused like a cut archive line: its last cell may be cut too."""
        if self.table.cut_row is None:
            return
        row, label = self.table.cut_row
        field = next((f for f, written in self.table.labels.items() if written == label), label)
        self.flag(
            self.table.rows == row,
            field,
            "文件末行不完整（没有换行且列数少于表头）：文件可能在传输或保存时被截断，"
            "该行最后一格可能只是数字的一部分，已不采用；请重新导出完整的文件",
        )

    def _refuse_long_cells(self) -> None:
        max_chars = limit("disclosure_cell_chars")
        for field, values in self.table.cells.items():
            self.flag(
                values.str.len() > max_chars,
                field,
                f"内容超过 {max_chars} 字的上限：请检查是否误粘贴了其他内容",
            )

    def _refuse_invisible_characters(self) -> None:
        """Control characters, direction overrides and zero-width characters (generator/text.py)
        are refused in every cell, as in every other editor's text."""
        pattern = f"{CONTROL.pattern[:-1]}{INVISIBLE.pattern[1:]}"  # the two classes as one
        for field, values in self.table.cells.items():
            self.flag(
                values.str.contains(pattern, regex=True, na=False),
                field,
                lambda at, values=values: values[at].map(text_problem),
            )

    def flag(self, mask: pd.Series, field: str, message: str | pd.Series | Callable) -> None:
        """Reject rows where `mask`; `message` is one text, a Series of texts per row, or a function
        of the flagged rows (a boolean selector) giving their texts in order. A function is called
        only when some row is flagged: most checks flag no row, and making a text for every row of a
        large file costs about as much as the checks themselves."""
        if not mask.any():  # a missing (NA) entry flags nothing; most checks flag no row
            return
        mask = mask.fillna(False).astype(bool)
        if callable(message):
            texts = message(mask)
        elif isinstance(message, pd.Series):
            texts = message[mask]
        else:
            texts = pd.Series(message, index=mask[mask].index)
        column = self.table.labels.get(field, field)
        self.issues.extend(
            Issue(self.file, int(row), column, str(text))
            for row, text in zip(self.table.rows[mask], texts, strict=True)
        )
        self.bad |= mask

    def required_text(self, field: str, what: str) -> pd.Series:
        values = self.table.cells[field]
        self.flag(values == "", field, f"{what}为空")
        return values


def quoted(values: pd.Series) -> pd.Series:
    """A cell as quoted in a message: shortened, so one wild cell cannot flood the report."""
    return "“" + values.str.slice(0, 40) + "”"


def parse_numbers(text: pd.Series) -> pd.Series:
    """Numbers as editors write them ('1,234.5', ' 12 '); NaN where the cell is not a number."""
    cleaned = text.str.replace(",", "", regex=False).str.replace("，", "", regex=False).str.strip()
    numbers = pd.to_numeric(cleaned.replace("", pd.NA), errors="coerce").astype("float64")
    return numbers.where(np.isfinite(numbers))


# A time written with its UTC offset: 2025-01-31 10:00+08:00, 2025-01-31T02:00Z, …+0800.
_OFFSET = r"\d:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:Z|[+-]\d\d:?\d\d)$"


def parse_times(text: pd.Series) -> pd.Series:
    """Beijing times from '2025-01-31 14:00', '2025/1/31 14:00', '2025年1月31日', Excel cells, and
    times with an offset ('2025-01-31T10:00+08:00', '…T02:00Z'), converted to Beijing time; a file
    may mix them. NaT where the text is no time."""
    cleaned = (
        text.str.replace("年", "-", regex=False)
        .str.replace("月", "-", regex=False)
        .str.replace("日", " ", regex=False)
        .str.replace("/", "-", regex=False)
        .str.replace("T", " ", regex=False)
        .str.strip()
    )
    cleaned = cleaned.replace("", pd.NA)
    result = pd.Series(pd.NaT, index=text.index, dtype=f"datetime64[ns, {BEIJING.key}]")
    with_offset = cleaned.str.contains(_OFFSET, regex=True, na=False)
    if with_offset.any():
        aware = pd.to_datetime(
            cleaned[with_offset].str.replace(r"\s+(?=[+-]\d\d:?\d\d$|Z$)", "", regex=True),
            errors="coerce",
            utc=True,
            format="ISO8601",
        )
        result[with_offset] = _nanoseconds(aware).dt.tz_convert(BEIJING)
    local = cleaned[~with_offset]
    parsed = _nanoseconds(pd.to_datetime(local, errors="coerce", format="ISO8601"))
    retry = parsed.isna() & local.notna()
    if retry.any():
        parsed[retry] = _nanoseconds(pd.to_datetime(map_distinct(local[retry], _other_spelling)))
    result[~with_offset] = pd.to_datetime(parsed).dt.tz_localize(BEIJING, ambiguous="NaT", nonexistent="NaT")
    return result


def _nanoseconds(times: pd.Series) -> pd.Series:
    """`times` in nanoseconds, the unit every time column holds; a time outside its range (years
    1678-2261: a mistyped year such as 1600) becomes NaT here and is refused by its year in
    checked_times, instead of stopping the build with OutOfBoundsDatetime."""
    if times.dtype == object:  # Timestamps of several units
        times = pd.to_datetime(times.map(lambda t: t if pd.isna(t) or 1678 < t.year < 2262 else pd.NaT))
    if str(times.dtype).startswith("datetime64[ns"):
        return times
    tz = times.dt.tz
    kept = times.where((times.dt.year > 1678) & (times.dt.year < 2262))
    return kept.astype(f"datetime64[ns, {tz}]" if tz is not None else "datetime64[ns]")


def _other_spelling(text: str) -> pd.Timestamp:
    """A local time written another way ('Jan 5 2025 10:00'); NaT for a zone in words ('CST', 'GMT+8'):
    its meaning is ambiguous (China or US Central; POSIX signs are reversed), so only offsets count."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pandas only warns when it drops a zone it does not know
        try:
            value = pd.Timestamp(text)
        except (ValueError, TypeError, OverflowError, Warning):
            return pd.NaT
    return pd.NaT if value.tzinfo is not None else value


def checked_pollutants(check: RowChecker, what: str, where: str = "") -> pd.Series:
    """HJ 212 codes of the required `pollutant` column (named `what` to the editor); a written
    name that is no known pollutant is refused, `where` saying where the names are listed."""
    written = check.required_text("pollutant", what)
    codes = pollutant_codes(written)
    check.flag(
        codes.isna() & (written != ""),
        "pollutant",
        lambda at: "未知" + what + quoted(written[at]) + "：请使用 HJ 212 污染物名称或代码" + where,
    )
    return codes


def check_credit_codes(check: RowChecker) -> pd.Series:
    codes = check.table.cells["credit_code"].map(credit_code.normalise)
    problems = map_distinct(codes, credit_code.problem)
    check.flag(problems.notna(), "credit_code", problems)
    return codes


def area_lookup(config: SiteConfig) -> dict[str, str]:
    """County/district as written -> area slug: its name, its slug, or '连云港市' + name."""
    lookup = {}
    for area in config.areas:
        for spelling in (area.name, area.slug, f"{config.site.get('city', '')}市{area.name}"):
            lookup["".join(spelling.split()).lower()] = area.slug
    return lookup


def check_counties(check: RowChecker, config: SiteConfig, *, required: bool) -> pd.Series:
    """Area slugs; an empty cell is allowed only where the column is optional."""
    if "county" not in check.table.cells:
        return pd.Series("", index=check.table.cells.index)
    written = check.table.cells["county"]
    lookup = area_lookup(config)
    slugs = map_distinct(written, lambda s: lookup.get("".join(s.split()).lower()))
    known = "、".join(a.name for a in config.areas)
    unknown = slugs.isna() & ((written != "") | required)
    check.flag(unknown & (written == ""), "county", "县区为空")
    check.flag(
        unknown & (written != ""),
        "county",
        lambda at: "未知县区" + quoted(written[at]) + f"：应为本站配置的县区名称或简称（{known}）",
    )
    return slugs.fillna("")


def identity(check: RowChecker, config: SiteConfig, *, county_required: bool) -> tuple[pd.Series, ...]:
    """(names, credit codes, area slugs): the unit each row of either kind of file is about."""
    names = check.required_text("name", "企业名称")
    return names, check_credit_codes(check), check_counties(check, config, required=county_required)


def checked_times(check: RowChecker, field: str, text: pd.Series, what: str, example: str) -> pd.Series:
    """Beijing times of a time column; a written cell that is no time is refused."""
    times = parse_times(text)
    # The year as written, for a time too early to be a disclosure (1600-06-01, 0025-01-01): it
    # gets the window, not "unrecognised" (pandas cannot even hold years before 1678).
    year = pd.to_numeric(text.str.extract(r"^\s*(\d{1,4})\s*[-/年.]", expand=False), errors="coerce")
    earliest = int(limit("disclosure_earliest_year"))
    early = (year < earliest).fillna(False).astype(bool)  # a cell with no year is not early
    check.flag(
        early,
        field,
        lambda at: (
            what + quoted(text[at]) + f"早于 {earliest} 年：应在 {earliest} 年至本次生成时间之间，请检查年份"
        ),
    )
    check.flag(
        times.isna() & (text != "") & ~early,
        field,
        lambda at: f"{what}无法识别：" + quoted(text[at]) + f"（请写成 {example}）",
    )
    return times.where(~early)


def refuse_future(
    check: RowChecker, field: str, text: pd.Series, times: pd.Series, what: str, now: datetime, advice: str
) -> None:
    """A time after the build (`now`) is a mistyped year, or a record that cannot exist yet; the
    message shows the build time as precisely as the column is written (date, or date and time)."""
    shown = f"{now:%Y-%m-%d %H:%M}" if field == "time" else f"{now:%Y-%m-%d}"
    check.flag(times > now, field, lambda at: what + quoted(text[at]) + f"晚于本次生成时间 {shown}：{advice}")


def drop_repeats(
    check: RowChecker, records: pd.DataFrame, key, field: str, message: tuple[str, str]
) -> pd.DataFrame:
    """`records` without a repeat of an earlier row's `key`; each repeat refused, naming the first
    row (`message`: the text before and after that row number)."""
    repeat = records.duplicated(key, keep="first")
    before, after = message

    def texts(_flagged) -> pd.Series:  # the rows flagged are the repeats, in the same order
        first_row = records.groupby(key, sort=False)["row"].transform("first")
        return before + first_row[repeat].astype(str) + after

    check.flag(repeat.reindex(check.table.cells.index, fill_value=False), field, texts)
    return records[~repeat].reset_index(drop=True)
