"""`boost-qa publish` against the project's test Hub, through the real huggingface_hub client
and the real `load_dataset` (each in a subprocess pointed at the server, see tests/testing)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator

import pytest

from boost_qa.testing.hub import HubServerThread, HubSettings
from tests.conftest import REPO
from tests.e2e.build.test_build_cli import build, write_recipe
from tests.e2e.testing.test_hub import TOKEN, client_env, run_client

REPO_ID = "boost/boost-qa"


@pytest.fixture
def hub() -> Iterator[HubServerThread]:
    with HubServerThread(HubSettings(token=TOKEN)) as server:
        yield server
        assert server.unhandled == []


@pytest.fixture
def releases(tmp_path, scripted, scripted_roles, cache_dir):
    """v1: math + chat (+ `all`); v2: v1's folder with math rebuilt (2 seeds) and a new mix."""
    v1, v2 = tmp_path / "v1", tmp_path / "v2"
    assert (
        build(str(write_recipe(tmp_path / "r1.yaml", scripted_roles)), "--out", str(v1)).exit_code
        == 0
    )
    shutil.copytree(v1, v2)
    mixes = [
        {"name": "all", "configs": ["math", "chat"], "method": "concatenate"},
        {"name": "mostly-math", "configs": {"math": 3, "chat": 1}, "seed": 0},
    ]
    recipe2 = write_recipe(tmp_path / "r2.yaml", scripted_roles, mixes=mixes)
    result = build(str(recipe2), "--out", str(v2), "--config", "math", "--limit", "2")
    assert result.exit_code == 0, result.output
    return v1, v2


def publish(hub, tmp_path, folder, *args, token=TOKEN) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "boost_qa", "publish", str(folder), "--repo", REPO_ID, *args],
        env=client_env(hub, tmp_path / "hf-home", token),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )


def rows(hub, tmp_path, config, revision=None) -> list[str]:
    code = f"""
ds = datasets.load_dataset({REPO_ID!r}, {config!r}, revision={revision!r}, split="train")
done(ids=list(ds["id"]))
"""
    return run_client(hub, tmp_path, code, use_datasets=True)["ids"]


def file_bytes(hub, tmp_path, revision) -> dict[str, str]:
    code = f"""
import hashlib
files = [f for f in api.list_repo_files({REPO_ID!r}, repo_type="dataset", revision={revision!r})]
out = {{}}
for f in files:
    if f.startswith("chat/"):
        path = hf_hub_download({REPO_ID!r}, f, repo_type="dataset", revision={revision!r})
        out[f] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
done(files=out)
"""
    return run_client(hub, tmp_path, code)["files"]


def test_two_versions_round_trip_through_the_hub(hub, tmp_path, releases):
    v1, v2 = releases
    first = publish(hub, tmp_path, v1, "--version", "1.0.0", "--message", "first release")
    assert first.returncode == 0, first.stderr
    second = publish(hub, tmp_path, v2, "--version", "1.1.0", "--message", "fewer math seeds")
    assert second.returncode == 0, second.stderr
    assert set(hub.tags(REPO_ID)) == {"v1.0.0", "v1.1.0"}

    assert len(rows(hub, tmp_path, "math", "v1.0.0")) == 6
    math = rows(hub, tmp_path, "math")
    chat = rows(hub, tmp_path, "chat", "v1.0.0")
    assert len(math) == 2 and len(chat) == 3
    mixed = rows(hub, tmp_path, "mostly-math")  # new in v1.1.0, made of the new math rows
    assert mixed and set(mixed) <= set(math) | set(chat) and set(mixed) & set(math)
    # The config not rebuilt in v1.1.0 is byte-identical across versions.
    assert file_bytes(hub, tmp_path, "v1.0.0") == file_bytes(hub, tmp_path, "v1.1.0") != {}

    code = f"""
from huggingface_hub import DatasetCard
card = DatasetCard.load({REPO_ID!r}, repo_type="dataset")
manifest = json.loads(Path(hf_hub_download({REPO_ID!r}, "boost_qa/manifest.json", repo_type="dataset")).read_text())
done(configs=[c["config_name"] for c in card.data.configs], text=card.text,
     version=manifest["version"], built_from=manifest["built_from"])
"""
    card = run_client(hub, tmp_path, code)
    assert set(card["configs"]) == {"math", "chat", "all", "mostly-math"}
    assert card["version"] == "1.1.0" and card["built_from"] == "1.0.0"
    assert "**v1.1.0**" in card["text"] and "fewer math seeds" in card["text"]


def test_existing_version_is_refused_and_changes_nothing(hub, tmp_path, releases):
    v1, v2 = releases
    assert publish(hub, tmp_path, v1, "--version", "1.0.0").returncode == 0
    commits = len(hub.commits(REPO_ID))
    again = publish(hub, tmp_path, v2, "--version", "1.0.0")
    assert again.returncode == 2 and "never moved" in again.stderr
    assert len(hub.commits(REPO_ID)) == commits and set(hub.tags(REPO_ID)) == {"v1.0.0"}


def test_commit_conflict_and_server_error_are_retried(hub, tmp_path, releases):
    v1, _ = releases
    hub.fail_next("/commit/", 412)
    hub.fail_next("/commit/", 500)
    result = publish(hub, tmp_path, v1, "--version", "1.0.0")
    assert result.returncode == 0, result.stderr
    messages = [c.title for c in hub.commits(REPO_ID) if "v1.0.0" in c.title]
    assert len(messages) == 1
    assert set(hub.tags(REPO_ID)) == {"v1.0.0"}


def test_rejected_token_is_a_clear_error_and_leaves_no_commit(hub, tmp_path, releases):
    v1, _ = releases
    result = publish(hub, tmp_path, v1, "--version", "1.0.0", token="hf_wrong_token_123456789")
    assert result.returncode == 2
    assert "token" in result.stderr and "hf_wrong_token_123456789" not in result.stderr
    assert "Traceback" not in result.stderr
    assert hub.tags(REPO_ID) == {} if REPO_ID in str(hub.state.repos) else True
    assert not any(REPO_ID in str(key) for key in hub.state.repos)


def test_tag_failure_is_reported_and_a_rerun_finishes(hub, tmp_path, releases):
    v1, _ = releases
    hub.fail_next("/tag/", 403, times=1)
    failed = publish(hub, tmp_path, v1, "--version", "1.0.0")
    assert failed.returncode == 2 and "re-run" in failed.stderr
    assert hub.tags(REPO_ID) == {}
    commits = len(hub.commits(REPO_ID))
    finished = publish(hub, tmp_path, v1, "--version", "1.0.0")
    assert finished.returncode == 0, finished.stderr
    assert "already published" in finished.stdout
    assert set(hub.tags(REPO_ID)) == {"v1.0.0"} and len(hub.commits(REPO_ID)) == commits


def test_create_pr_opens_a_readable_pull_request_ref(hub, tmp_path, releases):
    v1, v2 = releases
    assert publish(hub, tmp_path, v1, "--version", "1.0.0").returncode == 0
    pr = publish(hub, tmp_path, v2, "--version", "1.1.0", "--create-pr")
    assert pr.returncode == 0, pr.stderr
    assert "refs/pr/1" in pr.stdout
    assert len(rows(hub, tmp_path, "math", "refs/pr/1")) == 2
    assert len(rows(hub, tmp_path, "math")) == 6  # main unchanged
    assert set(hub.tags(REPO_ID)) == {"v1.0.0"}


def test_dry_run_lists_changes_and_commits_nothing(hub, tmp_path, releases):
    v1, v2 = releases
    assert publish(hub, tmp_path, v1, "--version", "1.0.0").returncode == 0
    commits = len(hub.commits(REPO_ID))
    dry = publish(hub, tmp_path, v2, "--version", "1.1.0", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Would publish v1.1.0" in dry.stdout and "delete" in dry.stdout and "chat" in dry.stdout
    assert len(hub.commits(REPO_ID)) == commits


def test_check_reads_a_release_from_the_hub(hub, releases, tmp_path):
    """`boost-qa check OWNER/NAME` goes through datasets to the Hub, config by config."""
    v1, _ = releases
    assert publish(hub, tmp_path, v1, "--version", "1.0.0").returncode == 0
    template = tmp_path / "chatml.jinja"
    template.write_text(
        "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
    )
    env = client_env(hub, tmp_path / "hf-check", TOKEN)
    command = [sys.executable, "-m", "boost_qa", "check", REPO_ID, "--template", str(template)]
    args = [*command, "--tokenizer", "none", "--config", "math", "--json"]
    done = subprocess.run(args, env=env, cwd=REPO, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    [report] = json.loads(done.stdout)
    assert report["configs"]["math"]["rows"] == 6
    assert report["configs"]["math"]["statuses"] == {"ok": 6}
    missing = subprocess.run(
        [*command, "--tokenizer", "none", "--config", "nope"],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert missing.returncode == 2 and "nope" in missing.stderr
