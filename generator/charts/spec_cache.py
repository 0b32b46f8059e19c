"""A chart's published Vega-Lite spec, cached by a hash of the chart's inputs.

Turning an Altair chart into its published spec (Altair's `to_dict`, then canonical JSON) costs
about as much per chart as reading its cached render: a tenth of a warm rebuild for 200 charts,
repeated for charts that did not change. The key hashes what decides the spec: the Altair chart
as pickled (marks, encodings, data frames, byte for byte), the registry's title, subtitle and
description, the source lines, the font, the code that builds the spec (generator/charts/export.py,
hashed), and the versions of Altair and vl-convert with Altair's active theme and data
transformer (global settings `to_dict` applies). Equal pickles are equal
charts, so a hit is the spec a build would make; a chart pickle cannot encode is built every time.
Entries live in the chart render cache's folder, under specs/.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import altair as alt
import vl_convert as vlc

from generator import i18n
from generator.charts import export
from generator.charts.export import spec_json, vegalite_spec
from generator.site.output import atomic_write_bytes

# vegalite_spec and what it adds to Altair's spec: an edit there is a new key for every chart.
CODE = hashlib.sha256(Path(export.__file__).read_bytes()).hexdigest()


def input_key(chart_spec, cjk_font: str, source_lines: tuple[str, ...]) -> str | None:
    try:
        chart = pickle.dumps(chart_spec.chart, protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    settings = (alt.__version__, vlc.__version__, alt.theme.active, alt.data_transformers.active)
    # The edition's language decides the number and date formats (export.chart_locale).
    texts = (
        *settings,
        i18n.current(),
        repr(alt.data_transformers.options),
        chart_spec.title,
        chart_spec.subtitle,
    )
    h = hashlib.sha256(CODE.encode("ascii"))
    for part in (*(str(t).encode("utf-8") for t in (*texts, chart_spec.description, cjk_font)), chart):
        h.update(len(part).to_bytes(8, "big") + part)  # length first: no two part lists run together
    for line in source_lines:
        h.update(b"L" + len(line.encode("utf-8")).to_bytes(8, "big") + line.encode("utf-8"))
    return h.hexdigest()


def published_spec(
    chart_spec,
    cjk_font: str,
    source_lines: tuple[str, ...],
    cache_dir: Path | None,
    used: set[Path] | None = None,
) -> bytes:
    """spec_json(vegalite_spec(...)): from the cache when the chart's inputs were seen before (the
    entry is added to `used`)."""
    key = input_key(chart_spec, cjk_font, source_lines) if cache_dir else None
    entry = cache_dir / "specs" / key[:2] / f"{key}.json" if key else None
    if entry and used is not None:
        used.add(entry)
    if entry and entry.is_file():
        return entry.read_bytes()
    text = spec_json(vegalite_spec(chart_spec, cjk_font, source_lines))
    if entry:
        atomic_write_bytes(entry, text)
    return text
