"""Messages and names in templates (generator/site/render.py over generator/i18n): one template
renders each edition, the values in a sentence stay text, and nothing is fixed in the language
that happened to compile the template."""

from __future__ import annotations

from datetime import date

import pytest

from generator import i18n
from generator.site.render import make_env

ENV = make_env()


def both(source: str, **values) -> tuple[str, str]:
    template = ENV.from_string(source)
    zh = template.render(**values)
    with i18n.use("en"):
        en = template.render(**values)
    return zh, en


def test_a_name_written_in_the_template_is_looked_up_at_each_render():
    # Jinja folds a filter of a constant when it compiles; these filters must not be folded.
    assert both('{{ "优"|name }} {{ "海州区"|name }}') == ("优 海州区", "Excellent Haizhou District")


def test_the_placeholders_of_a_sentence_are_escaped_for_html_and_markdown():
    zh, en = both('{{ _("数据来源：") }}{% trans who=x %}{{ who }}{% endtrans %}', x="<img src=x> [a](b) *c*")
    assert "<img" not in zh and "[a]" not in zh and "*c*" not in zh
    assert en.startswith("Data source: ") and "&#60;img" in en


def test_a_plural_message_takes_other_placeholders_beside_its_count():
    source = (
        "{% trans num=n, area=a %}{{ area }}：{{ num }} 天"
        "{% pluralize %}{{ area }}：{{ num }} 天{% endtrans %}"
    )
    assert both(source, n=3, a="海州区")[0] == "海州区：3 天"


def test_dates_in_words_and_text_with_no_english_form():
    zh, en = both("{{ d|day_text }} {{ d|month_text }} {{ t|zh }}", d=date(2026, 3, 1), t="某化工有限公司")
    assert zh == "2026年3月1日 2026年3月 某化工有限公司"
    assert en == '1 March 2026 March 2026 <span lang="zh">某化工有限公司</span>'


@pytest.mark.parametrize("language", ["fr", "zh-TW"])
def test_an_edition_the_site_does_not_publish_is_refused(language):
    with pytest.raises(ValueError, match="unknown language"), i18n.use(language):
        pass
