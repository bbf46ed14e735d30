"""HTTP side of the test Hub: routing on the raw (percent-encoded) path, auth, faults, handlers.

Routing uses the *raw* path because revisions arrive URL-encoded (``refs%2Fpr%2F1``) and
aiohttp's decoded path would split them into segments; each handler unquotes what it matched.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import mimetypes
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Final, TypeVar
from urllib.parse import unquote, urlencode

import yaml

from boost_qa.testing.aio import web
from boost_qa.testing.hub.commits import commit_to_repo, parse_commit_payload, upload_mode
from boost_qa.testing.hub.listing import (
    commit_json,
    entry_json,
    list_tree,
    paths_info,
    refs_json,
    repo_info_json,
    split_front_matter,
)
from boost_qa.testing.hub.protocol import (
    Fault,
    byte_range,
    error_response,
    json_response,
    split_revision,
    truthy,
)
from boost_qa.testing.hub.settings import HubSettings
from boost_qa.testing.hub.state import (
    DEFAULT_BRANCH,
    URL_PREFIXES,
    Blob,
    Commit,
    HubError,
    HubState,
    Repo,
)

__all__ = ["HubRoutes"]

_LFS_JSON: Final = "application/vnd.git-lfs+json"
_TYPES: Final = {"models": "model", "datasets": "dataset", "spaces": "space", None: "model"}
_TYPE: Final = r"(?P<type>models|datasets|spaces)"
_PREFIX: Final = r"(?:(?P<type>datasets|spaces)/)?"
_REPO: Final = r"(?P<repo>[^/]+/[^/]+?)"
_INVALID_TOKEN: Final = "Invalid credentials in Authorization header"
_AUTHED: Final = web.RequestKey("authed", bool)
_T = TypeVar("_T")
Params = dict[str, str]
Handler = Callable[[web.Request, Params], Awaitable[web.StreamResponse]]


class HubRoutes:
    """The request handlers of one test Hub, sharing its state, faults and records.

    Args:
        state: The repositories and blobs.
        settings: Auth, paging and size settings.
    """

    def __init__(self, state: HubState, settings: HubSettings) -> None:
        self.state = state
        self.settings = settings
        self.faults: list[Fault] = []
        self.unhandled: list[str] = []
        self.requests: list[tuple[str, str, int]] = []
        self._pending_lfs: dict[str, int] = {}
        self._routes = self._route_table()

    def _route_table(self) -> list[tuple[frozenset[str], re.Pattern[str], Handler]]:
        api = rf"/api/{_TYPE}/{_REPO}"
        lfs = rf"/{_PREFIX}{_REPO}\.git/info/lfs/objects"
        table: list[tuple[str, str, Handler]] = [
            ("GET", r"/api/whoami-v2", self.whoami),
            ("GET", r"/api/agent-harnesses", self.agent_harnesses),
            ("POST", r"/api/validate-yaml", self.validate_yaml),
            ("POST", r"/api/repos/create", self.create_repo),
            ("DELETE", r"/api/repos/delete", self.delete_repo),
            ("PUT", rf"{api}/settings", self.update_settings),
            ("GET", api, self.repo_info),
            ("GET", rf"{api}/revision/(?P<rest>.+)", self.repo_info),
            ("GET", rf"{api}/refs", self.refs),
            ("GET", rf"{api}/commits/(?P<rest>.+)", self.list_commits),
            ("GET", rf"{api}/tree/(?P<rest>.+)", self.tree),
            ("POST", rf"{api}/paths-info/(?P<rest>.+)", self.paths_info),
            ("POST", rf"{api}/preupload/(?P<rest>.+)", self.preupload),
            ("POST", rf"{api}/commit/(?P<rest>.+)", self.commit),
            ("POST", rf"{api}/tag/(?P<rest>.+)", self.create_tag),
            ("DELETE", rf"{api}/tag/(?P<rest>.+)", self.delete_tag),
            ("POST", rf"{api}/branch/(?P<rest>.+)", self.create_branch),
            ("DELETE", rf"{api}/branch/(?P<rest>.+)", self.delete_branch),
            ("POST", rf"{lfs}/batch", self.lfs_batch),
            ("POST", rf"{lfs}/verify", self.lfs_verify),
            ("PUT", r"/lfs/(?P<oid>[0-9a-f]{64})", self.lfs_put),
            ("GET HEAD", rf"/{_PREFIX}{_REPO}/resolve/(?P<rest>.+)", self.resolve),
        ]
        return [(frozenset(m.split()), re.compile(p), h) for m, p, h in table]

    # -- dispatch ---------------------------------------------------------------------------

    async def dispatch(self, request: web.Request) -> web.StreamResponse:
        """Route one request: unhandled -> 404 + record, injected fault, auth check, handler."""
        label = f"{request.method} {request.path}"
        found = self._match(request)
        if found is None:
            self.unhandled.append(label)
            message = f"boost-qa test hub: unhandled {label}"
            response: web.StreamResponse = json_response({"error": message}, status=404)
        elif (fault := self._take_fault(label)) is not None:
            response = json_response(
                {"error": f"boost-qa test hub: injected {fault.status}"}, fault.status
            )
        else:
            handler, params = found
            try:
                request[_AUTHED] = self._check_token(request)
                response = await handler(request, params)
            except HubError as error:
                response = error_response(error)
        self.requests.append((request.method, request.path, response.status))
        return response

    def _match(self, request: web.Request) -> tuple[Handler, Params] | None:
        raw_path = request.rel_url.raw_path
        for methods, pattern, handler in self._routes:
            match = pattern.fullmatch(raw_path)
            if match is not None and request.method in methods:
                return handler, {k: v for k, v in match.groupdict().items() if v is not None}
        return None

    def _take_fault(self, label: str) -> Fault | None:
        for fault in self.faults:
            if fault.match in label:
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    # -- auth and lookups -------------------------------------------------------------------

    def _check_token(self, request: web.Request) -> bool:
        """Return whether a valid token came; raise 401 for an invalid one (on every route)."""
        header = request.headers.get("Authorization")
        if header is None:
            return False
        scheme, _, token = header.partition(" ")
        expected = self.settings.token
        if scheme.lower() != "bearer" or not token or (expected is not None and token != expected):
            raise HubError(401, _INVALID_TOKEN)
        return True

    def _require_write(self, request: web.Request) -> None:
        if self.settings.token is not None and not request[_AUTHED]:
            raise HubError(
                401, "You must be authenticated to write: send Authorization: Bearer <token>"
            )

    @staticmethod
    def _repo_key(params: Params) -> tuple[str, str]:
        return _TYPES[params.get("type")], unquote(params["repo"])

    def _read_repo(self, request: web.Request, params: Params) -> Repo:
        repo = self.state.get_repo(*self._repo_key(params))
        if repo.private and not request[_AUTHED]:
            raise HubError(401, "Repository not found", "RepoNotFound")
        return repo

    def _write_repo(self, request: web.Request, params: Params) -> Repo:
        self._require_write(request)
        return self.state.get_repo(*self._repo_key(params))

    @staticmethod
    async def _json_body(request: web.Request) -> dict[str, Any]:
        try:
            body = json.loads(await request.read() or b"{}")
        except ValueError:
            raise HubError(400, "Request body is not valid JSON") from None
        if not isinstance(body, dict):
            raise HubError(400, "Request body must be a JSON object")
        return body

    @staticmethod
    def _base(request: web.Request) -> str:
        return f"{request.scheme}://{request.host}"

    def _page(
        self, request: web.Request, items: Sequence[_T], render: Callable[[_T], Any]
    ) -> web.Response:
        """Answer one page of ``items`` with a ``Link: rel="next"`` header when more remain."""
        cursor = request.query.get("cursor", "0")
        if not cursor.isdigit():
            raise HubError(400, f"Invalid cursor {cursor!r}")
        start, size = int(cursor), self.settings.page_size
        response = json_response([render(item) for item in items[start : start + size]])
        if start + size < len(items):
            query = [(k, v) for k, v in request.query.items() if k != "cursor"]
            query.append(("cursor", str(start + size)))
            url = f"{self._base(request)}{request.rel_url.raw_path}?{urlencode(query)}"
            response.headers["Link"] = f'<{url}>; rel="next"'
        return response

    # -- account and repos ------------------------------------------------------------------

    async def whoami(self, request: web.Request, params: Params) -> web.StreamResponse:
        """``GET /api/whoami-v2``: the single test user, for any valid token."""
        if not request[_AUTHED]:
            raise HubError(401, "Invalid username or password.")
        name = self.state.username
        token = {"displayName": "boost-qa-test", "role": "write"}
        return json_response(
            {
                "type": "user",
                "id": hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()[:24],
                "name": name,
                "fullname": "boost-qa test user",
                "email": None,
                "emailVerified": True,
                "isPro": False,
                "orgs": [],
                "auth": {"type": "access_token", "accessToken": token},
            }
        )

    async def agent_harnesses(self, request: web.Request, params: Params) -> web.StreamResponse:
        """``GET /api/agent-harnesses``: an empty registry (huggingface_hub fetches it daily)."""
        return json_response({"standardEnvVars": [], "harnesses": {}})

    async def validate_yaml(self, request: web.Request, params: Params) -> web.StreamResponse:
        """``POST /api/validate-yaml``: parse the README front matter with a YAML parser."""
        content = (await self._json_body(request)).get("content", "")
        front = split_front_matter(content if isinstance(content, str) else "")
        try:
            if front is not None and not isinstance(yaml.safe_load(front) or {}, dict):
                raise yaml.YAMLError("the metadata block must be a YAML mapping")
        except yaml.YAMLError as exc:
            errors = [{"message": f"Invalid YAML in README.md: {exc}"}]
            return json_response({"errors": errors, "warnings": []}, status=400)
        return json_response({"errors": [], "warnings": []})

    async def create_repo(self, request: web.Request, params: Params) -> web.StreamResponse:
        """``POST /api/repos/create``: 409 when the repo exists (``exist_ok`` is client-side)."""
        self._require_write(request)
        body = await self._json_body(request)
        repo_id = self._repo_id_from_body(body)
        private = body.get("visibility") == "private" or body.get("private") is True
        repo_type = str(body.get("type") or "model")
        url = f"{self._base(request)}/{URL_PREFIXES.get(repo_type, '')}{repo_id}"
        try:
            repo = self.state.create_repo(repo_type, repo_id, private)
        except HubError as error:
            if error.status != 409:
                raise
            # create_repo(exist_ok=True) reads "url" from the 409 body.
            return json_response({"error": error.message, "url": url}, status=409)
        return json_response({"url": url, "name": repo.repo_id, "id": repo.uid})

    def _repo_id_from_body(self, body: dict[str, Any]) -> str:
        name, namespace = body.get("name"), body.get("organization") or self.state.username
        if (
            not isinstance(name, str)
            or not re.fullmatch(r"[\w.\-]{1,96}", name)
            or name.endswith(".git")
        ):
            raise HubError(400, f"Invalid repo name: {name!r}")
        if not isinstance(namespace, str) or not re.fullmatch(r"[\w.\-]{1,96}", namespace):
            raise HubError(400, f"Invalid namespace: {namespace!r}")
        return f"{namespace}/{name}"

    async def delete_repo(self, request: web.Request, params: Params) -> web.StreamResponse:
        """``DELETE /api/repos/delete``."""
        self._require_write(request)
        body = await self._json_body(request)
        self.state.delete_repo(str(body.get("type") or "model"), self._repo_id_from_body(body))
        return json_response({})

    async def update_settings(self, request: web.Request, params: Params) -> web.StreamResponse:
        """``PUT /api/{type}s/{repo}/settings``: visibility and gating."""
        repo = self._write_repo(request, params)
        body = await self._json_body(request)
        if "visibility" in body or "private" in body:
            repo.private = body.get("visibility") == "private" or body.get("private") is True
        if "gated" in body:
            repo.gated = body["gated"]
        self.state.save()
        return json_response({})

    async def repo_info(self, request: web.Request, params: Params) -> web.StreamResponse:
        """``GET /api/{type}s/{repo}[/revision/{rev}]`` with ``blobs`` and ``expand`` support."""
        repo = self._read_repo(request, params)
        revision = split_revision(params["rest"])[0] if "rest" in params else DEFAULT_BRANCH
        commit = repo.resolve(revision)
        info = repo_info_json(repo, commit, self.state.blobs, truthy(request.query.get("blobs")))
        expand = request.query.getall("expand", []) + request.query.getall("expand[]", [])
        if expand:
            info = {k: v for k, v in info.items() if k in expand or k in ("_id", "id")}
        return json_response(info)

    # -- refs and history -------------------------------------------------------------------

    async def refs(self, request: web.Request, params: Params) -> web.StreamResponse:
        """``GET /api/{type}s/{repo}/refs[?include_prs=1]``."""
        repo = self._read_repo(request, params)
        return json_response(refs_json(repo, truthy(request.query.get("include_prs"))))

    async def list_commits(self, request: web.Request, params: Params) -> web.StreamResponse:
        """``GET /api/{type}s/{repo}/commits/{rev}``: newest first, paginated."""
        repo = self._read_repo(request, params)
        commit = repo.resolve(split_revision(params["rest"])[0])
        return self._page(request, list(repo.history(commit)), commit_json)

    async def create_tag(self, request: web.Request, params: Params) -> web.StreamResponse:
        """``POST /api/{type}s/{repo}/tag/{rev}`` body ``{tag, message}``; 409 if it exists."""
        repo = self._write_repo(request, params)
        body = await self._json_body(request)
        tag = body.get("tag")
        if not isinstance(tag, str):
            raise HubError(400, "Missing tag name")
        message = body.get("message")
        commit = self.state.create_tag(
            repo, split_revision(params["rest"])[0], tag, str(message or "")
        )
        return json_response({"name": tag, "ref": f"refs/tags/{tag}", "targetCommit": commit.oid})

    async def delete_tag(self, request: web.Request, params: Params) -> web.StreamResponse:
        """``DELETE /api/{type}s/{repo}/tag/{tag}``."""
        repo = self._write_repo(request, params)
        self.state.delete_tag(repo, unquote(params["rest"]))
        return json_response({})

    async def create_branch(self, request: web.Request, params: Params) -> web.StreamResponse:
        """``POST /api/{type}s/{repo}/branch/{branch}`` body ``{startingPoint, emptyBranch}``."""
        repo = self._write_repo(request, params)
        body = await self._json_body(request)
        start = body.get("startingPoint")
        branch = unquote(params["rest"])
        oid = self.state.create_branch(
            repo, branch, str(start) if start else None, bool(body.get("emptyBranch"))
        )
        return json_response({"name": branch, "ref": f"refs/heads/{branch}", "targetCommit": oid})

    async def delete_branch(self, request: web.Request, params: Params) -> web.StreamResponse:
        """``DELETE /api/{type}s/{repo}/branch/{branch}``."""
        repo = self._write_repo(request, params)
        self.state.delete_branch(repo, unquote(params["rest"]))
        return json_response({})

    # -- listings ---------------------------------------------------------------------------

    async def tree(self, request: web.Request, params: Params) -> web.StreamResponse:
        """``GET /api/{type}s/{repo}/tree/{rev}[/{path}]?recursive=&expand=``, paginated."""
        repo = self._read_repo(request, params)
        revision, path = split_revision(params["rest"])
        commit = repo.resolve(revision)
        entries = list_tree(commit.files, path.strip("/"), truthy(request.query.get("recursive")))
        expand = truthy(request.query.get("expand"))

        def render(item: tuple[str, Blob | None]) -> dict[str, Any]:
            return entry_json(repo, commit, item[0], item[1], expand)

        return self._page(request, entries, render)

    async def paths_info(self, request: web.Request, params: Params) -> web.StreamResponse:
        """``POST /api/{type}s/{repo}/paths-info/{rev}`` (form or JSON ``paths``, ``expand``)."""
        repo = self._read_repo(request, params)
        commit = repo.resolve(split_revision(params["rest"])[0])
        if "json" in request.content_type:
            body = await self._json_body(request)
            raw_paths, expand = body.get("paths", []), truthy(str(body.get("expand", "")))
        else:
            form = await request.post()
            raw_paths, expand = (
                [str(p) for p in form.getall("paths", [])],
                truthy(str(form.get("expand"))),
            )
        if not isinstance(raw_paths, list) or not all(isinstance(p, str) for p in raw_paths):
            raise HubError(400, "paths must be a list of strings")
        return json_response(paths_info(repo, commit, raw_paths, expand))

    # -- uploads and commits ----------------------------------------------------------------

    async def preupload(self, request: web.Request, params: Params) -> web.StreamResponse:
        """``POST /api/{type}s/{repo}/preupload/{rev}``: ``lfs`` or ``regular`` per file."""
        repo = self._write_repo(request, params)
        commit = repo.resolve(split_revision(params["rest"])[0])
        files = (await self._json_body(request)).get("files")
        if not isinstance(files, list):
            raise HubError(400, "files must be a list")
        return json_response(
            {"files": [self._preupload_file(commit, f) for f in files], "commitOid": commit.oid}
        )

    def _preupload_file(self, commit: Commit, item: Any) -> dict[str, Any]:
        if not isinstance(item, dict) or not isinstance(item.get("path"), str):
            raise HubError(400, "each file needs a path")
        path, size = item["path"], item.get("size", 0)
        try:
            sample = base64.b64decode(str(item.get("sample", "")), validate=True)
        except binascii.Error:
            raise HubError(400, f"invalid base64 sample for {path!r}") from None
        if not isinstance(size, int) or size < 0:
            raise HubError(400, f"invalid size for {path!r}")
        existing = commit.files.get(path)
        return {
            "path": path,
            "uploadMode": upload_mode(path, size, sample, self.settings.lfs_threshold),
            "shouldIgnore": False,
            "oid": None if existing is None else existing.etag,
        }

    async def commit(self, request: web.Request, params: Params) -> web.StreamResponse:
        """``POST /api/{type}s/{repo}/commit/{rev}[?create_pr=1]`` with an NDJSON body."""
        repo = self._write_repo(request, params)
        payload = parse_commit_payload(await request.read())
        revision = split_revision(params["rest"])[0]
        create_pr = truthy(request.query.get("create_pr"))
        commit, number = commit_to_repo(self.state, repo, revision, payload, create_pr)
        web_url = f"{self._base(request)}/{repo.url_path}"
        return json_response(
            {
                "success": True,
                "commitOid": commit.oid,
                "commitUrl": f"{web_url}/commit/{commit.oid}",
                "hookOutput": "",
                "pullRequestUrl": None if number is None else f"{web_url}/discussions/{number}",
            }
        )

    async def lfs_batch(self, request: web.Request, params: Params) -> web.StreamResponse:
        """``POST /{prefix}{repo}.git/info/lfs/objects/batch`` (upload, basic transfer)."""
        repo = self._write_repo(request, params)
        body = await self._json_body(request)
        if body.get("operation") != "upload" or not isinstance(body.get("objects"), list):
            raise HubError(
                400, "Only the LFS 'upload' operation with a list of objects is supported"
            )
        base = self._base(request)
        verify = f"{base}/{repo.url_path}.git/info/lfs/objects/verify"
        objects = [self._lfs_object(base, verify, item) for item in body["objects"]]
        return json_response({"transfer": "basic", "objects": objects}, content_type=_LFS_JSON)

    def _lfs_object(self, base: str, verify: str, item: Any) -> dict[str, Any]:
        oid = item.get("oid") if isinstance(item, dict) else None
        size = item.get("size") if isinstance(item, dict) else None
        if not isinstance(oid, str) or not re.fullmatch(r"[0-9a-f]{64}", oid):
            raise HubError(400, f"Invalid LFS oid {oid!r}")
        if not isinstance(size, int) or size < 0:
            raise HubError(400, f"Invalid LFS size for {oid}")
        answer: dict[str, Any] = {"oid": oid, "size": size, "authenticated": True}
        if not self.state.blobs.has(oid):
            self._pending_lfs[oid] = size
            answer["actions"] = {
                "upload": {"href": f"{base}/lfs/{oid}", "header": {}, "expires_in": 3600},
                "verify": {"href": verify, "header": {}},
            }
        return answer

    async def lfs_put(self, request: web.Request, params: Params) -> web.StreamResponse:
        """``PUT /lfs/{oid}``: the upload action; checks the announced size and the sha256."""
        oid = params["oid"]
        expected = self._pending_lfs.get(oid)
        if expected is None and self.state.blobs.has(oid):
            # Two files with identical content in one commit share an oid, and the client
            # uploads each: the second PUT finds the object already stored. Accept it.
            await request.read()
            return web.Response(status=200)
        if expected is None:
            raise HubError(404, f"No pending LFS upload for {oid}: ask the batch endpoint first")
        data = await request.read()
        if len(data) != expected or hashlib.sha256(data).hexdigest() != oid:
            raise HubError(400, f"LFS upload does not match oid {oid} / size {expected}")
        self.state.blobs.put(data)
        self._pending_lfs.pop(oid, None)
        return web.Response(status=200)

    async def lfs_verify(self, request: web.Request, params: Params) -> web.StreamResponse:
        """``POST /{prefix}{repo}.git/info/lfs/objects/verify`` body ``{oid, size}``."""
        self._write_repo(request, params)
        body = await self._json_body(request)
        oid, size = str(body.get("oid")), body.get("size")
        blobs = self.state.blobs
        if not blobs.has(oid) or blobs.size(oid) != size:
            raise HubError(404, f"LFS object {oid} of size {size} not found")
        return json_response({"oid": oid, "size": size}, content_type=_LFS_JSON)

    # -- downloads --------------------------------------------------------------------------

    async def resolve(self, request: web.Request, params: Params) -> web.StreamResponse:
        """``GET|HEAD /{prefix}{repo}/resolve/{rev}/{path}`` with single-range support."""
        repo = self._read_repo(request, params)
        revision, path = split_revision(params["rest"])
        commit = repo.resolve(revision)
        blob = commit.files.get(path)
        if blob is None:
            headers = {"X-Repo-Commit": commit.oid}
            raise HubError(404, f"Entry not found: {path}", "EntryNotFound", headers)
        headers = {
            "X-Repo-Commit": commit.oid,
            "ETag": f'"{blob.etag}"',
            "Accept-Ranges": "bytes",
            "Content-Type": mimetypes.guess_type(path)[0] or "application/octet-stream",
        }
        if blob.lfs:
            headers.update({"X-Linked-Etag": f'"{blob.sha256}"', "X-Linked-Size": str(blob.size)})
        span = byte_range(request.headers.get("Range"), blob.size)
        data = self.state.blobs.get(blob.sha256)
        if span is None:
            return web.Response(body=data, headers=headers)
        start, end = span
        headers["Content-Range"] = f"bytes {start}-{end}/{blob.size}"
        return web.Response(body=data[start : end + 1], status=206, headers=headers)
