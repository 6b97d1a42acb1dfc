"""multivector: a linked-data knowledge graph of Central Asian geopolitics.

The version lives in pyproject.toml only; it is read from the installed metadata when first
asked for (``importlib.metadata`` is slow to import, and most commands never need it).
"""

from __future__ import annotations

from typing import Any

__all__ = ["KnowledgeGraph", "__version__"]


def __getattr__(name: str) -> Any:  # lazy: importing the package stays cheap for the CLI
    if name == "KnowledgeGraph":
        from multivector.api import KnowledgeGraph

        return KnowledgeGraph
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("multivector")
        except PackageNotFoundError:  # running from a source tree that was never installed
            found = "0.0.0+unknown"
        globals()["__version__"] = found
        return found
    raise AttributeError(f"module 'multivector' has no attribute {name!r}")
