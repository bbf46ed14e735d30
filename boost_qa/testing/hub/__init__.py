"""A Hub-compatible HTTP server for offline tests and dry runs of release pipelines.

Why it exists: no Hub-compatible server is on PyPI, yet publishing code must be tested against
real ``huggingface_hub`` and ``datasets`` HTTP behaviour (preupload, LFS, NDJSON commits, tags,
pull-request refs, resolve with ranges, error headers) without the network. This package serves
that part of the Hub API on 127.0.0.1, keeps repos as immutable commit snapshots (in memory or
under ``--storage``), injects failures on demand and records every request it did not handle.

Run it with ``python -m boost_qa.testing.hub --port N [--storage DIR] [--token T]`` (prints
``boost-qa test Hub listening on http://127.0.0.1:PORT``), or in tests with
``HubServerThread(HubSettings(token=...))``. Point clients at it with ``HF_ENDPOINT=<url>``,
``HF_TOKEN=<token>``, ``HF_HUB_DISABLE_XET=1``, ``HF_HUB_OFFLINE=0`` and a private ``HF_HOME``,
all set *before* ``huggingface_hub`` or ``datasets`` is imported.

Endpoints (``{type}`` is ``models``, ``datasets`` or ``spaces``; ``{prefix}`` is ``""``,
``datasets/`` or ``spaces/``; revisions may be a branch, tag, (short) commit id or ``refs/pr/N``,
URL-encoded or not):

* ``GET /api/whoami-v2``; ``POST /api/validate-yaml``; ``GET /api/agent-harnesses`` (empty)
* ``POST /api/repos/create`` (409 if it exists); ``DELETE /api/repos/delete``;
  ``PUT /api/{type}/{repo}/settings``
* ``GET /api/{type}/{repo}[/revision/{rev}]`` (``sha``, ``siblings``, ``cardData``; ``blobs``,
  ``expand``)
* ``GET /api/{type}/{repo}/refs[?include_prs=1]``; ``GET /api/{type}/{repo}/commits/{rev}``
* ``POST|DELETE /api/{type}/{repo}/tag/{rev|tag}`` (409 on an existing tag: tags never move);
  ``POST|DELETE /api/{type}/{repo}/branch/{branch}``
* ``GET /api/{type}/{repo}/tree/{rev}[/{path}]?recursive=&expand=`` (paginated with
  ``Link: rel="next"``); ``POST /api/{type}/{repo}/paths-info/{rev}``
* ``POST /api/{type}/{repo}/preupload/{rev}``; ``POST /api/{type}/{repo}/commit/{rev}``
  (NDJSON; ``?create_pr=1`` opens ``refs/pr/N``; 412 on a stale ``parentCommit``)
* ``POST /{prefix}{repo}.git/info/lfs/objects/batch`` and ``.../verify``; ``PUT /lfs/{oid}``
* ``GET|HEAD /{prefix}{repo}/resolve/{rev}/{path}`` (``Range``, ``X-Repo-Commit``, ``ETag``,
  ``X-Linked-Etag``/``X-Linked-Size`` for LFS files)

Anything else answers 404 ``{"error": "boost-qa test hub: unhandled METHOD PATH"}`` and is
listed in ``unhandled``; ``fail_next(substring, status, times)`` fails matching requests.

Pitfalls of the clients (huggingface_hub 1.33, datasets 5.2) this server has to respect:

* Constants (``HF_ENDPOINT``, offline mode, ``HF_HUB_DISABLE_XET``) are read at import time, and
  with ``hf_xet`` installed uploads go through Xet unless ``HF_HUB_DISABLE_XET=1``.
* Missing repos must carry ``X-Error-Code: RepoNotFound`` (not ``RepositoryNotFound``); missing
  revisions ``RevisionNotFound``; missing files and tree folders ``EntryNotFound``. A 401 whose
  ``X-Error-Message`` is not ``Invalid credentials in Authorization header`` becomes
  ``RepositoryNotFoundError`` on repo routes. ``load_dataset`` probes ``{name}.py``,
  ``.huggingface.yaml`` and ``dataset_infos.json`` and needs ``EntryNotFound`` for each, and it
  pins the revision to the ``X-Repo-Commit`` of its README download.
* ``create_repo(exist_ok=True)`` reads ``url`` from the *409* body.
* Importing ``huggingface_hub`` with a reachable endpoint fetches ``/api/agent-harnesses``.
* Revisions are sent URL-encoded (``refs%2Fpr%2F1``) and tree paths fully encoded (``a%2Fb``):
  routing must use the raw path. ``list_repo_refs`` sends ``include_prs=1``.
* The LFS ``PUT`` carries no ``Authorization`` header (it targets S3 on the real Hub); the
  upload URL itself must be the credential (here: an oid announced by an authorised batch).
* Preupload's ``oid`` lets the client skip unchanged files: it must be the sha256 for LFS files
  and the git blob sha1 for regular files. Samples are the first 512 bytes and may end inside a
  UTF-8 character. Empty files are always committed as regular files.
* Tree entries name the LFS hash ``lfs.oid``; repo-info siblings name it ``lfs.sha256``.
* ``create_commit`` validates a README through ``POST /api/validate-yaml`` first.
* ``push_to_hub`` reads the head with ``repo_info(revision=...)`` and commits with
  ``parent_commit``; its retry on 412/409 inspects ``err.__context__``, which is the httpx
  error, so a 412 reaches the caller instead of being retried.
"""

from boost_qa.testing.hub.protocol import Fault
from boost_qa.testing.hub.server import HubServer, HubServerThread, main
from boost_qa.testing.hub.settings import HOST, HubSettings
from boost_qa.testing.hub.state import Blob, Commit, HubError, HubState, Repo

__all__ = [
    "HOST",
    "Blob",
    "Commit",
    "Fault",
    "HubError",
    "HubServer",
    "HubServerThread",
    "HubSettings",
    "HubState",
    "Repo",
    "main",
]
