"""Every file an editor writes, checked before a build loads any observation.

Loading the monitoring data is the long part of a build (the whole archive read and reshaped,
hundreds of MB of memory); a mistake in a notice or a forecast should not wait for it. So the
build first reads each register the way its page builder will and stops at the first bad file,
naming its file, row and field (InputError), before `load_dataset` runs:

    data/site.toml                    read first of all, by build_site (load_config)
    {data}/warnings/*.yaml            warning notices (and those `fetch` pulled, raw/files/warning_register)
    {data}/forecasts/*                forecasts (and raw/files/forecast)
    {data}/dustdays/*.csv             confirmed dust days
    {data}/dustfall/*.csv             dust-fall records
    {data}/enterprises/*              disclosure files (and raw/files/..., strict as the build reads them)
    {data}/provincial/*.csv           county stations outside the national archive

The page builders read the same files again later (they are small next to the archive): the
check only moves the refusal to the start; what each builder accepts is unchanged.

Two modes, one for each promise (issues 28 and 29):

- `check_registers` (an editor's check, the tests): every register strictly, the first bad file
  raises InputError.
- `check_registers_for_build` (the build): what would stop the build stops it here, before the
  data: a notice file wrong in itself with no last good version to stand in for it ("stop, never
  guess": a warning is never published from a guess), a dust-fall file, a provincial CSV, and
  faults across files of a register. A forecast, dust-day or disclosure file that is wrong is
  refused alone by its page builder, its last good version (or nothing) in its place, and said on
  /status/ (sources/registers/last_good.py): it never holds back a warning.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from generator.config import SiteConfig
from generator.enterprises.importer import load_folder
from generator.errors import InputError
from generator.sources.registers.dustdays import read_dustdays
from generator.sources.registers.dustfall import read_dustfall
from generator.sources.registers.forecasts import load_forecasts
from generator.sources.registers.warnings import load_register
from generator.sources.snapshots.observations import provincial_files, read_provincial_csv


def check_registers_for_build(data_dir: Path, config: SiteConfig, *, at: datetime, scratch: Path) -> None:
    """Raise InputError, before any observation is read, for what would stop this build (above);
    last good versions are copied under `scratch` as the builders copy them."""
    data_dir = Path(data_dir)
    fetched = data_dir / "raw" / "files"

    def notice_refused(error: InputError, kept: Path | None) -> None:
        if kept is None:
            raise error

    def left_to_its_builder(error: InputError, kept: Path | None) -> None:
        pass  # refused again by its page builder, which records it for /status/

    load_register(
        [data_dir / "warnings", fetched / "warning_register"],
        config,
        at=at,
        scratch=scratch,
        on_refused=notice_refused,
    )
    load_forecasts(
        [data_dir / "forecasts", fetched / "forecast"],
        config,
        at=at,
        scratch=scratch,
        on_refused=left_to_its_builder,
    )
    read_dustdays(data_dir, config, on_refused=left_to_its_builder, scratch=scratch)
    read_dustfall(data_dir, config)
    load_folder(data_dir, config, strict=False, now=at, on_refused=left_to_its_builder, scratch=scratch)
    for path in provincial_files(data_dir):
        read_provincial_csv(path)


def check_registers(data_dir: Path, config: SiteConfig, *, at: datetime) -> None:
    """Read every register of `data_dir` as the build will at build time `at`; raises InputError
    (file, row, field) at the first bad one."""
    data_dir = Path(data_dir)
    fetched = data_dir / "raw" / "files"
    load_register([data_dir / "warnings", fetched / "warning_register"], config, at=at)
    load_forecasts([data_dir / "forecasts", fetched / "forecast"], config, at=at)
    read_dustdays(data_dir, config)
    read_dustfall(data_dir, config)
    load_folder(data_dir, config, strict=True, now=at)
    for path in provincial_files(data_dir):
        read_provincial_csv(path)
