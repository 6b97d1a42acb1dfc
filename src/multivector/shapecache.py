"""A persistent cache of what the SPARQL parser says about each query text (its ``Shape``).

Why this module exists: every command that runs a named query loads the catalogue, and the
catalogue checks each query's parameters on the parse tree (``multivector.queries.shape``). rdflib's
SPARQL parser is a pyparsing grammar: importing it and parsing the twelve competency queries
costs over a second of CPU — ten times the query itself, on every ``multivector query CQ1``. The
shape of a text never changes, so it is kept in a small JSON file, keyed by the SHA-256 of the
text, rdflib's version and the hash of the code that extracts shapes:
``$MULTIVECTOR_CACHE`` or ``$XDG_CACHE_HOME/multivector`` or ``~/.cache/multivector``. A cache
that cannot be read or written is ignored (the parser runs, as without it).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

CACHE_ENV = "MULTIVECTOR_CACHE"
_entries: dict[str, Any] | None = None


def folder() -> Path:
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "multivector"


def _path() -> Path:
    """The cache file for this rdflib version and this version of the code that extracts shapes
    (``multivector/queries/shape.py``: a change there must not reuse old shapes)."""
    import rdflib

    code = Path(__file__).with_name("queries") / "shape.py"
    try:
        salt = hashlib.sha256(code.read_bytes()).hexdigest()[:16]
    except OSError:
        salt = "unknown"
    return folder() / f"query-shapes-rdflib{rdflib.__version__}-{salt}.json"


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _load() -> dict[str, Any]:
    global _entries
    if _entries is None:
        try:
            loaded = json.loads(_path().read_text(encoding="utf-8"))
            _entries = loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            _entries = {}
    return _entries


def get(text: str) -> dict[str, Any] | None:
    """The cached fields of the shape of ``text``, or None."""
    found = _load().get(_key(text))
    return found if isinstance(found, dict) else None


def put(text: str, fields: dict[str, Any]) -> None:
    """Remember the shape of ``text`` (JSON-able fields); failures to write are ignored."""
    entries = _load()
    entries[_key(text)] = fields
    with contextlib.suppress(OSError):
        from multivector.atomic import write_text_atomic

        write_text_atomic(_path(), json.dumps(entries, sort_keys=True))


class AnalysisCache:
    """A small JSON file of analyses keyed by a content hash, in :func:`folder`, salted with the
    analysing module's own code (a change there must not reuse old answers) — the rules'
    fragment check (``multivector.incremental``) and the shapes' walks
    (``multivector.validation.reach``). The latest ``keep`` entries are kept; a file that
    cannot be read or written is ignored (the analysis runs, as without it)."""

    def __init__(self, stem: str, module_file: str, keep: int = 16) -> None:
        salt = hashlib.sha256(Path(module_file).read_bytes()).hexdigest()[:16]
        self.path = folder() / f"{stem}-{salt}.json"
        self.keep = keep

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            entries = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        found = entries.get(key) if isinstance(entries, dict) else None
        return found if isinstance(found, dict) else None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        try:
            entries = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(entries, dict):
                entries = {}
        except (OSError, ValueError):
            entries = {}
        entries.pop(key, None)
        entries[key] = entry
        with contextlib.suppress(OSError):
            from multivector.atomic import write_text_atomic

            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(self.path, json.dumps(dict(list(entries.items())[-self.keep:])))


__all__ = ["CACHE_ENV", "AnalysisCache", "folder", "get", "put"]
