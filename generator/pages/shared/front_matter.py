"""The front matter every generated page starts with: its social fields, whether the navigation
makes way for a wide table, and how the site search weighs it."""

from __future__ import annotations

from markupsafe import Markup, escape

from generator.charts import social

# How the site search weighs a page (mkdocs-material's `search:` front matter): the pages people
# look for rank first, dated archive pages below them or out of the index.
SEARCH_FIRST = {"boost": 4}  # an area's page: "东海" must find the county before its stations
SEARCH_HIGH = {"boost": 2}  # a station, the latest ranking
SEARCH_LOW = {"boost": 0.5}  # a dated page still worth finding by its date (a month's ranking)
SEARCH_OUT = {"exclude": True}  # a dated page that another page lists (one week's ranking)


def search_front_matter(search: dict | None, tags: list[str] = ()) -> Markup:
    """The `search:` lines of front matter (the settings are the constants above, never input)
    and the page's search `tags`: words the site search ranks above all else (a county's short
    name, "东海" for 东海县, which the word segmentation of its title does not give). Without the
    theme's tags plugin, tags only feed the search index; nothing shows on the page. The theme's
    search results put a tag into the page as HTML (as they do a title, which MkDocs escapes), so a
    tag is escaped here: a name from the configuration is text, never markup."""
    lines = []
    if search:
        lines.append("search:")
        lines += [f"  {key}: {'true' if value is True else value}" for key, value in search.items()]
    if tags:
        lines.append("tags:")
        lines += [f"  - {social.yaml_string(str(escape(tag)))}" for tag in dict.fromkeys(tags)]
    return Markup("".join(line + "\n" for line in lines))


def front_matter(
    fields: dict, *, wide: bool = False, search: dict | None = None, tags: list[str] = ()
) -> Markup:
    """Page front matter; `wide` hides the left navigation so the wide ranking tables get room;
    `search` is one of the SEARCH_* weights, `tags` the page's search keywords."""
    layout = Markup("hide:\n  - navigation\n") if wide else Markup("")
    head = layout + search_front_matter(search, tags)
    return Markup("---\n") + head + social.front_matter(fields) + Markup("\n---\n")
