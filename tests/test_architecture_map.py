"""ARCHITECTURE.md's module map stays true: every module is listed, every listed module exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "multivector"


def _map_rows() -> dict[str, set[str]]:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    section = text.split("## Module map", 1)[1]
    listed: dict[str, set[str]] = {}
    package = ""
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not line.startswith("|") or set(cells[1]) <= {"-", ":"}:
            continue
        if cells[0].startswith("`multivector"):
            package = cells[0].strip("`")
        listed.setdefault(package, set()).update(re.findall(r"`([a-z_]+)`", cells[1]))
    return listed


def test_every_module_is_in_the_map() -> None:
    listed = _map_rows()
    missing = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name in {"__init__.py", "__main__.py"}:
            continue
        package = ".".join(("multivector", *path.relative_to(SRC).parent.parts))
        if package == "multivector.cli":
            continue  # the CLI row covers its modules: one per command family
        if path.stem not in listed.get(package, set()):
            missing.append(f"{package}.{path.stem}")
    assert missing == []


def test_every_listed_module_exists() -> None:
    stale = [
        f"{package}.{name}"
        for package, names in _map_rows().items()
        for name in names
        if package != "multivector.cli"
        and not (SRC.joinpath(*package.split(".")[1:], f"{name}.py")).is_file()
    ]
    assert stale == []
