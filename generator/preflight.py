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
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from generator.config import SiteConfig
from generator.enterprises.importer import load_folder
from generator.sources.registers.dustdays import read_dustdays
from generator.sources.registers.dustfall import read_dustfall
from generator.sources.registers.forecasts import load_forecasts
from generator.sources.registers.warnings import load_register
from generator.sources.snapshots.observations import provincial_files, read_provincial_csv


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
