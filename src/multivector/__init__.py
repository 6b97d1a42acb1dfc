"""multivector: a linked-data knowledge graph of Central Asian geopolitics.

The version lives in pyproject.toml only; it is read here from the installed metadata.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("multivector")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["KnowledgeGraph", "__version__"]


def __getattr__(name: str):  # lazy: importing the package stays cheap for the CLI
    if name == "KnowledgeGraph":
        from multivector.api import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(f"module 'multivector' has no attribute {name!r}")
