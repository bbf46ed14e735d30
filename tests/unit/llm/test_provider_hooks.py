"""The BOOST_QA_PROVIDERS hook: named functions register extra LiteLLM providers."""

from __future__ import annotations

import pytest

from boost_qa.errors import RecipeError
from boost_qa.llm.provider_hooks import (
    PROVIDERS_ENV,
    SCRIPTED_HOOK,
    load_hook,
    provider_hooks,
    require_routable,
)
from boost_qa.llm.providers import register_extra_providers

CALLS: list[str] = []


def record() -> None:
    """A provider hook for the tests: records that it ran."""
    CALLS.append("called")


def test_hooks_are_read_from_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PROVIDERS_ENV, " a.b:c , d:e,,")
    assert provider_hooks() == ["a.b:c", "d:e"]
    assert provider_hooks("x:y") == ["x:y"]
    monkeypatch.delenv(PROVIDERS_ENV)
    assert provider_hooks() == []


def test_register_calls_each_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    CALLS.clear()
    hook = f"{__name__}:record"
    assert register_extra_providers(f"{hook},{hook}") == [hook, hook]
    assert CALLS == ["called", "called"]


@pytest.mark.parametrize(
    ("hook", "message"),
    [
        ("no-colon", "is not module:function"),
        ("boost_qa_missing_module:f", "cannot import boost_qa_missing_module"),
        (f"{__name__}:missing", "has no function 'missing'"),
    ],
)
def test_bad_hooks_are_recipe_errors(hook: str, message: str) -> None:
    with pytest.raises(RecipeError, match=message) as caught:
        load_hook(hook)
    assert caught.value.field == PROVIDERS_ENV


def test_scripted_models_need_their_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PROVIDERS_ENV, raising=False)
    require_routable(["openai/gpt-4o", "local/smollm2", "gpt-4o-mini"])
    with pytest.raises(RecipeError) as caught:
        require_routable(["openai/gpt-4o", "scripted/teacher"])
    message = str(caught.value)
    assert "scripted/teacher" in message
    assert f"{PROVIDERS_ENV}={SCRIPTED_HOOK}" in message
    assert "pip install 'boost-qa[testing]'" in message
    monkeypatch.setenv(PROVIDERS_ENV, f"other:hook,{SCRIPTED_HOOK}")
    require_routable(["scripted/teacher"])


def test_the_scripted_hook_exists() -> None:
    from boost_qa.testing import scripted

    assert load_hook(SCRIPTED_HOOK) is scripted.register
