"""The unified social credit code check character (GB 32100-2015)."""

from hypothesis import given
from hypothesis import strategies as st

from generator.enterprises.credit_code import CHARSET, check_character, is_valid, normalise, problem

first17 = st.text(alphabet=CHARSET, min_size=17, max_size=17)


def test_a_published_code_is_valid():
    assert is_valid("91350100M000100Y43")
    assert problem("91350100M000100Y43") is None


def test_editors_spaces_and_lower_case_are_forgiven():
    assert is_valid(" 91350100m000100y43 ")
    assert normalise("9135 0100m000100y43") == "91350100M000100Y43"


def test_a_wrong_check_character_names_the_expected_one():
    assert problem("91350100M000100Y44") == "统一社会信用代码校验位错误：末位应为 3，实为 4"


def test_length_and_letters_outside_the_code_set_are_reported():
    assert problem("91350100M000100Y4") == "统一社会信用代码应为 18 位，此处为 17 位"
    assert "不允许的字符 IO" in problem("91350100M0001I0O43")
    assert problem("") == "统一社会信用代码为空"


def test_check_value_31_is_written_as_zero():
    # sum ≡ 0 (mod 31) -> 31 - 0 = 31 -> '0'
    assert check_character("0" * 17) == "0"


@given(first17)
def test_the_computed_check_character_always_validates(body):
    assert is_valid(body + check_character(body))


@given(first17, st.integers(min_value=0, max_value=16), st.sampled_from(CHARSET))
def test_changing_any_one_character_is_detected(body, position, replacement):
    code = body + check_character(body)
    changed = code[:position] + replacement + code[position + 1 :]
    assert is_valid(changed) == (changed == code)
