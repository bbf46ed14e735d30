"""Behavioural tests of the test Hub, driven by the real huggingface_hub and datasets clients.

tests/conftest.py makes the test process offline and points HF_ENDPOINT at a dead port, and
huggingface_hub and datasets read those settings at import time. So every client step runs in a
subprocess whose environment points at the server before anything is imported; the server runs
in this process, where the tests inspect its state.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import textwrap
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from boost_qa.testing.hub import HubServerThread, HubSettings

REPO = Path(__file__).resolve().parents[3]
TOKEN = "hf_boost_qa_test_token"
PARQUET = "train-00000-of-00001.parquet"

PRELUDE = """
import json, sys
from pathlib import Path
from huggingface_hub import CommitOperationAdd, HfApi, hf_hub_download
from huggingface_hub.errors import HfHubHTTPError

api = HfApi()

def status_of(call):
    try:
        call()
    except HfHubHTTPError as err:
        return err.response.status_code
    return None

def done(**result):
    print("RESULT " + json.dumps(result))
"""

DATASETS_PRELUDE = """
import datasets

README = '''---
configs:
- config_name: alpha
  data_files:
  - split: train
    path: alpha/train-*
- config_name: beta
  data_files:
  - split: train
    path: beta/train-*
---
# Test dataset
'''

def write_release(root, alpha, beta=None):
    root.mkdir(parents=True, exist_ok=True)
    (root / "README.md").write_text(README)
    for name, texts in (("alpha", alpha), ("beta", beta)):
        if texts is not None:
            (root / name).mkdir(exist_ok=True)
            rows = {"text": texts, "n": list(range(len(texts)))}
            target = root / name / "train-00000-of-00001.parquet"
            datasets.Dataset.from_dict(rows).to_parquet(target)

def texts(repo, config, revision=None):
    return list(datasets.load_dataset(repo, config, revision=revision, split="train")["text"])
"""


def client_env(hub: HubServerThread, home: Path, token: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGINGFACE_"))}
    env.update(
        HF_ENDPOINT=hub.url,
        HF_HOME=str(home),
        HF_HUB_OFFLINE="0",
        HF_DATASETS_OFFLINE="0",
        HF_HUB_DISABLE_XET="1",
        HF_HUB_DISABLE_TELEMETRY="1",
        HF_HUB_DISABLE_PROGRESS_BARS="1",
        HF_DATASETS_DISABLE_PROGRESS_BARS="1",
    )
    if token is not None:
        env["HF_TOKEN"] = token
    return env


def run_client(
    hub: HubServerThread,
    tmp_path: Path,
    code: str,
    *,
    token: str | None = TOKEN,
    use_datasets: bool = False,
) -> dict[str, Any]:
    """Run client code in a fresh interpreter pointed at ``hub``; return what it ``done()``s."""
    script = PRELUDE + (DATASETS_PRELUDE if use_datasets else "") + textwrap.dedent(code)
    proc = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "work")],
        env=client_env(hub, tmp_path / "hf-home", token),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, f"client failed:\n{proc.stdout}\n{proc.stderr[-4000:]}"
    lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, proc.stdout
    result: dict[str, Any] = json.loads(lines[-1][len("RESULT ") :])
    return result


@pytest.fixture
def hub() -> Iterator[HubServerThread]:
    with HubServerThread(HubSettings(token=TOKEN)) as server:
        yield server
        assert server.unhandled == []


def http(
    url: str, method: str = "GET", headers: dict[str, str] | None = None, data: Any = None
) -> tuple[int, dict[str, str], bytes]:
    body = None if data is None else json.dumps(data).encode()
    request = urllib.request.Request(url, body, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_release_flow_with_tags(hub: HubServerThread, tmp_path: Path) -> None:
    result = run_client(
        hub,
        tmp_path,
        """
        repo = "boost-qa/release"
        root = Path(sys.argv[1])
        api.create_repo(repo, repo_type="dataset")
        write_release(root, alpha=["a1", "a2"], beta=["b1"])
        first = api.upload_folder(folder_path=root, repo_id=repo, repo_type="dataset",
                                  commit_message="Release v1.0.0")
        api.create_tag(repo, tag="v1.0.0", repo_type="dataset", tag_message="first")
        write_release(root, alpha=["A1", "A2", "A3"])
        second = api.upload_folder(folder_path=root, repo_id=repo, repo_type="dataset",
                                   commit_message="Release v1.1.0")
        api.create_tag(repo, tag="v1.1.0", repo_type="dataset")
        beta = [
            Path(hf_hub_download(repo, "beta/" + "train-00000-of-00001.parquet",
                                 repo_type="dataset", revision=tag)).read_bytes()
            for tag in ("v1.0.0", "v1.1.0")
        ]
        duplicate = status_of(lambda: api.create_tag(
            repo, tag="v1.0.0", revision=second.oid, repo_type="dataset"))
        refs = api.list_repo_refs(repo, repo_type="dataset")
        done(
            first=first.oid, second=second.oid,
            alpha_v1=texts(repo, "alpha", "v1.0.0"), alpha_main=texts(repo, "alpha"),
            alpha_v11=texts(repo, "alpha", "v1.1.0"), beta_v11=texts(repo, "beta", "v1.1.0"),
            beta_same=beta[0] == beta[1], beta_size=len(beta[0]),
            duplicate=duplicate,
            tags={t.name: t.target_commit for t in refs.tags},
            branches={b.name: b.target_commit for b in refs.branches},
        )
        """,
        use_datasets=True,
    )
    first, second = result["first"], result["second"]
    assert result["alpha_v1"] == ["a1", "a2"]
    assert result["alpha_main"] == result["alpha_v11"] == ["A1", "A2", "A3"]
    assert result["beta_v11"] == ["b1"]
    assert result["beta_same"] and result["beta_size"] > 0
    assert result["duplicate"] == 409
    assert result["tags"] == {"v1.0.0": first, "v1.1.0": second}
    assert result["branches"] == {"main": second}
    assert hub.tags("boost-qa/release") == {"v1.0.0": first, "v1.1.0": second}

    commits = hub.commits("boost-qa/release")
    assert [c.title for c in commits] == ["Release v1.1.0", "Release v1.0.0", "initial commit"]
    new, old = commits[0].files, commits[1].files
    alpha, beta = f"alpha/{PARQUET}", f"beta/{PARQUET}"
    assert new[alpha] != old[alpha] and new[alpha].lfs and new[beta] == old[beta]
    assert new["README.md"] == old["README.md"] and not new["README.md"].lfs
    assert commits[1].parents == (commits[2].oid,) and commits[0].parents == (first,)


SEED_NOTES = """
repo = "boost-qa/notes"
api.create_repo(repo, repo_type="dataset")
first = api.upload_file(path_or_fileobj=b"one", path_in_repo="notes.txt",
                        repo_id=repo, repo_type="dataset")
second = api.upload_file(path_or_fileobj=b"two", path_in_repo="notes.txt",
                         repo_id=repo, repo_type="dataset")
done(first=first.oid, second=second.oid)
"""


def test_stale_parent_and_injected_faults_create_no_commit(
    hub: HubServerThread, tmp_path: Path
) -> None:
    setup = run_client(hub, tmp_path, SEED_NOTES)
    hub.fail_next("/commit/", 500)
    hub.fail_next("/commit/", 412)
    result = run_client(
        hub,
        tmp_path,
        f"""
        repo = "boost-qa/notes"
        def commit(parent=None, content=b"three"):
            op = CommitOperationAdd(path_in_repo="notes.txt", path_or_fileobj=content)
            return api.create_commit(repo, [op], commit_message="edit", repo_type="dataset",
                                     parent_commit=parent)
        statuses = [status_of(commit), status_of(commit),
                    status_of(lambda: commit(parent="{setup["first"]}"))]
        head = api.dataset_info(repo).sha
        ok = commit(parent="{setup["second"]}", content=b"four")
        done(statuses=statuses, head=head, ok=ok.oid)
        """,
    )
    # First the two injected failures (500, then 412), then a real stale-parent 412.
    assert result["statuses"] == [500, 412, 412]
    assert result["head"] == setup["second"]
    commits = hub.commits("boost-qa/notes")
    assert [c.oid for c in commits] == [
        result["ok"],
        setup["second"],
        setup["first"],
        commits[3].oid,
    ]


def test_wrong_or_missing_token_cannot_write(hub: HubServerThread, tmp_path: Path) -> None:
    setup = run_client(hub, tmp_path, SEED_NOTES)
    wrong = run_client(
        hub,
        tmp_path,
        """
        repo = "boost-qa/notes"
        done(
            upload=status_of(lambda: api.upload_file(path_or_fileobj=b"x", path_in_repo="x.txt",
                                                     repo_id=repo, repo_type="dataset")),
            tag=status_of(lambda: api.create_tag(repo, tag="nope", repo_type="dataset")),
            whoami=status_of(api.whoami),
        )
        """,
        token="hf_wrong",
    )
    assert wrong == {"upload": 401, "tag": 401, "whoami": 401}
    anonymous = run_client(
        hub,
        tmp_path,
        """
        repo = "boost-qa/notes"
        text = Path(hf_hub_download(repo, "notes.txt", repo_type="dataset")).read_text()
        write = status_of(lambda: api.delete_file("notes.txt", repo, repo_type="dataset"))
        done(text=text, write=write)
        """,
        token=None,
    )
    assert anonymous == {"text": "two", "write": 401}
    assert hub.commits("boost-qa/notes")[0].oid == setup["second"]
    assert len(hub.commits("boost-qa/notes")) == 3
    assert hub.tags("boost-qa/notes") == {}


def test_pull_request_ref_is_readable_with_load_dataset(
    hub: HubServerThread, tmp_path: Path
) -> None:
    result = run_client(
        hub,
        tmp_path,
        """
        repo = "boost-qa/pr"
        root = Path(sys.argv[1])
        api.create_repo(repo, repo_type="dataset")
        write_release(root, alpha=["main"], beta=["b"])
        api.upload_folder(folder_path=root, repo_id=repo, repo_type="dataset")
        write_release(root, alpha=["proposed", "change"])
        info = api.upload_folder(folder_path=root, repo_id=repo, repo_type="dataset",
                                 create_pr=True, commit_message="Propose")
        refs = api.list_repo_refs(repo, repo_type="dataset", include_pull_requests=True)
        done(
            pr_revision=info.pr_revision, pr_url=info.pr_url, oid=info.oid,
            pulls={r.ref: r.target_commit for r in refs.pull_requests},
            pr_rows=texts(repo, "alpha", "refs/pr/1"), main_rows=texts(repo, "alpha"),
        )
        """,
        use_datasets=True,
    )
    assert result["pr_revision"] == "refs/pr/1"
    assert result["pr_url"].endswith("/datasets/boost-qa/pr/discussions/1")
    assert result["pulls"] == {"refs/pr/1": result["oid"]}
    assert result["pr_rows"] == ["proposed", "change"]
    assert result["main_rows"] == ["main"]
    main = hub.commits("boost-qa/pr")
    pr = hub.commits("boost-qa/pr", rev="refs/pr/1")
    assert pr[0].oid == result["oid"] and pr[0].parents == (main[0].oid,)


def test_push_to_hub_round_trip_and_412_is_not_retried(
    hub: HubServerThread, tmp_path: Path
) -> None:
    hub.fail_next("/commit/", 412)
    result = run_client(
        hub,
        tmp_path,
        """
        repo = "boost-qa/pushed"
        first = datasets.Dataset.from_dict({"text": ["x", "y"]})
        rejected = status_of(lambda: first.push_to_hub(repo, config_name="one"))
        first.push_to_hub(repo, config_name="one")
        datasets.Dataset.from_dict({"text": ["z"]}).push_to_hub(repo, config_name="two")
        datasets.Dataset.from_dict({"text": ["dev"]}).push_to_hub(
            repo, config_name="one", revision="dev")
        done(rejected=rejected, one=texts(repo, "one"), two=texts(repo, "two"),
             dev=texts(repo, "one", "dev"))
        """,
        use_datasets=True,
    )
    # datasets 5.2 retries a 412 only when err.__context__ is an HfHubHTTPError; with
    # huggingface_hub 1.33 it is the httpx error, so the caller sees the 412.
    assert result == {"rejected": 412, "one": ["x", "y"], "two": ["z"], "dev": ["dev"]}
    titles = [c.title for c in hub.commits("boost-qa/pushed", rev="dev")]
    assert titles == ["Upload dataset"] * 3 + ["initial commit"]


SEED_HTTP = """
repo = "boost-qa/http"
api.create_repo(repo, repo_type="dataset")
api.create_repo("boost-qa/secret", repo_type="dataset", private=True)
api.create_commit(repo, [
    CommitOperationAdd(path_in_repo="data/blob.bin", path_or_fileobj=bytes(range(256)) * 8),
    CommitOperationAdd(path_in_repo="data/deep/a.txt", path_or_fileobj=b"hello"),
    CommitOperationAdd(path_in_repo="b.txt", path_or_fileobj=b"bee"),
], commit_message="files", repo_type="dataset")
tree = [f.path for f in api.list_repo_tree(repo, repo_type="dataset", recursive=True)]
commits = [c.title for c in api.list_repo_commits(repo, repo_type="dataset")]
done(tree=tree, commits=commits)
"""
BLOB = bytes(range(256)) * 8


@pytest.fixture
def http_hub(tmp_path: Path) -> Iterator[HubServerThread]:
    """A Hub with small listing pages, seeded with SEED_HTTP through the real client."""
    with HubServerThread(HubSettings(token=TOKEN, page_size=2)) as server:
        listed = run_client(server, tmp_path, SEED_HTTP)
        assert listed["tree"] == [
            ".gitattributes",
            "b.txt",
            "data",
            "data/blob.bin",
            "data/deep",
            "data/deep/a.txt",
        ]
        assert listed["commits"] == ["files", "initial commit"]
        assert sum("/tree/" in path for _, path, _ in server.requests) == 3  # page_size=2
        yield server


def test_resolve_serves_lfs_headers_and_ranges(http_hub: HubServerThread) -> None:
    base = f"{http_hub.url}/datasets/boost-qa/http/resolve"
    sha = hashlib.sha256(BLOB).hexdigest()
    status, headers, body = http(f"{base}/main/data/blob.bin", "HEAD")
    assert status == 200 and body == b""
    assert headers["X-Linked-Etag"] == headers["ETag"] == f'"{sha}"'
    assert headers["X-Linked-Size"] == headers["Content-Length"] == str(len(BLOB))
    assert headers["X-Repo-Commit"] == http_hub.commits("boost-qa/http")[0].oid
    assert http(f"{base}/main/data/blob.bin", headers={"Range": "bytes=10-19"})[2] == BLOB[10:20]
    status, headers, body = http(f"{base}/main/data/blob.bin", headers={"Range": "bytes=-5"})
    assert (status, body, headers["Content-Range"]) == (206, BLOB[-5:], "bytes 2043-2047/2048")
    assert http(f"{base}/main/b.txt", headers={"Range": "bytes=9-"})[0] == 416
    assert http_hub.unhandled == []


def test_error_codes_private_repos_and_unhandled_routes(http_hub: HubServerThread) -> None:
    url = http_hub.url
    base = f"{url}/datasets/boost-qa/http/resolve"
    expectations = {
        f"{base}/main/missing.txt": "EntryNotFound",
        f"{base}/no-such-rev/b.txt": "RevisionNotFound",
        f"{url}/datasets/boost-qa/nope/resolve/main/b.txt": "RepoNotFound",
        f"{url}/api/datasets/boost-qa/http/tree/main/nope": "EntryNotFound",
    }
    for target, code in expectations.items():
        status, headers, _ = http(target)
        assert (status, headers.get("X-Error-Code")) == (404, code), target
    status, headers, _ = http(f"{url}/datasets/boost-qa/secret/resolve/main/.gitattributes")
    assert (status, headers.get("X-Error-Code")) == (401, "RepoNotFound")
    secret = f"{url}/datasets/boost-qa/secret/resolve/refs%2Fheads%2Fmain/.gitattributes"
    assert http(secret, headers={"Authorization": f"Bearer {TOKEN}"})[0] == 200
    bad_card = {"content": "---\nconfigs: [unclosed\n---\n", "repoType": "dataset"}
    status, _, body = http(f"{url}/api/validate-yaml", "POST", data=bad_card)
    assert status == 400 and json.loads(body)["errors"]
    status, _, body = http(f"{url}/api/not-a-route", "POST")
    assert status == 404 and b"unhandled POST /api/not-a-route" in body
    assert http_hub.unhandled == ["POST /api/not-a-route"]


def test_storage_survives_restart(tmp_path: Path) -> None:
    settings = HubSettings(storage=tmp_path / "storage")
    with HubServerThread(settings) as server:
        run_client(
            server,
            tmp_path,
            """
            api.create_repo("boost-qa/kept", repo_type="dataset")
            api.upload_file(path_or_fileobj=b"\\x00binary", path_in_repo="x.bin",
                            repo_id="boost-qa/kept", repo_type="dataset")
            api.create_tag("boost-qa/kept", tag="v1", repo_type="dataset")
            done()
            """,
        )
        before = server.commits("boost-qa/kept")
    with HubServerThread(settings) as server:
        assert server.commits("boost-qa/kept") == before
        assert server.tags("boost-qa/kept") == {"v1": before[0].oid}
        status, _, body = http(f"{server.url}/datasets/boost-qa/kept/resolve/v1/x.bin")
        assert (status, body) == (200, b"\x00binary")
        assert server.unhandled == []


def test_cli_prints_url_and_stops_on_sigterm(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "boost_qa.testing.hub", "--port", "0", "--storage", str(tmp_path)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        match = re.fullmatch(r"boost-qa test Hub listening on (http://127\.0\.0\.1:\d+)", line)
        assert match, line
        status, _, body = http(f"{match.group(1)}/api/agent-harnesses")
        assert status == 200 and json.loads(body)["harnesses"] == {}
    finally:
        proc.terminate()
        assert proc.wait(timeout=10) == 0
