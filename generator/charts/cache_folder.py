"""Upkeep of the chart cache folder (build/cache/charts): after a build, what it did not use goes.

The folder is kept between publish runs (publish.yml), and every changed chart adds a render, a
spec and a table under a new key; without upkeep it would hold every version of every chart since
the cache was made, and each run would save all of it again. A build that uses the folder as its
own (no LYG_CHART_CACHE) therefore removes, after exporting, every entry it did not read or write:
renders (`<2 hex>/<key>/`), specs (`specs/`), tables (`tables/`) and Vega bundles of other
versions. A folder named by LYG_CHART_CACHE is shared by builds of different data (tests,
benchmarks) and is left as it is.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ENTRY_FOLDERS = ("specs", "tables")  # <folder>/<2 hex>/<key>.json (spec_cache.py, table_cache.py)


def prune(cache_dir: Path, used: set[Path]) -> None:
    """Remove the entries of `cache_dir` not in `used`, and the shards they leave empty."""
    if not cache_dir.is_dir():
        return
    for child in cache_dir.iterdir():
        if child.is_file():  # vega-bundle-<versions>.js
            if child not in used:
                child.unlink(missing_ok=True)
            continue
        for shard in child.iterdir() if child.name in ENTRY_FOLDERS else [child]:
            if not shard.is_dir():
                continue
            for entry in shard.iterdir():
                if entry not in used:
                    shutil.rmtree(entry) if entry.is_dir() else entry.unlink(missing_ok=True)
            if not any(shard.iterdir()):
                shard.rmdir()
