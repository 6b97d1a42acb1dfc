"""Where the project lives on disk.

The home is the workspace (the folder holding ``ontology/`` and ``data/``, found as
``multivector.workspace`` says); the corpus is the read-only folder of source articles beside it.
Both can be overridden by environment variables so that tests and other checkouts can point the
tools elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "MULTIVECTOR_HOME"
CORPUS_ENV = "MULTIVECTOR_CORPUS"


def home() -> Path:
    """The workspace: ``$MULTIVECTOR_HOME``, else the folder found by walking up from the cwd to
    a ``pyproject.toml`` with a ``[tool.multivector]`` table (``multivector.workspace``)."""
    from multivector import workspace

    return workspace.require()


def corpus(project_home: Path | None = None) -> Path:
    """The corpus folder: ``$MULTIVECTOR_CORPUS`` or ``<home>/../shared/corpus``."""
    env = os.environ.get(CORPUS_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return ((project_home or home()) / ".." / "shared" / "corpus").resolve()


def ontology_dir(project_home: Path | None = None) -> Path:
    return (project_home or home()) / "ontology"


def data_dir(project_home: Path | None = None) -> Path:
    return (project_home or home()) / "data"


def shapes_dir(project_home: Path | None = None) -> Path:
    """The shapes folder: ``contract/`` and ``dev/`` below it."""
    return (project_home or home()) / "shapes"


def contract_shapes_dir(project_home: Path | None = None) -> Path:
    """The data contract: what user data must satisfy (``multivector validate``)."""
    return shapes_dir(project_home) / "contract"


def dev_shapes_dir(project_home: Path | None = None) -> Path:
    """The developers' checks of the ontology itself (``build`` and the tests run them)."""
    return shapes_dir(project_home) / "dev"


def queries_dir(project_home: Path | None = None) -> Path:
    return (project_home or home()) / "queries"


def internal_queries_dir() -> Path:
    """``queries/internal/``: the queries the code itself runs (``multivector.queries``).

    They belong to the tool, not to a project's data, so they come from the checkout that holds
    this source file — whatever ``--home`` or ``$MULTIVECTOR_HOME`` say — and from the home
    only when the package is installed without its checkout.
    """
    here = Path(__file__).resolve()
    for candidate in here.parents:
        if (candidate / "src" / "multivector").is_dir() and (candidate / "queries").is_dir():
            return candidate / "queries" / "internal"
    from multivector import workspace

    found = workspace.given(None) or workspace.find()
    if found is not None and (found / "queries" / "internal").is_dir():
        return found / "queries" / "internal"
    return workspace.release_dir() / "queries" / "internal"  # the wheel's packaged copy


def rules_dir(project_home: Path | None = None) -> Path:
    return (project_home or home()) / "reasoning" / "rules"


def dist_dir(project_home: Path | None = None) -> Path:
    return (project_home or home()) / "dist"
