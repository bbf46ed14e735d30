"""What a build on a Ray cluster sends along, and which cluster it joins (no Ray needed)."""

from __future__ import annotations

import pytest

from boost_qa.errors import RecipeError
from boost_qa.pipeline.engines.ray_cluster import (
    PACKAGE_DIR,
    check_reachable,
    cluster_address,
    joined_error,
    runtime_env,
    worker_env,
)


def test_the_flag_wins_over_ray_address_and_neither_means_a_private_cluster() -> None:
    env = {"RAY_ADDRESS": "10.0.0.5:6379"}
    assert cluster_address("127.0.0.1:6380", env) == "127.0.0.1:6380"
    assert cluster_address(None, env) == "10.0.0.5:6379"
    assert cluster_address(None, {"RAY_ADDRESS": "auto"}) == "auto"
    assert cluster_address(None, {}) is None
    assert cluster_address("local", env) is None  # Ray's word for a new local cluster
    assert cluster_address(None, {"RAY_ADDRESS": " "}) is None


def test_actors_get_provider_settings_but_never_rays_token() -> None:
    environ = {
        "OPENAI_API_KEY": "sk-one",
        "ANTHROPIC_API_KEY": "sk-two",
        "OPENAI_API_BASE": "http://127.0.0.1:8000/v1",
        "AZURE_API_VERSION": "2024-01-01",
        "BOOST_QA_PROVIDERS": "boost_qa.testing.scripted:register",
        "AWS_REGION_NAME": "eu-west-1",
        "HF_TOKEN": "hf_x",
        "LITELLM_LOG": "ERROR",
        "EMPTY_API_KEY": "",
        "RAY_AUTH_TOKEN": "cluster-token",
        "RAY_AUTH_MODE": "token",
        "RAY_ADDRESS": "127.0.0.1:6379",
        "HOME": "/root",
        "PATH": "/usr/bin",
        "GITHUB_TOKEN": "ghp_x",
    }
    assert worker_env(environ) == {
        "ANTHROPIC_API_KEY": "sk-two",
        "AWS_REGION_NAME": "eu-west-1",
        "AZURE_API_VERSION": "2024-01-01",
        "BOOST_QA_PROVIDERS": "boost_qa.testing.scripted:register",
        "HF_TOKEN": "hf_x",
        "LITELLM_LOG": "ERROR",
        "OPENAI_API_BASE": "http://127.0.0.1:8000/v1",
        "OPENAI_API_KEY": "sk-one",
    }


def test_the_job_ships_boost_qas_own_code() -> None:
    env = runtime_env({"OPENAI_API_KEY": "sk-one"})
    assert env["py_modules"] == [str(PACKAGE_DIR)]
    assert (PACKAGE_DIR / "pipeline" / "engines" / "ray.py").is_file()
    assert env["env_vars"] == {"OPENAI_API_KEY": "sk-one"}


@pytest.mark.parametrize("address", ["127.0.0.1", "host:", ":6379", "host:port"])
def test_a_malformed_address_names_the_forms_ray_takes(address: str) -> None:
    with pytest.raises(RecipeError, match=r"--ray-address: .* is not host:port, auto"):
        check_reachable(address)


def test_a_failed_join_keeps_rays_first_sentence_and_says_how_to_give_a_token() -> None:
    cause = RuntimeError("Authentication token is missing or incorrect. See the docs for more")
    message = str(joined_error("127.0.0.1:6379", cause))
    assert message.startswith("--ray-address: cannot join the Ray cluster at 127.0.0.1:6379")
    assert "See the docs" not in message and "RAY_AUTH_TOKEN" in message
    plain = str(joined_error("127.0.0.1:6379", ConnectionError("Failed to connect")))
    assert plain.endswith("Failed to connect")


def test_a_refusal_inside_rays_wrapping_is_raised_as_itself() -> None:
    from boost_qa.errors import ProviderRefused
    from boost_qa.pipeline.engines.ray import refusal_in

    class Wrapped(Exception):
        def __init__(self, cause: BaseException) -> None:
            super().__init__("RayTaskError(UserCodeException): ...")
            self.cause = cause

    refusal = ProviderRefused("openai/m", "HTTP 401: AuthenticationError: bad key", 3, "teacher")
    try:
        raise RuntimeError("map_batches failed") from Wrapped(refusal)
    except RuntimeError as exc:
        found = refusal_in(exc)
    assert found is not None and str(found) == str(refusal)
    assert refusal_in(RuntimeError("something else")) is None
