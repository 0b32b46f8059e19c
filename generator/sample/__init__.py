"""Deterministic demonstration data for the site: `python -m generator sample --out data/sample`.

Each writer makes one kind of input file under the output folder, and has the signature
`write(out_dir: Path, seed: int, start: date, end: date, config: SiteConfig) -> list[Path]`.
A writer must draw its random numbers from its own stream (np.random.default_rng([seed, <own
constant>])), so that adding a writer leaves every other writer's bytes unchanged.
To add one, append it to WRITERS.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.config import SiteConfig
from generator.sample import air, dustfall, enterprises, forecasts, scenario, unit_registers

DEFAULT_SEED = 20250101
DEFAULT_START = date(2025, 1, 1)
DEFAULT_END = date(2026, 11, 22)
SOURCE = "演示样本数据（按固定随机种子生成，非官方监测数据）"

WRITERS = [
    air.write,
    dustfall.write,
    enterprises.write,
    forecasts.write,
    unit_registers.write,
]


def dataset_toml(seed: int, start: date, end: date) -> str:
    """data/<folder>/dataset.toml: marks the folder as a demonstration sample (pages show a banner)."""
    lines = [
        "# Written by `python -m generator sample`; regenerate rather than edit.",
        "[dataset]",
        "sample = true",
        f'source = "{SOURCE}"',
        f"seed = {seed}",
        f"start = {start.isoformat()}",
        f"end = {end.isoformat()}",
        "",
    ]
    kinds = {scenario.PmEpisode: "pm25", scenario.OzoneEpisode: "o3", scenario.DustEpisode: "dust"}
    for ep in scenario.PM_EPISODES + scenario.OZONE_EPISODES + scenario.DUST_EPISODES:
        kind = kinds[type(ep)]
        lines += [
            "[[dataset.episodes]]",
            f'kind = "{kind}"',
            f"start = {ep.start.isoformat()}",
            f"end = {ep.end.isoformat()}",
            f'label = "{ep.label}"',
            "",
        ]
    return "\n".join(lines)


def generate(
    out_dir: Path,
    config: SiteConfig,
    seed: int = DEFAULT_SEED,
    start: date = DEFAULT_START,
    end: date = DEFAULT_END,
) -> list[Path]:
    """Run every writer into `out_dir` and write dataset.toml; return the files written."""
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for writer in WRITERS:
        written += writer(out_dir, seed, start, end, config)
    info = out_dir / "dataset.toml"
    info.write_text(dataset_toml(seed, start, end), encoding="utf-8")
    return [*written, info]
