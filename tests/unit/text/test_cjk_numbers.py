"""Chinese and Japanese numerals are read as numbers where they are numbers, and only there."""

from __future__ import annotations

import pytest

from boost_qa.text.cjk_numbers import cjk_in_digits
from boost_qa.text.numbers import find_numbers, in_plain_digits


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("现在的气温是零下五摄氏度。", "现在的气温是-5摄氏度。"),
        ("所以答案是二十七个苹果。", "所以答案是27个苹果。"),
        ("一共一百零五元", "一共105元"),
        ("温度是负八度", "温度是-8度"),
        ("小明有三个苹果，小红有两个", "小明有3个苹果，小红有2个"),
        ("答案是五", "答案是5"),
        ("结果：七。", "结果：7。"),
        ("他得了九十分", "他得了90分"),
        ("十分钟后", "10分钟后"),
        ("七点五千米", "7.5千米"),
        ("二〇二四年", "2024年"),
        ("1時間は六十分です", "1時間は60分です"),
        ("五十四キロメートル", "54キロメートル"),
        ("りんごが三個あります", "りんごが3個あります"),
    ],
)
def test_numerals_that_state_a_number_become_digits(text: str, digits: str) -> None:
    assert cjk_in_digits(text) == digits


@pytest.mark.parametrize(
    "text",
    [
        "我们一起算一下",  # together, a moment
        "一半的人",  # half
        "他十分认真",  # very
        "万一算错了",  # in case
        "三角形的内角和",  # triangle
        "第二步，第十二题",  # ordinals
        "答案是一",  # a lone 一 starts too many words to be read as 1
        "五颜六色",  # no unit, nothing stated
        "The answer is 27.",
    ],
)
def test_numerals_that_spell_words_are_left_alone(text: str) -> None:
    assert cjk_in_digits(text) == text


def test_an_answer_in_numerals_is_found_as_the_number() -> None:
    turn = "两位同学都算对了。现在的气温是零下五摄氏度。"
    assert [m.value for m in find_numbers(in_plain_digits(turn, -5))][-1] == -5
