"""The size ceiling of app code (docs/architecture.md, "Complexity"): no module over
500 lines, no function over 60 lines. A module that grows past about 400 lines
becomes a package split by subject; a long function is split by what it does. Tests,
migrations and the benchmark scripts are not app code. ruff holds the complexity
ceiling (C901 and PLR09xx in pyproject.toml); this holds the sizes."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "portal",
    "jobs",
    "accounts",
    "notifications",
    "sources",
    "lessons",
    "classrooms",
    "assignments",
    "packages",
    "privacy",
]
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60


def _app_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                yield path


def test_the_app_list_names_every_app_in_the_repository():
    found = {
        p.name
        for p in ROOT.iterdir()
        if (p / "apps.py").exists() or (p / "settings.py").exists()
    }
    assert found == set(APPS)


def test_no_app_module_is_over_500_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in _app_modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}, f"split these modules by subject: {long}"


def test_no_function_is_over_60_lines():
    long = {}
    for path in _app_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"] = lines
    assert long == {}, f"split these functions by what they do: {long}"
