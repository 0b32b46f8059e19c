"""Heavy-pollution warning levels under the 2018 (环办大气函〔2018〕875号) and 2024 (环大气〔2024〕6号) rules.

Each case is a daily AQI series and the level the rules give; thresholds are tested at the
threshold (not enough: "greater than") and one above, and durations one day short and exactly met.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.standards import warning_levels
from generator.standards.warning_levels import assess_warning, warning_criteria


def series(*values):
    return pd.Series(values, index=pd.date_range("2019-12-01", periods=len(values)), dtype=float)


CASES_2018 = [
    ((100, 200, 200, 100), "none"),  # AQI = 200 is not "above 200"
    ((100, 201, 100, 201), "none"),  # not consecutive
    ((100, 201, 201, 100), "yellow"),  # > 200 for 2 days
    ((201, 201, 201, 100), "yellow"),  # 3 days but never > 300
    ((201, 301, 201, 100), "orange"),  # 3 days with one > 300
    ((201, 300, 201, 100), "yellow"),  # 300 is not > 300
    ((201, 301, 301, 201), "red"),  # 4 days > 200 with 2 consecutive > 300
    ((201, 301, 201, 301), "orange"),  # 4 days but the > 300 days are not consecutive
    ((100, 500, 100), "red"),  # AQI reaches 500
    ((100, 499, 100), "none"),
    ((201, 201, np.nan, 201), "yellow"),  # a missing day breaks a run
]
CASES_2024 = [
    ((100, 200, 100), "none"),
    ((100, 201, 100), "yellow"),  # > 200 on one day
    ((151, 151, 100), "yellow"),  # > 150 for 2 days
    ((150, 151, 100), "none"),  # 150 is not > 150
    ((201, 201, 100), "orange"),  # > 200 for 2 days
    ((151, 151, 151), "orange"),  # > 150 for 3 days
    ((201, 201, 201), "orange"),  # 3 days > 200 but never > 300
    ((201, 301, 201), "red"),  # > 200 for 3 days and > 300 on one
    ((201, 301, 100), "orange"),  # > 300 but only 2 days > 200
    ((100, 500, 100), "yellow"),  # no "reaches 500" clause in 2024
]


@pytest.mark.parametrize(("values", "level"), CASES_2018)
def test_2018_rules(values, level):
    assert assess_warning(series(*values), "2018").level == level


@pytest.mark.parametrize(("values", "level"), CASES_2024)
def test_2024_rules(values, level):
    assert assess_warning(series(*values), "2024").level == level


def test_the_explanation_names_the_condition_and_the_days():
    result = assess_warning(series(100, 201, 301, 205, 90), "2024")
    assert result.level == "red" and result.level_zh == "红色"
    assert "12月2日至12月4日共3天AQI>200" in result.explanation
    assert "12月3日共1天AQI>300" in result.explanation
    assert "环大气〔2024〕6号" in result.explanation
    assert [d.day for d in result.days] == [2, 3, 4]


def test_below_yellow_the_2024_temporary_control_condition_is_reported_but_is_no_warning():
    result = assess_warning(series(101, 120, 90), "2024")
    assert result.level == "none" and result.control
    assert "未达到黄色预警条件" in result.explanation and "临时管控" in result.explanation
    quiet = assess_warning(series(50, 60, 70), "2024")
    assert quiet.level == "none" and not quiet.control


def test_criteria_are_data_and_can_be_replaced():
    criteria = warning_criteria()
    assert set(criteria["rules"]) == {"2018", "2024"}
    local = criteria.copy()
    local.loc[(local["rules"] == "2018") & (local["level"] == "yellow"), "min_days"] = 1
    assert assess_warning(series(100, 201, 100), "2018", criteria=local).level == "yellow"
    with pytest.raises(KeyError):
        warning_criteria("2030")


# Daily AQI series as forecasts and observations give them: up to two weeks, some days missing.
AQI_SERIES = st.lists(st.one_of(st.integers(0, 500).map(float), st.just(np.nan)), min_size=1, max_size=14)


@settings(max_examples=300, deadline=None)
@given(values=AQI_SERIES, rules=st.sampled_from(["2018", "2024"]))
def test_a_series_with_no_day_past_any_threshold_is_answered_as_the_full_grading_would(values, rules):
    # assess_warning answers "none" at once when no day passes any condition's threshold; the
    # full grading (every condition tried over the whole calendar) must give the same assessment.
    quick = assess_warning(series(*values), rules)
    full_grading = pytest.MonkeyPatch()
    full_grading.setattr(warning_levels, "_passes_a_threshold", lambda values, rows: True)
    try:
        full = assess_warning(series(*values), rules)
    finally:
        full_grading.undo()
    assert quick == full
