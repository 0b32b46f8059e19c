"""Read every disclosure file in `{data}/enterprises/` into published tables and a report.

Files are read one at a time and independently, in name order: a bad row is reported and kept
out without touching any other row, and a later file can never take away what an earlier file
contributed. The same measurement in two files is kept from the first file and reported in the
second.

A file that cannot be read as a table at all (undecodable bytes, no header, a required column
missing) is a structural error. `load_folder(strict=True)` (what the build uses) raises an
InputError naming every such file, so the site is not rebuilt from a folder an editor has just
broken and the last good site stays up; with strict=False the file is reported and skipped.
Row-level problems never stop the build: they are listed on the 数据校验报告 page and in the
build output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from generator.clock import build_time
from generator.config import SiteConfig
from generator.enterprises.checks import Issue
from generator.enterprises.exceedances import flag_exceedances
from generator.enterprises.measures import MEASURE_COLUMNS, MEASURE_KEY, check_measures
from generator.enterprises.penalties import PENALTY_COLUMNS, check_penalties
from generator.enterprises.reader import SUFFIXES, read_table
from generator.enterprises.reports import REPORT_COLUMNS, REPORT_KEY, check_reports
from generator.enterprises.responses import RESPONSE_COLUMNS, RESPONSE_KEY, check_responses
from generator.enterprises.validate import RECORD_COLUMNS, RECORD_KEY, check_monitoring
from generator.errors import InputError
from generator.sources.registers import last_good

FOLDER = "enterprises"
# Where `python -m generator fetch` stores [[sources.files]] of kind "enterprise_disclosure".
FETCHED_FOLDER = "raw/files/enterprise_disclosure"


@dataclass
class FileSummary:
    file: str  # path relative to the data folder, e.g. "enterprises/2025-热电.csv"
    kind: str  # "monitoring", "penalty", "measure", "response", "report", or "" when unreadable
    encoding: str
    rows: int
    accepted: int
    rejected: int
    as_of: pd.Timestamp | None  # latest monitoring time / decision date / … accepted from the file
    error: str | None = None  # why the file could not be read at all


@dataclass
class EnterpriseData:
    records: pd.DataFrame  # RECORD_COLUMNS + exceed, ratio
    penalties: pd.DataFrame  # PENALTY_COLUMNS
    enterprises: pd.DataFrame  # credit_code, name, county, industry (one row per unit)
    files: list[FileSummary]
    issues: list[Issue] = field(default_factory=list)
    # The duty registers of plan §35 (register_headers.py): control measures, the emergency
    # response list and permit execution reports.
    measures: pd.DataFrame = field(default_factory=lambda: _empty(MEASURE_COLUMNS))
    responses: pd.DataFrame = field(default_factory=lambda: _empty(RESPONSE_COLUMNS))
    reports: pd.DataFrame = field(default_factory=lambda: _empty(REPORT_COLUMNS))

    @property
    def as_of(self) -> pd.Timestamp | None:
        times = [f.as_of for f in self.files if f.as_of is not None]
        return max(times) if times else None


def disclosure_files(folder: Path) -> list[Path]:
    """CSV and XLSX files in the folder and below, by name; Excel lock files (~$) and hidden ones skipped."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", "."))
    )


def read_file(
    path: Path, label: str, config: SiteConfig, now: datetime
) -> tuple[str, str, pd.DataFrame, list[Issue], int]:
    """(kind, encoding, accepted rows, issues, data rows) for one file; InputError if unreadable.
    Times after `now` (the build time) are refused by row."""
    table = read_table(path)
    checker = CHECKERS[table.kind]
    accepted, issues = checker(table, label, config, now=now)
    return table.kind, table.encoding, accepted, issues, len(table.cells)


CHECKERS = {
    "monitoring": check_monitoring,
    "penalty": check_penalties,
    "measure": check_measures,
    "response": check_responses,
    "report": check_reports,
}
# kind -> (record columns, what makes a record the same, the column a repeat is reported under,
# the column giving the file's as-of date or None)
KINDS = {
    "monitoring": (RECORD_COLUMNS, RECORD_KEY, "监测时间", "time"),
    "penalty": (PENALTY_COLUMNS, ["decision_no"], "处罚决定书文号", "decision_date"),
    # A measure's date is when it went into service, no date of the data: a measure file has no as-of.
    "measure": (MEASURE_COLUMNS, MEASURE_KEY, "治理技术", None),
    "response": (RESPONSE_COLUMNS, RESPONSE_KEY, "减排措施", None),
    "report": (REPORT_COLUMNS, REPORT_KEY, "报告期", "submitted"),
}


def _drop_repeats(frame: pd.DataFrame, key: list[str], what: str, issues: list[Issue]) -> pd.DataFrame:
    """Keep the first file's copy of a record that appears in two files; report the later one."""
    repeated = frame.duplicated(key, keep="first")
    if repeated.any():
        first = frame.groupby(key, sort=False)[["file", "row"]].transform("first")
        for (_, r), (_, f) in zip(frame[repeated].iterrows(), first[repeated].iterrows(), strict=True):
            issues.append(
                Issue(
                    r["file"],
                    int(r["row"]),
                    what,
                    f"重复记录：与 {f['file']} 第 {int(f['row'])} 行相同，已采用先读入的文件",
                )
            )
    return frame[~repeated].reset_index(drop=True)


def _enterprises(records: pd.DataFrame, penalties: pd.DataFrame, duties: list[pd.DataFrame]) -> pd.DataFrame:
    """One row per unit: its name, county and industry as its latest record gives them (a unit only
    the duty registers name takes its name and county from them, read in file order)."""
    monitoring = records.sort_values("time")[["credit_code", "name", "county", "industry"]]
    penalised = penalties.sort_values("decision_date")[["credit_code", "name", "county"]].assign(industry="")
    listed = [d[["credit_code", "name", "county"]].assign(industry="") for d in duties]
    parts = [f.astype("object") for f in (*listed, penalised, monitoring) if len(f)]
    if not parts:
        return pd.DataFrame(columns=["credit_code", "name", "county", "industry"], dtype="object")
    both = pd.concat(parts, ignore_index=True).replace("", None)
    units = both.groupby("credit_code", sort=True).last().fillna("").reset_index()
    return units[["credit_code", "name", "county", "industry"]]


def load_folder(
    data_dir: Path,
    config: SiteConfig,
    *,
    strict: bool = True,
    now: datetime | None = None,
    on_refused: last_good.Refused | None = None,
    scratch: Path | None = None,
) -> EnterpriseData:
    """Every disclosure file, as of `now` (default: the build time, fixed by SOURCE_DATE_EPOCH).

    With `on_refused` (the build) a file that cannot be read as a table is refused alone and its
    last good version (sources/registers/last_good.py, copied under `scratch`) read in its place: a broken
    disclosure file never stops the build, nor the warning it carries."""
    data_dir = Path(data_dir)
    now = now or build_time()
    summaries, issues, broken = [], [], []
    accepted_by_kind: dict[str, list[pd.DataFrame]] = {kind: [] for kind in KINDS}
    # Files the editors placed, then files `fetch` pulled from URLs in the configuration.
    paths = disclosure_files(data_dir / FOLDER) + disclosure_files(data_dir / FETCHED_FOLDER)
    for path in paths:
        label = path.relative_to(data_dir).as_posix()
        try:
            kind, encoding, accepted, file_issues, n_rows = read_file(path, label, config, now)
        except InputError as exc:
            found = None
            if on_refused is not None and scratch is not None:
                found = last_good.fallback(
                    path, scratch, FOLDER, lambda p, label=label: read_file(p, label, config, now)
                )
            if on_refused is not None:
                on_refused(exc, found[1] if found else None)
            else:
                broken.append(exc)
            read_back = found[0] if found else None
            if read_back is None:
                summaries.append(FileSummary(label, "", "", 0, 0, 0, None, error=exc.detail))
                continue
            kind, encoding, accepted, file_issues, n_rows = read_back
        accepted_by_kind[kind].append(accepted)
        issues += file_issues
        rejected_rows = len({i.row for i in file_issues})
        time_col = KINDS[kind][3]
        as_of = accepted[time_col].max() if time_col and len(accepted) else None
        summaries.append(
            FileSummary(
                label, kind, encoding, n_rows, len(accepted), rejected_rows, None if pd.isna(as_of) else as_of
            )
        )
    if broken and strict:
        raise InputError(
            broken[0].path,
            "；".join(str(e) for e in broken) if len(broken) > 1 else broken[0].detail,
            row=broken[0].row if len(broken) == 1 else None,
            field=broken[0].field if len(broken) == 1 else None,
        )

    before = len(issues)
    tables = {}
    for kind, (columns, key, what, _) in KINDS.items():
        parts = accepted_by_kind[kind]
        frame = pd.concat(parts, ignore_index=True) if parts else _empty(columns)
        tables[kind] = _drop_repeats(frame, key, what, issues)
    for repeat in issues[before:]:
        summary = next(s for s in summaries if s.file == repeat.file)
        summary.accepted -= 1
        summary.rejected += 1
    records, penalty_rows = tables["monitoring"], tables["penalty"]
    duties = [tables[k] for k in ("measure", "response", "report")]
    return EnterpriseData(
        records=flag_exceedances(records),
        penalties=penalty_rows,
        enterprises=_enterprises(records, penalty_rows, duties),
        files=summaries,
        issues=sorted(issues, key=lambda i: (i.file, i.row, i.column)),
        measures=tables["measure"],
        responses=tables["response"],
        reports=tables["report"],
    )


def _empty(columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    for c in ("time", "decision_date", "rectified_on", "since", "period_end", "due", "submitted"):
        if c in frame:
            frame[c] = pd.Series(dtype="datetime64[ns, Asia/Shanghai]")
    for c in ("value", "limit", "fine", "efficiency", "cut"):
        if c in frame:
            frame[c] = pd.Series(dtype="float64")
    return frame
