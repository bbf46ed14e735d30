"""Test tools for exercising boost-qa (or your own pipeline) without a provider or the Hub.

* ``python -m boost_qa.testing.openai_server``: a deterministic, fault-injecting
  OpenAI-compatible chat server.
* ``python -m boost_qa.testing.hub``: a Hub-compatible server for offline publishing tests.
* :mod:`boost_qa.testing.scripted`: the scripted LiteLLM model ``scripted/<name>``, registered
  with ``BOOST_QA_PROVIDERS=boost_qa.testing.scripted:register``.

They install with the ``testing`` extra (``pip install 'boost-qa[testing]'``); no product module
imports this package.
"""

from __future__ import annotations

INSTALL_HINT = "pip install 'boost-qa[testing]'"
"""How to install what the test servers need."""


def require_aiohttp() -> None:
    """Fail with an install hint when aiohttp, which the test servers run on, is missing.

    Raises:
        ImportError: aiohttp cannot be imported; the message names the ``testing`` extra.
    """
    try:
        import aiohttp  # noqa: F401
    except ImportError as exc:
        raise ImportError(
            f"boost-qa's test servers need aiohttp, which the testing extra installs: "
            f"{INSTALL_HINT}"
        ) from exc
