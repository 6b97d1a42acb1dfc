"""The build pipeline: load → materialize → validate → write ``dist/``.

Outputs (each written to a temp file in ``dist/`` and moved into place with ``os.replace``, and
only after loading, reasoning, validation and the QC queries (``queries/qc/``) all succeeded —
a failed build leaves ``dist/`` byte-for-byte as it was):

* ``dist/multivector.trig`` — every named graph, including ``id:graph/inferred`` (sorted TriG)
* ``dist/multivector.nq``   — the same quads as sorted N-Quads
* ``dist/multivector.ttl``  — the union of all graphs (sorted Turtle)

Blank nodes carry RDFC-1.0 canonical labels, the same in all three (``multivector.dumps``).

No timestamp is written anywhere: the same inputs give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset

from multivector import paths
from multivector.atomic import write_bytes_atomic
from multivector.dumps import CanonicalDump
from multivector.loading import LoadedGraph, iter_quads, load, to_store
from multivector.materialize import Materialization, add_inferred, load_rules, materialize
from multivector.qc import QCResult, run_qc
from multivector.querystore import new_store
from multivector.terms import quads_to_ox

OUTPUTS = ("multivector.trig", "multivector.nq", "multivector.ttl")


@dataclass
class BuildResult:
    loaded: LoadedGraph
    materialization: Materialization
    store: ox.Store
    validation: Any | None = None
    qc: list[QCResult] | None = None
    written: list[Path] = field(default_factory=list)

    @property
    def dataset(self) -> Dataset:
        return self.loaded.dataset

    def all_quads(self) -> list[ox.Quad]:
        """The asserted quads as parsed, plus the inferred graph, as pyoxigraph quads."""
        return self.loaded.quads + self.materialization.quads

    @property
    def conforms(self) -> bool:
        shacl_ok = self.validation is None or bool(self.validation.conforms)
        return shacl_ok and all(r.passed for r in self.qc or [])


def reason(home: Path | None = None, *, engine: str = "oxigraph") -> BuildResult:
    """Load the project and add the inferred graph (no validation, nothing written)."""
    home = home or paths.home()
    loaded = load(home)
    store = new_store(loaded.quads)  # the parser's own quads: no conversion back from rdflib
    rules = load_rules(paths.rules_dir(home))
    result = materialize(loaded.dataset, engine=engine, rules=rules, store=store)
    add_inferred(loaded.dataset, result.inferred)
    if engine != "oxigraph":  # the store did not receive the inferred quads
        store = to_store(loaded.dataset)
    return BuildResult(loaded=loaded, materialization=result, store=store)


def validate(
    loaded: LoadedGraph,
    shapes: Path | None = None,
    home: Path | None = None,
    *,
    shacl_engine: str | None = None,
    store: ox.Store | None = None,
    quads: list[ox.Quad] | None = None,
) -> Any:
    """Run the SHACL validation of ``multivector.validation`` (imported when needed).

    ``store`` (the project's query store) lets the report find each focus node's files on
    demand; ``quads`` (the dataset as pyoxigraph quads) saves converting the dataset for
    pyshacl-turbo. ``shacl_engine`` None: the validator's default.
    """
    from multivector.validation import validate as shacl_validate

    return shacl_validate(
        loaded.dataset, shapes=shapes, graph_files=loaded.graph_files, home=home,
        shacl_engine=shacl_engine, store=store, quads=quads,
    )


def serialize_outputs(
    dataset: Dataset, quads: Iterable[ox.Quad] | None = None
) -> dict[str, bytes]:
    """The bytes of every ``dist/`` file, computed in memory (``multivector.dumps``).

    ``quads``: the same dataset as pyoxigraph quads, when the caller has them (saves converting).
    """
    dump = CanonicalDump(quads if quads is not None else quads_to_ox(iter_quads(dataset)))
    return {
        "multivector.trig": dump.trig(),
        "multivector.nq": dump.nquads(),
        "multivector.ttl": dump.turtle(),
    }


def build(
    home: Path | None = None,
    *,
    engine: str = "oxigraph",
    out: Path | None = None,
    shapes: Path | None = None,
    run_validation: bool = True,
    shacl_engine: str | None = None,
) -> BuildResult:
    """The whole pipeline. Raises InputError/ToolError before anything is written."""
    home = home or paths.home()
    result = reason(home, engine=engine)
    if run_validation:
        result.validation = validate(
            result.loaded, shapes, home, shacl_engine=shacl_engine, store=result.store,
            quads=result.all_quads(),
        )
        result.qc = run_qc(result.store, home)
        if not result.conforms:
            return result  # dist/ untouched
    outputs = serialize_outputs(result.dataset, result.all_quads())
    out = out or paths.dist_dir(home)
    out.mkdir(parents=True, exist_ok=True)
    for name, data in outputs.items():
        write_bytes_atomic(out / name, data)
        result.written.append(out / name)
    return result
