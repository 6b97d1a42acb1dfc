"""multivector: a linked-data knowledge graph of Central Asian geopolitics.

The version lives in pyproject.toml only; it is read here from the installed metadata.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("multivector")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
