"""Cell checks shared by both kinds of file: each row problem becomes an Issue naming the file,
the row an editor sees, the column as headed in the file, and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from generator.config import SiteConfig
from generator.enterprises import credit_code
from generator.enterprises.reader import RawTable
from generator.enterprises.vocabulary import map_distinct

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

    def flag(self, mask: pd.Series, field: str, message) -> None:
        """Reject rows where `mask`; `message` is one text or a Series of texts per row."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        texts = message[mask] if isinstance(message, pd.Series) else pd.Series(message, index=mask[mask].index)
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


def parse_times(text: pd.Series) -> pd.Series:
    """Beijing times from '2025-01-31 14:00', '2025/1/31 14:00', '2025年1月31日', Excel cells."""
    cleaned = (
        text.str.replace("年", "-", regex=False).str.replace("月", "-", regex=False)
        .str.replace("日", " ", regex=False).str.replace("/", "-", regex=False)
        .str.replace("T", " ", regex=False).str.strip()
    )
    cleaned = cleaned.replace("", pd.NA)
    parsed = pd.to_datetime(cleaned, errors="coerce", format="ISO8601")
    retry = parsed.isna() & cleaned.notna()
    if retry.any():
        parsed[retry] = pd.to_datetime(cleaned[retry], errors="coerce", format="mixed")
    return pd.to_datetime(parsed).dt.tz_localize(BEIJING, ambiguous="NaT", nonexistent="NaT")


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
    check.flag(unknown & (written != ""), "county",
               "未知县区" + quoted(written) + f"：应为本站配置的县区名称或简称（{known}）")
    return slugs.fillna("")
