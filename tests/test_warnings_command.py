"""`python -m generator warnings check`: an editor checks a forecast against the grading rules.

The grading rules themselves are specified in the standards engine's tests; these tests check
that the command reads the forecast, applies the chosen rules and explains the result, at the
thresholds where the two rule sets differ.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import ROOT

CONFIG = str(ROOT / "data" / "site.toml")


def run(tmp_path, text: str, *args: str):
    path = tmp_path / "forecast.csv"
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(main, ["warnings", "check", str(path), "--config", CONFIG, *args])


def series(*values: int, start_day: int = 12) -> str:
    return "date,aqi\n" + "".join(f"2026-01-{start_day + i:02d},{v}\n" for i, v in enumerate(values))


# Forecast -> level under 2018 (环办大气函〔2018〕875号) and 2024 (环大气〔2024〕6号).
CASES = [
    pytest.param((200,), "none", "none", id="AQI 200 is not above 200"),
    pytest.param((200, 200), "none", "yellow", id="AQI 200 for 48 h is above 150 for 48 h"),
    pytest.param((200, 200, 200), "none", "orange", id="AQI 200 for 72 h is above 150 for 72 h"),
    pytest.param((150, 150), "none", "none", id="AQI 150 for two days is not above 150"),
    pytest.param((151, 151), "none", "yellow", id="above 150 for 48 h: yellow only under 2024"),
    pytest.param((201,), "none", "yellow", id="one day above 200: yellow only under 2024"),
    pytest.param((201, 201), "yellow", "orange", id="two days above 200"),
    pytest.param((151, 151, 151), "none", "orange", id="above 150 for 72 h: orange under 2024"),
    pytest.param((201, 201, 201), "yellow", "orange", id="three days above 200 without 300"),
    pytest.param((201, 301, 201), "orange", "red", id="three days above 200 with one above 300"),
    pytest.param((201, 301, 301, 201), "red", "red", id="four days above 200, two above 300"),
    pytest.param((500,), "red", "yellow", id="AQI 500 is red under 2018"),
    pytest.param((201, 140, 201), "none", "yellow", id="a clean day breaks the run"),
]


@pytest.mark.parametrize("values,level_2018,level_2024", CASES)
def test_the_command_names_the_level_of_each_rule_set(tmp_path, values, level_2018, level_2024):
    for rules, level in (("2018", level_2018), ("2024", level_2024)):
        result = run(tmp_path, series(*values), "--rules", rules)
        assert result.exit_code == 0, result.output
        assert f"({level})" in result.output, (rules, result.output)
        assert "理由：" in result.output


def test_the_explanation_names_the_document_and_the_days(tmp_path):
    result = run(tmp_path, series(165, 210, 140), "--rules", "2024")
    assert result.exit_code == 0, result.output
    assert "环大气〔2024〕6号" in result.output
    assert "1月13日" in result.output and "黄色" in result.output


def test_the_default_rules_come_from_the_configuration(tmp_path):
    result = run(tmp_path, series(201))  # site.toml: grading_rules = "2024"
    assert result.exit_code == 0, result.output
    assert "2024 年分级标准" in result.output and "(yellow)" in result.output


def test_rows_may_come_in_any_order_and_with_a_bom(tmp_path):
    text = "\ufeffdate,aqi\n2026-01-13,201\n2026-01-12,201\n"
    result = run(tmp_path, text, "--rules", "2018")
    assert result.exit_code == 0, result.output
    assert "(yellow)" in result.output


@pytest.mark.parametrize(
    "text,where",
    [
        pytest.param("day,value\n2026-01-12,201\n", "row 1", id="wrong header"),
        pytest.param("date,aqi\n2026-13-01,201\n", "row 2, field 'date'", id="bad date"),
        pytest.param("date,aqi\n2026-01-12,高\n", "row 2, field 'aqi'", id="AQI not a number"),
        pytest.param("date,aqi\n2026-01-12,201\n2026-01-13,620\n", "row 3, field 'aqi'", id="AQI above 500"),
        pytest.param("date,aqi\n2026-01-12,201\n2026-01-12,190\n", "row 3, field 'date'", id="day twice"),
        pytest.param("date,aqi\n", "no forecast rows", id="header only"),
        pytest.param("", "empty file", id="empty file"),
    ],
)
def test_a_bad_forecast_file_gets_one_clear_line(tmp_path, text, where):
    result = run(tmp_path, text)
    assert result.exit_code == 2
    assert where in result.output and "forecast.csv" in result.output
    assert "Traceback" not in result.output


def test_unknown_rules_are_refused_by_the_option(tmp_path):
    result = run(tmp_path, series(201), "--rules", "2020")
    assert result.exit_code == 2 and "2018" in result.output
