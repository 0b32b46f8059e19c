"""Why a value was not accepted, as the completeness page says it: the archive's reader writes the
reason in Chinese (generator/sources/archive/); the English page says it in English, a reason of
another form is printed as it is (and marked Chinese by the template)."""

from __future__ import annotations

import pytest

from generator import i18n
from generator.pages.data.completeness import reason_words
from generator.sources.archive.plausibility import LIMITS_FILE


@pytest.mark.parametrize(
    ("reason", "english"),
    [
        ("文件末行被截断，整行未采用", "the file's last line was cut short; the whole line was left out"),
        (
            "低于合理下限 0 μg/m³（浓度和指数不可能为负）",
            "below the plausible minimum 0 μg/m³ (a concentration or an index cannot be negative)",
        ),
        (
            "高于合理上限 500（HJ 633-2012 的 AQI 最高为 500）",
            "above the plausible maximum 500 (HJ 633-2012's AQI goes up to 500)",
        ),
        ("某个新的原因", "某个新的原因"),
    ],
)
def test_a_flagged_values_reason_in_each_edition(reason, english):
    assert reason_words(reason) == reason
    with i18n.use("en"):
        assert reason_words(reason) == english


def test_every_plausibility_limit_gives_its_reason_in_english():
    import tomllib

    limits = tomllib.loads(LIMITS_FILE.read_text(encoding="utf-8"))["limit"]
    with i18n.use("en"):
        for limit in limits:
            said = reason_words(f"高于合理上限 {limit['max']:g}（{limit['why']}）")
            assert said.startswith("above the plausible maximum") and limit["why"] not in said
