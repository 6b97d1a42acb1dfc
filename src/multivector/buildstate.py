"""What a build leaves for the next one: ``dist/.build-state/state.json``, inside the release.

Why this module exists: an incremental build (``multivector.build``) must know what the previous
build saw — which source files with which content, under which code and options, and which SHACL
results — to decide whether it may build incrementally and what changed. The previous graph
itself is not copied here: it is the release's own N-Quads output (asserted graphs and
``id:graph/inferred``). The state is written into the release folder, so it is published by the
same atomic switch as the outputs it describes (``dist/.build-state`` is its stable link).

``key`` hashes everything whose change calls for a full build: the package's code (its version
and the bytes of its modules), the build's options (``--engine``, ``--shacl-engine``,
``--include-drafts``, ``--skip-validation``), the stamp, and the contents of the ontology,
reference data, shapes, rules and queries. Source files (``data/sources/*.trig``) are hashed one
by one: those are what an incremental build handles.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from rdflib.term import Node
from rdflib.util import from_n3

from multivector.validation.outcome import Result

STATE_DIR = ".build-state"
STATE_FILE = "state.json"
#: Bump when the state's meaning changes.
FORMAT = 1


@dataclass
class State:
    key: str
    sources: dict[str, str]
    #: SHACL results of the validated graph (None: the build did not validate)
    shacl: list[Result] | None = None
    #: True when the validated graph was the published one (no drafts left out)
    validated_published: bool = True
    #: the persistent store this build published (its fingerprint, ``multivector.diskstore``)
    store: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def to_json(self) -> str:
        body = {
            "format": FORMAT, "key": self.key, "sources": dict(sorted(self.sources.items())),
            "validated_published": self.validated_published, "store": self.store,
            "shacl": None if self.shacl is None else [_result_json(r) for r in self.shacl],
        }
        return json.dumps(body, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _result_json(result: Result) -> dict[str, object]:
    return {
        "severity": result.severity, "focus": result.focus.n3(), "path": result.path,
        "value": None if result.value is None else result.value.n3(),
        "component": result.component, "shape": result.shape, "message": result.message,
    }


def _result_of(data: dict[str, object]) -> Result:
    value = data["value"]
    return Result(
        severity=str(data["severity"]), focus=_term(str(data["focus"])), focus_label="",
        path=str(data["path"]), value=None if value is None else _term(str(value)),
        component=str(data["component"]), shape=str(data["shape"]),
        message=str(data["message"]),
    )


def _term(text: str) -> Node:
    term = from_n3(text)
    if term is None:
        raise ValueError(f"not a term: {text}")
    return term  # type: ignore[return-value]


def read(dist: Path) -> tuple[State | None, str]:
    """The previous build's state, or None and why not (one phrase)."""
    path = dist / STATE_DIR / STATE_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, "no build state from a previous build"
    except (OSError, ValueError) as exc:
        return None, f"build state unreadable ({type(exc).__name__})"
    try:
        if data.get("format") != FORMAT:
            return None, "build state of another format"
        shacl = data.get("shacl")
        state = State(
            key=str(data["key"]), sources={str(k): str(v) for k, v in data["sources"].items()},
            shacl=None if shacl is None else [_result_of(r) for r in shacl],
            validated_published=bool(data["validated_published"]),
            store=None if data.get("store") is None else str(data["store"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None, "build state corrupt"
    return state, ""


def write(folder: Path, state: State) -> None:
    """Into a release being filled (``multivector.atomic.publish``)."""
    target = folder / STATE_DIR
    target.mkdir(exist_ok=True)
    (target / STATE_FILE).write_text(state.to_json(), encoding="utf-8")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def source_hashes(home: Path) -> dict[str, str]:
    """sha256 of every ``data/sources/*.trig``, by path relative to ``home``."""
    folder = home / "data" / "sources"
    if not folder.is_dir():
        return {}
    return {p.relative_to(home).as_posix(): _digest(p)
            for p in sorted(folder.glob("*.trig")) if p.is_file()}


@functools.cache
def code_digest() -> str:
    import multivector

    digest = hashlib.sha256()
    root = Path(multivector.__file__).parent
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def key(home: Path, options: dict[str, object]) -> str:
    """What must be equal for an incremental build (module docstring)."""
    from multivector import stamp

    digest = hashlib.sha256()
    digest.update(f"multivector-build-state {FORMAT}\n{stamp.package_version()}\n".encode())
    digest.update(code_digest().encode() + b"\n")
    digest.update(json.dumps(options, sort_keys=True).encode() + b"\n")
    digest.update(stamp.stamp_for(home).key().encode() + b"\n")
    groups = ((home / "ontology", "**/*.ttl"), (home / "data" / "reference", "**/*.ttl"),
              (home / "shapes", "**/*"), (home / "reasoning" / "rules", "*.rq"),
              (home / "queries", "**/*.rq"))
    for folder, pattern in groups:
        if folder.is_dir():
            for path in sorted(p for p in folder.glob(pattern) if p.is_file()):
                digest.update(f"{path.relative_to(home).as_posix()}\0{_digest(path)}\n".encode())
    return digest.hexdigest()


__all__ = ["STATE_DIR", "State", "key", "read", "source_hashes", "write"]
