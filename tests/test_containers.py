"""The container files against the code: settings names, entry points, profiles (no Docker here).

Images cannot be built on this machine, so these checks keep ``Dockerfile`` and ``compose.yaml``
from drifting away from the settings and command lines they name.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from bot.cli.main import build_parser
from bot.dashboard.settings import DashboardSettings as Settings  # the bot's settings and the dashboard's

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = {name.upper() for name in Settings.model_fields}
OTHER_ENV = {"HF_HUB_OFFLINE", "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "PIP_NO_CACHE_DIR"}
OTHER_ENV |= {"PIP_DISABLE_PIP_VERSION_CHECK", "RAY_USAGE_STATS_ENABLED"}
OTHER_ENV |= {"SERVE_TOKEN"}  # the model service's (python -m classifier.serving reads it)


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def our_services() -> dict[str, dict]:
    return {
        name: s for name, s in compose()["services"].items() if s.get("image", "").startswith("sentinela")
    }


def substitute(value: str) -> str:
    """Compose's ``${VAR:-default}`` / ``${VAR:?error}`` with a stand-in value."""
    return re.sub(
        # a required value: a stand-in long enough for any secret (SESSION_SECRET wants 32+)
        r"\$\{(\w+)(?::[-?]([^}]*))?\}",
        lambda m: "x" * 40 if m.group(0).count("?") else m.group(2) or "x",
        value,
    )


def check_command(command: list[str]) -> None:
    assert command[:2] == ["python", "-m"], command
    module, args = command[2], command[3:]
    if module == "classifier.serving":
        from classifier.serving.app import build_parser as serve_parser

        serve_parser().parse_args(args)  # exits (fails the test) on an unknown flag
        return
    assert module == "bot", f"unknown entry point {module}"
    parsed = build_parser().parse_args(args)  # exits (fails the test) on an unknown subcommand
    assert parsed.command in (None, "run", "migrate", "sync", "dashboard"), parsed.command


def test_every_service_names_real_settings_and_entry_points():
    services = our_services()
    assert set(services) == {
        "bot-lite",
        "migrate",
        "bot",
        "model",
        "bot-cluster-0",
        "bot-cluster-1",
        "dashboard",
    }
    for name, service in services.items():
        env = service.get("environment", {})
        assert set(env) <= SETTINGS | OTHER_ENV, (name, set(env) - SETTINGS)
        check_command(service["command"])
        # the settings each process starts with are valid (the same validation the bot runs)
        Settings(
            _env_file=None, **{k.lower(): substitute(str(v)) for k, v in env.items() if k.lower() in SETTINGS}
        )
        for port in ("HEALTH_PORT", "DASHBOARD_PORT"):
            if port in env:
                probe = " ".join(service["healthcheck"]["test"])
                assert f":{env[port]}/healthz" in probe, name


def test_profiles_lite_standalone_and_scale():
    services = compose()["services"]

    def in_profile(profile: str) -> set[str]:
        return {n for n, s in services.items() if profile in s.get("profiles", [])}

    assert in_profile("lite") == {"bot-lite"}
    lite = services["bot-lite"]
    assert lite["environment"]["DATABASE_URL"].startswith("sqlite+aiosqlite:////data/")
    assert any(v.endswith(":/data") for v in lite["volumes"])

    assert in_profile("standalone") == {"postgres", "migrate", "bot", "dashboard"}
    assert "dashboard" in in_profile("scale")
    dashboard = services["dashboard"]
    assert (
        dashboard["command"][-1] == "dashboard" and dashboard["depends_on"] == services["bot"]["depends_on"]
    )
    assert dashboard["environment"]["DATABASE_URL"] == services["bot"]["environment"]["DATABASE_URL"]
    for secret in ("DISCORD_CLIENT_SECRET", "SESSION_SECRET"):
        assert ":?" in dashboard["environment"][secret]  # no default secret
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert services["migrate"]["command"][-1] == "migrate"
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["bot"]["depends_on"] == {
        "postgres": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }

    cluster = sorted(in_profile("scale") - {"postgres", "migrate", "model", "dashboard"})
    assert len(cluster) >= 2
    slices = [Settings(_env_file=None, **{
        k.lower(): v for k, v in services[n]["environment"].items() if k in ("SHARD_COUNT", "SHARD_IDS")
    }) for n in cluster]  # fmt: skip
    counts = {s.shard_count for s in slices}
    assert len(counts) == 1, "every process of a cluster must agree on SHARD_COUNT"
    ids = [i for s in slices for i in s.shard_ids]
    assert sorted(ids) == list(range(counts.pop())), "each shard run by exactly one process"
    model = services["model"]
    port = model["command"][model["command"].index("--port") + 1]
    assert f":{port}/healthz" in " ".join(model["healthcheck"]["test"])
    for name in cluster:
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgresql+asyncpg://")
        assert env["CLASSIFIER_URL"] == f"http://model:{port}"  # the shared model, not one per process
        assert "model" in services[name]["depends_on"]


def test_dockerfile_runs_the_bot_as_a_non_root_user_on_cpu_torch_by_default():
    text = (ROOT / "Dockerfile").read_text()
    lines = [line.strip() for line in text.replace("\\\n", " ").splitlines() if line.strip()]
    froms = [line.split()[1] for line in lines if line.startswith("FROM ")]
    assert re.fullmatch(r"python:\$\{PYTHON_VERSION\}-slim", froms[0])
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and all(u not in ("root", "0") for u in users)
    assert "ARG TORCH_INDEX=https://download.pytorch.org/whl/cpu" in lines
    env_names = {
        pair.split("=", 1)[0] for line in lines if line.startswith("ENV ") for pair in shlex.split(line[4:])
    }
    assert env_names <= SETTINGS | OTHER_ENV, env_names - SETTINGS - OTHER_ENV
    cmd = next(line for line in lines if line.startswith("CMD "))
    check_command(yaml.safe_load(cmd[4:]))
    assert "/healthz" in next(line for line in lines if line.startswith("HEALTHCHECK "))


@pytest.mark.parametrize("path", ["Dockerfile", "compose.yaml"])
def test_container_files_name_only_settings_that_exist(path):
    # any UPPER_CASE name assigned in an environment must be a setting (catches renamed ones)
    text = (ROOT / path).read_text()
    for name in re.findall(r"^\s+([A-Z][A-Z0-9_]+):", text, flags=re.M):
        if name.startswith("POSTGRES_"):
            continue  # the postgres image's own variables
        assert name in SETTINGS | OTHER_ENV, name


def test_containers_stop_cleanly_and_share_no_secret_they_do_not_need():
    services = our_services()
    anchor = compose()["x-bot"]
    assert anchor["init"] is True and anchor["stop_signal"] == "SIGTERM"  # PID 1 forwards SIGTERM
    for name, service in services.items():
        assert service["init"] is True, name
    model = services["model"]
    assert model["env_file"] == [] and "DISCORD_TOKEN" not in model["environment"]
    assert "SERVE_TOKEN" in model["environment"]  # --host 0.0.0.0 needs it
    for name in ("bot-cluster-0", "bot-cluster-1"):
        assert "CLASSIFIER_TOKEN" in services[name]["environment"]
    postgres = compose()["services"]["postgres"]["environment"]
    assert ":?" in postgres["POSTGRES_PASSWORD"]  # no default password
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    assert "STOPSIGNAL SIGTERM" in lines and 'ENTRYPOINT ["tini", "--"]' in lines
