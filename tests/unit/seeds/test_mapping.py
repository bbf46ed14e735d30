import os

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"

import pydantic  # noqa: E402
import pytest  # noqa: E402

from boost_qa.errors import RecipeError  # noqa: E402
from boost_qa.seeds import PRESETS, SeedMapping, resolve_mapping  # noqa: E402


def test_presets_name_the_source_columns() -> None:
    assert PRESETS["orca-math"].columns() == ["question", "answer"]
    assert PRESETS["procqa"].columns() == ["title", "question", "answer"]
    assert PRESETS["openhermes"].columns() == ["conversations"]
    assert PRESETS["messages"].columns() == ["messages"]
    assert PRESETS["messages"].role_key == "role"
    assert PRESETS["messages"].content_key == "content"
    assert PRESETS["openhermes"].role_key == "from"
    assert PRESETS["openhermes"].is_conversation
    assert not PRESETS["procqa"].is_conversation
    assert PRESETS["mmlu"].columns() == ["question", "answer", "choices"]
    assert PRESETS["arc"].columns() == ["question", "answerKey", "choices"]


def test_every_preset_has_a_domain() -> None:
    from boost_qa.recipe import PRESET_DOMAINS

    assert set(PRESET_DOMAINS) == set(PRESETS)


def test_columns_include_context_once() -> None:
    mapping = SeedMapping(question=["q", "q"], answer="a", context="sys")
    assert mapping.columns() == ["q", "a", "sys"]
    chat = SeedMapping(conversations="chat", context="sys")
    assert chat.columns() == ["chat", "sys"]


def test_single_question_column_is_accepted_as_a_string() -> None:
    assert SeedMapping.model_validate({"question": "instruction", "answer": "output"}).question == [
        "instruction"
    ]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, r"either question\+answer columns or a conversations column"),
        ({"question": ["q"], "answer": "a", "conversations": "c"}, "not both"),
        ({"question": ["q"]}, "answer is not set"),
        ({"answer": "a"}, "question is not set"),
        ({"question": [], "answer": "a"}, "at least one column"),
        ({"conversations": "c", "user_roles": ()}, "must not be empty"),
    ],
)
def test_invalid_mappings_say_why(fields: dict[str, object], message: str) -> None:
    with pytest.raises(pydantic.ValidationError, match=message):
        SeedMapping.model_validate(fields)


def test_mapping_is_frozen_and_strict() -> None:
    mapping = PRESETS["orca-math"]
    with pytest.raises(pydantic.ValidationError):
        mapping.answer = "other"  # type: ignore[misc]
    with pytest.raises(pydantic.ValidationError, match="extra"):
        SeedMapping.model_validate({"question": ["q"], "answer": "a", "anwser": "typo"})


def test_resolve_preset_alone() -> None:
    assert resolve_mapping("procqa", None) is PRESETS["procqa"]


def test_resolve_unknown_preset_lists_the_known_ones() -> None:
    with pytest.raises(RecipeError) as info:
        resolve_mapping("orca", None)
    assert info.value.field == "source.preset"
    assert "unknown preset 'orca'" in str(info.value)
    for name in PRESETS:
        assert name in str(info.value)


def test_resolve_needs_a_preset_or_a_mapping() -> None:
    with pytest.raises(RecipeError) as info:
        resolve_mapping(None, None)
    assert info.value.field == "source.mapping"


def test_resolve_mapping_dict_and_instance() -> None:
    mapping = resolve_mapping(None, {"question": ["instruction", "input"], "answer": "output"})
    assert mapping.columns() == ["instruction", "input", "output"]
    assert resolve_mapping(None, mapping) is mapping


def test_resolve_invalid_dict_names_the_field() -> None:
    with pytest.raises(RecipeError) as info:
        resolve_mapping(None, {"question": ["q"], "answer": "a", "role_key": 3})
    assert info.value.field == "source.mapping.role_key"
    with pytest.raises(RecipeError) as info:
        resolve_mapping(None, {"question": ["q"]})
    assert info.value.field == "source.mapping"
    assert "answer is not set" in str(info.value)


def test_resolve_mapping_overrides_preset_fields() -> None:
    renamed = resolve_mapping("messages", {"conversations": "chat"})
    assert renamed.conversations == "chat"
    assert renamed.role_key == "role"
    assert renamed.content_key == "content"
    flat = resolve_mapping("openhermes", {"question": ["prompt"], "answer": "completion"})
    assert flat.conversations is None
    assert flat.columns() == ["prompt", "completion"]
    chat = resolve_mapping("orca-math", SeedMapping(conversations="turns"))
    assert chat.question is None and chat.conversations == "turns"
