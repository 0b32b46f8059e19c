"""Social preview (Open Graph and Twitter card) front matter for pages that show a chart.

site_src/overrides/main.html turns the front-matter keys og_title, og_description, og_image
(site-relative), og_image_width, og_image_height and og_image_alt into <meta> tags. A page
template writes them inside its front matter:

    ---
    title: ...
    {{ og }}
    ---

with `og=chart_front_matter(spec)` in its model. Front matter is YAML, not HTML: values are
encoded here as YAML double-quoted strings; main.html escapes them for HTML when it prints them.
"""

from __future__ import annotations

import json

from markupsafe import Markup, escape

from generator.i18n import _

_KEY_CHARS = set("abcdefghijklmnopqrstuvwxyz_")


def yaml_string(value) -> str:
    """A YAML double-quoted scalar. JSON strings are YAML, except that YAML reads some non-ASCII
    characters (NEL, line and paragraph separators, C1 controls) as breaks or refuses them: those
    are written as escapes too."""
    text = json.dumps(value, ensure_ascii=False)
    return "".join(c if ord(c) < 128 or c.isprintable() else _escape(c) for c in text)


def _escape(c: str) -> str:
    return f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}"


def front_matter(fields: dict) -> Markup:
    """YAML front-matter lines `key: "value"` (None values left out).

    Markup here means "already encoded for where it goes" (YAML), not "trusted": every value is
    encoded, whatever its origin, so no input can end the front matter or add keys.

    `title` is MkDocs' page title, which MkDocs and the theme treat as HTML text (as a title taken
    from the page's h1 is): it is HTML-escaped before it is YAML-encoded. The og_* values are
    plain text, escaped by main.html where it prints them.
    """
    lines = []
    for key, value in fields.items():
        if not key or not set(key) <= _KEY_CHARS:
            raise ValueError(f"front matter key '{key}' must be lowercase letters and '_'")
        if value is None:
            continue
        is_int = isinstance(value, int) and not isinstance(value, bool)
        text = str(escape(value)) if key == "title" else str(value)
        encoded = text if is_int else yaml_string(text)
        lines.append(f"{key}: {encoded}")
    return Markup("\n".join(lines))


def og_fields(spec, png_width: int | None = None, png_height: int | None = None) -> dict:
    """Open Graph fields for a page whose preview image is `spec`'s PNG.

    Pages rendered before the charts builder exports the PNG do not know its size yet; the
    width and height are then left out (they are optional for link previews).
    """
    description = spec.description
    if spec.period:
        description = _("%(period)s：%(description)s", period=spec.period, description=description)
    return {
        "og_title": spec.title,
        "og_description": description,
        "og_image": spec.file_url("chart.png"),
        "og_image_width": png_width,
        "og_image_height": png_height,
        "og_image_alt": spec.description,
    }


def chart_front_matter(spec, png_width: int | None = None, png_height: int | None = None) -> Markup:
    """Front-matter lines giving a page the social preview of a registered chart."""
    return front_matter(og_fields(spec, png_width, png_height))
