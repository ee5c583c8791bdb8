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
    assert "classifier" in imported_modules("bot")["bot/__main__.py"]
    assert "training.run" in imported_modules("training")["training/__main__.py"]


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [("bot", ("training",)), ("classifier", ("training", "bot"))],
)
def test_layers_import_only_downwards(package, forbidden):
    assert offenders(package, forbidden) == {}


# bot.__main__ and the cog too: a bot that calls a model service (CLASSIFIER_URL) stays small
@pytest.mark.parametrize(
    "module",
    [
        "bot.config",
        "bot.db.store",
        "bot.policy",
        "classifier",
        "classifier.remote",
        "bot.__main__",
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
    assert classifier.Engine.__module__ == "classifier.engine"
    with pytest.raises(AttributeError):
        classifier.NoSuchThing  # noqa: B018
