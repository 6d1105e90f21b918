"""Numbers as reports write them: Chinese numerals for counts, years and headings; printing values."""

from __future__ import annotations

import pytest

from ingest.quantities import chinese_to_number, format_number, small_number, to_number


@pytest.mark.parametrize(("cn", "n"), [("一", 1), ("两", 2), ("十", 10), ("十二", 12), ("二十三", 23), ("一百零五", 105)])
def test_chinese_numerals(cn: str, n: int) -> None:
    assert chinese_to_number(cn, strict=True) == n
    assert chinese_to_number(cn) == n


def test_not_a_numeral() -> None:
    assert chinese_to_number("一二", strict=True) is None  # 一是…二是…: a list, not twelve
    assert chinese_to_number("一二百", strict=True) is None
    assert chinese_to_number("第三") is None
    assert chinese_to_number("") is None


@pytest.mark.parametrize(("cn", "n"), [("二〇二二", 2022), ("二○二五", 2025), ("三万", 30_000), ("七万二千", 72_000),
                                       ("一万零五", 10_005)])
def test_years_digit_by_digit_and_ten_thousands(cn: str, n: int) -> None:
    assert chinese_to_number(cn) == n


def test_wan_alone_is_not_a_number() -> None:
    assert chinese_to_number("万") is None and chinese_to_number("万一") is None  # 万一: “in case”


@pytest.mark.parametrize(("text", "n"), [("3", 3), ("三", 3), ("十二", 12), ("二十", 20), ("两", 2), ("一二", None)])
def test_small_numbers_in_digits_or_chinese(text: str, n: int | None) -> None:
    assert small_number(text) == n


def test_to_number_reads_digits_of_every_width() -> None:
    assert to_number("1,234") == 1234.0 and to_number("１２") == 12.0 and to_number("十二") == 12.0
    assert to_number("26.55") == 26.55 and to_number("约") is None


@pytest.mark.parametrize(("value", "text"), [(0.0, "0"), (71.0, "71"), (26.55, "26.55"), (0.125, "0.125"), (None, "—"),
                                             (72701.2578, "72701.2578")])
def test_numbers_print_as_written(value: float | None, text: str) -> None:
    assert format_number(value) == text


def test_missing_value_prints_as_asked() -> None:
    assert format_number(None, missing="") == ""
