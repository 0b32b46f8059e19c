"""The site configuration: every area has stations; errors name the file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import load_config
from generator.errors import InputError

ROOT = Path(__file__).resolve().parent.parent


def test_the_shipped_configuration_lists_the_plans_counties_districts_and_zones():
    config = load_config(ROOT / "data" / "site.toml")
    names = {a.name for a in config.areas}
    assert {"海州区", "连云区", "赣榆区", "东海县", "灌云县", "灌南县"} <= names
    assert all(a.stations for a in config.areas)
    # A station belongs to one area only: an area's value is the mean of its own stations.
    codes = [c for a in config.areas for c in a.stations]
    assert len(codes) == len(set(codes))
    # CAP alert areas need closed polygons.
    assert all(a.polygon[0] == a.polygon[-1] for a in config.areas)


def test_an_area_is_found_by_name_or_slug():
    config = load_config(ROOT / "data" / "site.toml")
    assert config.area("海州区").slug == config.area("haizhou").slug == "haizhou"
    with pytest.raises(KeyError, match="known areas"):
        config.area("不存在区")


def test_a_missing_key_names_the_file_and_field(tmp_path):
    bad = tmp_path / "site.toml"
    bad.write_text('[site]\nname="x"\n[[areas]]\nslug="a"\nname="甲"\nkind="区"\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_config(bad)
    assert str(bad) in str(err.value) and "areas[1].stations" in str(err.value)


def test_broken_toml_is_reported_with_the_file(tmp_path):
    bad = tmp_path / "site.toml"
    bad.write_text("[site\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid TOML"):
        load_config(bad)
