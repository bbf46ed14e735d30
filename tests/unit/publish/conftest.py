"""Hand-made release folders: a manifest, one small parquet file per config, no build."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

MakeRelease = Callable[..., Path]


def _rows(config: str, count: int) -> list[dict[str, Any]]:
    turn = {"speaker": "teacher", "role": "assistant", "content": f"{config} answer"}
    return [
        {"id": f"{config}-{i}", "scenario": "error_correction", "dialogue": [turn]}
        for i in range(count)
    ]


def write_release(
    folder: Path,
    configs: dict[str, int],
    *,
    tag: str = "t1",
    mixes: dict[str, dict[str, int]] | None = None,
    license: str = "mit",
) -> Path:
    """A release folder as `boost-qa build` leaves it, reduced to what publishing reads.

    Args:
        folder: Where to write it.
        configs: Rows per config.
        tag: The data tag in the parquet file names.
        mixes: Mix name → the weights of the configs it mixes.
        license: The licence of every config.
    """
    names = {**configs, **{name: sum(w.values()) for name, w in (mixes or {}).items()}}
    for name, count in names.items():
        (folder / name).mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pylist(_rows(name, count))
        pq.write_table(table, folder / name / f"train-00000-of-00001-{tag}.parquet")
    manifest = {
        "name": "boost-qa-test",
        "release": {
            "description": "A test release.",
            "license": license,
            "language": "en",
            "config_licenses": {name: license for name in configs},
        },
        "models": {"teacher": {"model": "scripted/teacher"}},
        "configs": {
            name: {
                "rows": count,
                "failed": 0,
                "rows_per_scenario": {"error_correction": count},
                "source": {"dataset": f"samples/{name}.jsonl"},
                "data_tag": tag,
            }
            for name, count in configs.items()
        },
        "mixes": {
            name: {
                "method": "concatenate",
                "rows": sum(weights.values()),
                "weights": weights,
                "data_tag": tag,
            }
            for name, weights in (mixes or {}).items()
        },
    }
    meta = folder / "boost_qa"
    meta.mkdir(parents=True, exist_ok=True)
    (meta / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (meta / "recipe.yaml").write_text("name: boost-qa-test\n", encoding="utf-8")
    (folder / "README.md").write_text("# local card, replaced on publish\n", encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def plain_card(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Cards rendered as one line naming the version: the card has its own tests.

    Returns:
        The arguments of every card rendered, in order.
    """
    calls: list[dict[str, Any]] = []

    def render(manifest: Any, **options: Any) -> str:
        calls.append({"manifest": manifest, **options})
        return f"card of {manifest.version}\n"

    monkeypatch.setattr("boost_qa.publish.plan.render_release_card", render)
    return calls


@pytest.fixture
def make_release(tmp_path: Path) -> MakeRelease:
    """Write a release folder under the test's temporary directory."""

    def make(name: str, configs: dict[str, int], **options: Any) -> Path:
        return write_release(tmp_path / name, configs, **options)

    return make
