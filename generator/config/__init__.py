"""Site configuration (data/site.toml): areas and their stations, sources, targets, warnings.

The configuration is data, read once into frozen dataclasses; nothing else reads the TOML. The
county boundaries it names (config/boundaries.py) are committed with the site, not fetched, so they
are read here too: every stage may import the configuration, and it imports no stage.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from generator.config.boundaries import Boundary, cap_ring, load_boundaries
from generator.config.publishing import check_publishing
from generator.config.schema import check_config
from generator.errors import InputError
from generator.i18n import LANGUAGES, SOURCE_LANGUAGE

DEFAULT_CONFIG = Path("data/site.toml")
# `map.boundaries` is relative to the project root (the folder holding generator/), so a copy of
# site.toml elsewhere (tests, a deployment's own config) still finds the committed boundaries.
PROJECT_ROOT = Path(__file__).resolve().parents[2]  # generator/config/ is two below the root


@dataclass(frozen=True)
class Area:
    slug: str
    name: str
    kind: str  # 县 / 区 / 功能区
    stations: tuple[str, ...]
    polygon: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class ProvincialStation:
    code: str
    name: str
    area: str
    lon: float
    lat: float


@dataclass(frozen=True)
class NationalStation:
    """A national-network station's name and place, used when no national station list is at hand."""

    code: str
    name: str
    lon: float
    lat: float


@dataclass(frozen=True)
class SiteConfig:
    path: Path
    site: dict
    sources: dict
    chart: dict
    areas: tuple[Area, ...]
    provincial_stations: tuple[ProvincialStation, ...]
    targets: dict
    warnings: dict
    national_stations: tuple[NationalStation, ...] = ()
    raw: dict = field(repr=False, default_factory=dict)
    # The province whose prefecture-level cities the city ranking compares: name, cities.
    province: dict = field(default_factory=dict)
    # County/district boundaries by area name (generator.config.boundaries), for maps and CAP areas.
    boundaries: dict[str, Boundary] = field(repr=False, compare=False, default_factory=dict)

    @property
    def languages(self) -> tuple[str, ...]:
        """The editions the site publishes ([site] languages; default: Chinese and English).
        Chinese, the language the pages are written in, always comes first."""
        chosen = self.site.get("languages", list(LANGUAGES))
        if not isinstance(chosen, list) or any(lang not in LANGUAGES for lang in chosen) or not chosen:
            raise InputError(self.path, f"列出 {', '.join(LANGUAGES)} 中的语言", field="site.languages")
        if chosen[0] != SOURCE_LANGUAGE:
            raise InputError(
                self.path, f"第一种语言须为 {SOURCE_LANGUAGE}（页面的原文）", field="site.languages"
            )
        return tuple(dict.fromkeys(chosen))

    @property
    def station_map(self) -> dict[str, str]:
        """Station code -> area slug, for every assessment station in the configuration."""
        return {code: area.slug for area in self.areas for code in area.stations}

    def area(self, key: str) -> Area:
        """An area by slug or by Chinese name."""
        for area in self.areas:
            if key in (area.slug, area.name):
                return area
        known = ", ".join(f"{a.name} ({a.slug})" for a in self.areas)
        raise KeyError(f"unknown area '{key}'; known areas: {known}")


def load_config(path: Path | str = DEFAULT_CONFIG) -> SiteConfig:
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "configuration file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, f"not valid TOML: {exc}") from None
    check_config(path, raw)  # every value's type, with its key's path (config/schema.py)
    check_publishing(path, raw)  # [deploy] and [government] (config/publishing.py)
    areas = []
    boundaries = read_boundaries(path, raw)
    for i, entry in enumerate(raw["areas"], start=1):
        for key in ("slug", "name", "kind", "stations"):
            if key not in entry:
                raise InputError(path, f"area #{i} lacks '{key}'", field=f"areas.{key}")
        polygon = tuple(tuple(p) for p in entry.get("polygon", ()))
        boundary = boundaries.get(entry["name"])
        if boundary is not None:
            if polygon:
                raise InputError(
                    path,
                    f"{entry['name']} 有行政区划边界，CAP 区域取自边界文件，请删除 polygon",
                    field=f"areas.{entry['slug']}.polygon",
                )
            polygon = cap_ring(boundary)
        areas.append(
            Area(
                slug=entry["slug"],
                name=entry["name"],
                kind=entry["kind"],
                stations=tuple(entry["stations"]),
                polygon=polygon,
            )
        )
    slugs = [a.slug for a in areas]
    if len(set(slugs)) != len(slugs):
        raise InputError(path, "area slugs must be unique", field="areas.slug")
    provincial = tuple(ProvincialStation(**s) for s in raw.get("provincial_stations", ()))
    national = tuple(NationalStation(**s) for s in raw.get("national_stations", ()))
    config = SiteConfig(
        path=path,
        site=raw["site"],
        sources=raw.get("sources", {}),
        chart=raw.get("chart", {}),
        areas=tuple(areas),
        provincial_stations=provincial,
        targets=raw.get("targets", {}),
        warnings=raw.get("warnings", {}),
        national_stations=national,
        raw=raw,
        province=raw.get("province", {}),
        boundaries=boundaries,
    )
    config.languages  # noqa: B018 - a bad [site] languages is refused here, not mid-build
    return config


def read_boundaries(path: Path, raw: dict) -> dict[str, Boundary]:
    """The boundary file named by `map.boundaries` (none configured: no boundaries)."""
    name = raw.get("map", {}).get("boundaries")
    if not name:
        return {}
    file = Path(name) if Path(name).is_absolute() else PROJECT_ROOT / name
    if not file.is_file():
        raise InputError(path, f"boundary file {file} not found", field="map.boundaries")
    return load_boundaries(file)
