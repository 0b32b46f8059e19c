"""Where an editor's row applies: the whole city, or one configured area, however it is written.

Shared by the files editors write by hand (the dust-day register, the forecasts), so that every
one of them takes the same spellings: 全市, the city's name with or without 市, or 'city'; an
area by its Chinese name or its slug.
"""

from __future__ import annotations

from generator.config import SiteConfig

WHOLE_CITY = "全市"


def city_name(config: SiteConfig) -> str:
    """The city's name without 市 (连云港)."""
    return str(config.site.get("city", "")).removesuffix("市")


def city_or_area(name: str, config: SiteConfig) -> tuple[str, str] | None:
    """(key, name) of the place: (WHOLE_CITY, WHOLE_CITY) for the whole city, (slug, name) for a
    configured area; None when the name is neither."""
    if name in (WHOLE_CITY, city_name(config), city_name(config) + "市", "city"):
        return WHOLE_CITY, WHOLE_CITY
    try:
        area = config.area(name)
    except KeyError:
        return None
    return area.slug, area.name


def known_areas(config: SiteConfig) -> str:
    """The configured areas' names, for a message."""
    return "、".join(a.name for a in config.areas)
