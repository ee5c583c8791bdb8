"""The import rules of docs/architecture.md, checked on the source and on a fresh interpreter."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(package: str) -> dict[str, set[str]]:
    """Every absolute import in a package's files (also those inside functions), per file."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
        found[str(path.relative_to(ROOT))] = names
    return found


def offenders(package: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    bad = {
        path: sorted(n for n in names if n.split(".")[0] in forbidden)
        for path, names in imported_modules(package).items()
    }
    return {path: names for path, names in bad.items() if names}


def test_the_walk_sees_imports_inside_functions():
    # the rule below would be empty if the walk missed nested imports: prove it finds one
    assert "bot.replay.run" in imported_modules("bot")["bot/replay/command.py"]
    assert "training.run" in imported_modules("training")["training/__main__.py"]


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [("bot", ("training",)), ("classifier", ("training", "bot"))],
)
def test_layers_import_only_downwards(package, forbidden):
    assert offenders(package, forbidden) == {}


# the rooms of classifier/ and what each may import of the others (docs/architecture.md);
# errors and cli are the ground floor every room stands on
ROOMS = {
    "model": {"model"},
    "runtime": {"model", "runtime"},
    "export": {"model", "runtime", "export"},
    "serving": {"model", "runtime", "serving"},
}
GROUND = {"classifier", "classifier.errors", "classifier.cli"}
# the one call upwards, made inside a function: the onnx backend asks the exporter for its files
# on first use, as Optimum's ORTModel does; the exporter itself never needs the runtime
UPWARD_CALLS = {("classifier/runtime/selection.py", "classifier.export.onnx")}


def room_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "classifier" and len(parts) > 2 and parts[1] in ROOMS else None


def top_level_imports(path: Path) -> set[str]:
    """Absolute imports at module level (not inside a function)."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
        elif isinstance(node, ast.If):  # `if TYPE_CHECKING:` blocks count: the picture is the same
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and inner.level == 0 and inner.module:
                    names.add(inner.module)
    return names


def test_each_room_of_the_classifier_imports_only_the_rooms_below_it():
    bad = {}
    for path, names in imported_modules("classifier").items():
        room = room_of(path.removesuffix(".py").replace("/", "."))
        for name in names:
            if not name.startswith("classifier"):
                continue
            target = room_of(name)
            if room is None:  # the ground floor and the package face
                ok = name in GROUND or path == "classifier/__init__.py"
            else:
                ok = target is None or target in ROOMS[room] or (path, name) in UPWARD_CALLS
            if not ok:
                bad.setdefault(path, []).append(name)
    assert bad == {}


def test_the_upward_call_stays_inside_its_function():
    for path, name in UPWARD_CALLS:
        assert name in imported_modules("classifier")[path]  # the rule is not stale
        assert name not in top_level_imports(ROOT / path)


def test_nothing_outside_the_export_room_imports_it_at_module_level():
    # the check, as written: grep -rn "^from classifier.export\|^import classifier.export" classifier/
    hits = [
        f"{path}:{n}"
        for path in (ROOT / "classifier").rglob("*.py")
        if "export" not in path.relative_to(ROOT / "classifier").parts[:1]
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.startswith(("from classifier.export", "import classifier.export"))
    ]
    assert hits == []


def test_the_bot_reaches_the_classifier_through_its_serving_room_and_shared_contract():
    # no engine, no exporter: a bot gets its scorer from the factory, whichever runs the model
    allowed = {
        "classifier",
        "classifier.cli",
        "classifier.errors",
        "classifier.model.labels",
        "classifier.model.text",
        "classifier.model.thresholds",
        "classifier.model.artifacts",
    }
    bad = {
        path: sorted(
            n
            for n in names
            if n.startswith("classifier") and n not in allowed and not n.startswith("classifier.serving")
        )
        for path, names in imported_modules("bot").items()
    }
    assert {p: n for p, n in bad.items() if n} == {}


# python -m bot and the cog too: a bot that calls a model service (CLASSIFIER_URL) stays small
@pytest.mark.parametrize(
    "module",
    [
        "bot.ops.config",
        "classifier.serving.factory",
        "classifier.serving.settings",
        "bot.db.store",
        "bot.core.policy",
        "classifier",
        "classifier.serving.remote",
        "bot.cli.main",
        "bot.replay.command",
        "bot.cogs.moderation",
    ],
)
def test_settings_storage_and_constants_load_without_torch(module):
    code = (
        f"import sys, {module}; heavy = sorted({{'torch', 'transformers'}} & set(sys.modules)); "
        "print(','.join(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == ""


def test_lazy_names_of_the_classifier_package_still_resolve():
    import classifier

    assert classifier.Classifier.__name__ == "Classifier"
    assert classifier.Engine.__module__ == "classifier.runtime.engine"
    with pytest.raises(AttributeError):
        classifier.NoSuchThing  # noqa: B018


def test_no_test_file_imports_another():
    # helpers live in tests/harness.py and tests/conftest.py: a test file is never a library
    found = {
        path: sorted(n for n in names if n.split(".")[-1].startswith("test_"))
        for path, names in imported_modules("tests").items()
    }
    assert {p: n for p, n in found.items() if n} == {}


def test_the_dashboard_needs_neither_the_gateway_cog_nor_the_model():
    # it runs beside the bot, on the same store: the cog (and with it the gateway and the
    # classifier) stays out, and of classifier/ only the model directory's contract and the
    # remote client (labels and thresholds) are read
    allowed_classifier = {"classifier.model.artifacts", "classifier.serving.remote"}
    bad = {
        path: sorted(
            n for n in names
            if n.startswith(("bot.cogs", "bot.replay", "training", "torch", "transformers"))
            or (n.startswith("classifier") and n not in allowed_classifier)
        )
        for path, names in imported_modules("bot").items()
        if path.startswith("bot/dashboard/")
    }  # fmt: skip
    assert {path: names for path, names in bad.items() if names} == {}
    assert "bot.dashboard.web" in imported_modules("bot")["bot/dashboard/pages.py"]  # the walk saw its files


def test_the_setting_module_needs_neither_discord_nor_the_database():
    # what an admin can change is parsed the same by the cog, the dashboard, the replay and the
    # store: none of them may drag the others' frameworks in through it
    found = offenders("bot", ("discord", "sqlalchemy"))
    assert "bot/db/guilds.py" in found  # the walk sees sqlalchemy where it is
    assert "bot/core/setting_kinds.py" not in found
    code = (
        "import sys, bot.core.setting_kinds; "
        "print(','.join(sorted({'discord', 'sqlalchemy'} & set(sys.modules))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == ""


def test_the_replay_needs_no_cog():
    # "nothing here talks to Discord": the replay goes through assess, the policy and the store,
    # and draws what moderators see from bot/presentation/ (report.py, embeds.py), never from the cog
    bad = {
        path: sorted(n for n in names if n.startswith("bot.cogs"))
        for path, names in imported_modules("bot").items()
        if path.startswith("bot/replay/")
    }
    assert {path: names for path, names in bad.items() if names} == {}
    assert "bot.presentation.embeds" in imported_modules("bot")["bot/replay/command.py"]  # the walk saw it


def test_the_core_operations_and_presentation_know_no_surface():
    # bot/'s first floor: the moderation core, operations and what people see stand below the
    # surfaces (the cog, the dashboard, the replay, the command line), which all use them; the
    # core stands below the store too (the store keeps its types; it asks the store through
    # protocols the store satisfies)
    surfaces = ("bot.cogs", "bot.dashboard", "bot.replay", "bot.cli")
    below = {
        "bot/core/": (*surfaces, "bot.db"),
        "bot/ops/": surfaces,
        "bot/presentation/": surfaces,
        "bot/db/": surfaces,
    }
    found = imported_modules("bot")
    assert "bot.core.policy" in found["bot/core/assess.py"]  # the walk saw these rooms
    bad = {
        path: sorted(n for n in names if n.startswith(forbidden))
        for path, names in found.items()
        for room, forbidden in below.items()
        if path.startswith(room)
    }
    assert {path: names for path, names in bad.items() if names} == {}


def test_dashboard_handlers_read_the_typed_lifespan_state():
    # what the handlers share is yielded once by the app's lifespan (bot/dashboard/shared.py) and
    # read through shared(request): nothing is set on, or read from, the untyped app.state
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "bot" / "dashboard").rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "app.state" in line
    ]
    assert found == []
    assert "bot.dashboard.shared" in imported_modules("bot")["bot/dashboard/review.py"]  # the walk saw it
