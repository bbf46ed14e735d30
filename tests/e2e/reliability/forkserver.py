"""Run ``boost-qa`` commands as real processes without paying for the imports each time.

``python -m boost_qa build`` spends most of its start-up importing LiteLLM and datasets (about 4 s
on an idle 2-core machine, 10 s or more when it is busy). A crash campaign reruns the same command
a dozen times, so a fork server imports the CLI once and then forks one child per command: each
child is a separate process running ``boost_qa.cli.main`` with the command's arguments, its output
in a log file, and it can be SIGKILLed like any CLI process. The server's only thread is its main
thread when it forks (checked), so the children start from a clean state.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

_SERVER = r"""
import json, os, sys, threading, traceback

from boost_qa.cli import main
import boost_qa.pipeline.run, boost_qa.pipeline.summary, boost_qa.llm.litellm_client  # noqa: F401
boost_qa.llm.litellm_client.configure()

if threading.active_count() != 1:
    raise SystemExit(f"cannot fork safely: threads {threading.enumerate()}")
print("ready", flush=True)
for line in sys.stdin:
    args, log = json.loads(line)
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            sys.argv = ["boost-qa", *args]
            main(args, prog_name="boost-qa")
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    print(pid, flush=True)
    _, status = os.waitpid(pid, 0)
    print(os.waitstatus_to_exitcode(status), flush=True)
"""


def minimal_env(**extra: str) -> dict[str, str]:
    """The environment a CLI process needs: offline switches, caches, and nothing else."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env.update({k: v for k, v in os.environ.items() if k.startswith(("HF_", "BOOST_QA_"))})
    env.update(
        {
            "LITELLM_LOCAL_MODEL_COST_MAP": "True",
            "TOKENIZERS_PARALLELISM": "false",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.update(extra)
    return env


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


class ForkServer:
    """A process that has imported boost-qa and forks one child per command."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-c", _SERVER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=cwd,
        )

    def __enter__(self) -> ForkServer:
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def _read(self) -> str:
        stdout: IO[str] | None = self._process.stdout
        assert stdout is not None
        line = stdout.readline()
        if not line:
            raise RuntimeError(f"the fork server exited ({self._process.wait(10)})")
        return line.strip()

    def wait_ready(self) -> None:
        """Block until the imports are done."""
        assert self._read() == "ready"

    def start(self, args: list[str], log: Path) -> int:
        """Fork a child running ``boost-qa ARGS`` (output to ``log``); return its pid."""
        stdin = self._process.stdin
        assert stdin is not None
        stdin.write(json.dumps([args, str(log)]) + "\n")
        stdin.flush()
        return int(self._read())

    def wait(self, pid: int, timeout: float = 120) -> int:
        """The exit code of child ``pid``, the last started (negative: killed by that signal).

        A child still running after ``timeout`` seconds is killed.
        """
        timer = threading.Timer(timeout, _kill, (pid,))
        timer.start()
        try:
            return int(self._read())
        finally:
            timer.cancel()

    def close(self) -> None:
        """Stop the server (its children are waited for first)."""
        if self._process.stdin is not None:
            self._process.stdin.close()
        try:
            self._process.wait(30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(10)
