"""The fold from multi-party dialogues to trainer messages (boost_qa.dialogue.messages)."""

from __future__ import annotations

import itertools

import pytest

from boost_qa.dialogue.messages import ChatShape, roles_alternate, to_messages
from boost_qa.types import Turn

LABELS = {
    "teacher": "Teacher",
    "dull_student": "Student",
    "smart_student": "Student",
    "student_a": "Student A",
    "student_b": "Student B",
    "student_c": "Student C",
    "diligent_student": "Student",
}


def T(speaker: str, content: str) -> Turn:
    role = "system" if speaker == "system" else "user" if speaker == "teacher" else "assistant"
    return Turn(speaker, role, content)  # type: ignore[arg-type]


def shape(**kwargs: object) -> ChatShape:
    return ChatShape(**kwargs)  # type: ignore[arg-type]


def test_error_correction_keeps_four_turns_and_learns_the_smart_student() -> None:
    turns = [
        T("teacher", "Q?"),
        T("dull_student", "wrong"),
        T("teacher", "fix it"),
        T("smart_student", "right"),
    ]
    messages = to_messages(turns, shape(), LABELS)
    assert [(m["role"], m["content"], m["name"], m["weight"]) for m in messages] == [
        ("user", "Q?", "teacher", 0),
        ("assistant", "wrong", "dull_student", 0),
        ("user", "fix it", "teacher", 0),
        ("assistant", "right", "smart_student", 1),
    ]


def test_debate_folds_a_and_b_into_the_user_turn_by_name() -> None:
    turns = [
        T("teacher", "Q?"),
        T("student_a", "a1"),
        T("student_b", "b1"),
        T("student_a", "a2"),
        T("student_b", "b2"),
        T("student_c", "c"),
    ]
    messages = to_messages(turns, shape(), LABELS)
    assert messages == [
        {
            "role": "user",
            "content": "Teacher: Q?\n\nStudent A: a1\n\nStudent B: b1\n\nStudent A: a2\n\nStudent B: b2",
            "name": "teacher-student_a-student_b",
            "weight": 0,
        },
        {"role": "assistant", "content": "c", "name": "student_c", "weight": 1},
    ]


def test_debate_learning_every_student_merges_them_into_one_labelled_answer() -> None:
    turns = [T("teacher", "Q?"), T("student_a", "a1"), T("student_b", "b1"), T("student_c", "c")]
    messages = to_messages(turns, shape(train_on="all"), LABELS)
    assert [m["role"] for m in messages] == ["user", "assistant"]
    assert messages[0]["content"] == "Q?"
    assert messages[1]["content"] == "Student A: a1\n\nStudent B: b1\n\nStudent C: c"
    assert messages[1]["weight"] == 1


def test_debate_learning_one_debater_alternates_with_the_other() -> None:
    turns = [
        T("teacher", "Q?"),
        T("student_a", "a1"),
        T("student_b", "b1"),
        T("student_a", "a2"),
        T("student_b", "b2"),
        T("student_c", "c"),
    ]
    messages = to_messages(turns, shape(train_on=["student_a"]), LABELS)
    assert [(m["role"], m["name"], m["weight"]) for m in messages] == [
        ("user", "teacher", 0),
        ("assistant", "student_a", 1),
        ("user", "student_b", 0),
        ("assistant", "student_a", 1),
        ("user", "student_b", 0),
        ("assistant", "student_c", 0),
    ]
    # A turn moved off its own side says who spoke.
    assert messages[2]["content"] == "Student B: b1"
    assert messages[1]["content"] == "a1"


def test_analogy_learns_both_solutions() -> None:
    turns = [
        T("teacher", "Q?"),
        T("diligent_student", "s1"),
        T("teacher", "next"),
        T("diligent_student", "s2"),
    ]
    messages = to_messages(turns, shape(), LABELS)
    assert [m["weight"] for m in messages] == [0, 1, 0, 1]


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("keep", [("system", "Be kind.", "system"), ("user", "Q?", "teacher")]),
        ("fold", [("user", "Be kind.\n\nQ?", "system-teacher")]),
        ("column", [("user", "Q?", "teacher")]),
    ],
)
def test_system_policies(policy: str, expected: list[tuple[str, str, str]]) -> None:
    turns = [T("system", "Be kind."), T("teacher", "Q?"), T("smart_student", "A.")]
    messages = to_messages(turns, shape(system=policy), LABELS)
    assert [(m["role"], m["content"], m["name"]) for m in messages[:-1]] == expected
    assert roles_alternate(messages)


def test_unknown_role_in_train_on_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown student role"):
        ChatShape(train_on=["teacher"])


def test_a_dialogue_without_a_student_turn_is_refused() -> None:
    with pytest.raises(ValueError, match="end with an assistant"):
        to_messages([T("teacher", "Q?")], shape(), LABELS)


SPEAKERS = ("teacher", "student_a", "student_b", "student_c")
TRAIN_ON: list[object] = ["all", [], ["student_c"], ["student_a"], ["student_a", "student_c"]]


def _dialogues() -> list[list[Turn]]:
    out = []
    for length in range(2, 7):
        for middle in itertools.product(SPEAKERS, repeat=length - 2):
            for last in SPEAKERS[1:]:
                speakers = ("teacher", *middle, last)
                out.append([T(s, f"text {i} of {s}") for i, s in enumerate(speakers)])
    return out


@pytest.mark.parametrize("train_on", TRAIN_ON, ids=str)
def test_every_dialogue_folds_to_alternating_messages_losing_nothing(train_on: object) -> None:
    for turns in _dialogues():
        messages = to_messages(turns, shape(train_on=train_on), LABELS)
        assert roles_alternate(messages), turns
        joined = "\n\n".join(m["content"] for m in messages)
        cursor = 0
        for turn in turns:  # every text once, in order
            assert joined.count(turn.content) == 1
            found = joined.index(turn.content, cursor)
            cursor = found + len(turn.content)
        for message in messages:
            parts = message["content"].split("\n\n")
            if len(parts) > 1:  # merged: every part says who spoke
                assert all(p.split(":")[0] in LABELS.values() for p in parts)
            assert message["weight"] in (0, 1)
            assert message["weight"] == 0 or message["role"] == "assistant"


def test_roles_alternate() -> None:
    assert roles_alternate([{"role": "user"}, {"role": "assistant"}])
    assert roles_alternate([{"role": "system"}, {"role": "user"}, {"role": "assistant"}])
    assert not roles_alternate([{"role": "user"}, {"role": "assistant"}, {"role": "assistant"}])
    assert not roles_alternate([{"role": "user"}])
    assert not roles_alternate([{"role": "assistant"}, {"role": "user"}])
    assert not roles_alternate([])
