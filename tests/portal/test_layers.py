"""The import-linter contract names each module of the portal package in a layer
(the kit at the bottom, the project wiring on top), so a new portal module must be
placed in one; otherwise lint-imports would not look at it."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _layered_modules() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    [layers] = [
        c["layers"]
        for c in config["tool"]["importlinter"]["contracts"]
        if c["type"] == "layers"
    ]
    names = set()
    for layer in layers:
        for separator in ("|", ":"):
            layer = layer.replace(separator, " ")
        names.update(layer.split())
    return names


def test_every_portal_module_is_in_a_layer_of_the_contract():
    layered = _layered_modules()
    portal = ROOT / "portal"
    modules = {
        f"portal.{p.stem if p.is_file() else p.name}"
        for p in portal.iterdir()
        if (p.suffix == ".py" and p.stem != "__init__")
        or (p.is_dir() and (p / "__init__.py").exists())
    }
    assert sorted(modules - layered) == []
