"""What leaves the machine: command lines, recipes and settings name files, never paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from boost_qa.release.public import public_command, public_recipe, public_settings
from boost_qa.seeds.source import local_name, looks_local


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/home/alice/data/gsm8k.jsonl", "gsm8k.jsonl"),
        ("../samples/gsm8k.jsonl", "gsm8k.jsonl"),
        ("~/data/procqa/", "procqa"),
        ("data/procqa/qa.en.*.json", "qa.en.*.json"),
        ("notes.jsonl", "notes.jsonl"),
    ],
)
def test_local_name(path: str, name: str) -> None:
    assert local_name(path) == name


def test_hub_ids_do_not_look_local() -> None:
    assert not looks_local("openai/gsm8k")
    assert looks_local("/home/alice/x.jsonl") and looks_local("../samples/gsm8k.jsonl")


def test_command_line_names_paths(tmp_path: Path) -> None:
    recipe = tmp_path / "recipes" / "demo.yaml"
    recipe.parent.mkdir()
    recipe.write_text("name: x")
    argv = [
        "/home/alice/.venv/bin/boost-qa",
        "build",
        str(recipe),
        f"--out={tmp_path}/release",
        "--model",
        "strong=openai/gpt-4o",
        "--cache-dir",
        "../cache",
    ]
    line = public_command(argv)
    assert line == (
        "boost-qa build demo.yaml --out=release --model strong=openai/gpt-4o --cache-dir cache"
    )
    assert public_command(["/home/alice/build.py", "x"]) == "build.py x"


def test_recipe_and_settings_name_paths() -> None:
    recipe = {
        "name": "r",
        "generation": {"prompt_dir": "/home/alice/prompts", "api_base": "http://127.0.0.1:8000/v1"},
        "training": {"tokenizer": "models/tok"},
        "models": {"strong": "openai/gpt-4o"},
        "configs": [
            {"name": "a", "source": {"path": "/home/alice/a.jsonl"}},
            {"name": "b", "source": {"path": "openai/gsm8k"}, "training": {"tokenizer": "auto"}},
            {"name": "c", "source": {"path": "samples/c.jsonl"}, "generation": {"prompt_dir": "p"}},
        ],
    }
    public = public_recipe(recipe)
    assert public["generation"] == {"prompt_dir": "prompts", "api_base": "http://127.0.0.1:8000/v1"}
    assert public["training"] == {"tokenizer": "tok"}
    assert public["models"] == {"strong": "openai/gpt-4o"}
    assert [c["source"]["path"] for c in public["configs"]] == [
        "a.jsonl",
        "openai/gsm8k",
        "c.jsonl",
    ]
    assert public["configs"][1]["training"] == {"tokenizer": "auto"}
    assert recipe["configs"][0]["source"]["path"] == "/home/alice/a.jsonl"  # not changed in place
    assert public_settings({"prompt_dir": "../prompts", "seed": 0}) == {
        "prompt_dir": "prompts",
        "seed": 0,
    }
