"""Every configuration setting is documented, and the README opens with the two set-up commands."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def leaf_settings(table: dict, prefix: str = "") -> set[str]:
    keys = set()
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and key not in ("reduction_ratio",):
            keys |= leaf_settings(value, f"{name}.")
        else:
            keys.add(name)
    return keys


def test_every_setting_in_site_toml_is_documented_in_the_readme():
    config = tomllib.loads((ROOT / "data" / "site.toml").read_text(encoding="utf-8"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    undocumented = []
    for section, value in config.items():
        if isinstance(value, list):  # arrays of tables: documented by their fields
            fields = {k for entry in value for k in entry}
            undocumented += [f"{section}[].{f}" for f in fields if f"`{f}`" not in readme]
        else:
            for name in leaf_settings(value, f"{section}."):
                leaf = name.rsplit(".", 1)[-1]
                if f"`{name}`" not in readme and f"`{leaf}`" not in readme:
                    undocumented.append(name)
    assert not undocumented, f"settings missing from README.md: {undocumented}"


def test_readme_opens_with_make_site_and_make_test():
    head = (ROOT / "README.md").read_text(encoding="utf-8")[:600]
    assert "make site" in head and "make test" in head
