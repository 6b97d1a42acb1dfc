"""Apache Jena as an independent engine: every named query, answered by Jena TDB2, must give the
embedded engine's rows.

Jena comes from Debian (``libapache-jena-java`` 4.5.0, installed by
``scripts/install-debian-deps.sh``), run as ``java -cp … tdb2.tdbloader`` / ``tdb2.tdbquery``.
Debian's build needs two repairs, both made here rather than by hand:

* it cannot start: the xerces it embeds (package ``xerces.*`` in ``jena-core.jar``) looks up its
  message bundles (``xerces/impl/msg/XMLSchemaMessages``, ``…/DatatypeMessages``,
  ``xerces/impl/xpath/regex/message``), but the jar holds them under the shaded path
  ``org/apache/jena/ext/xerces/…``; the first datatype Jena builds fails ("internal error" in
  ``XSSimpleTypeDecl.applyFacets1``). :func:`xerces_resources` copies every such bundle to the
  path the classes ask for, in a cache folder put first on the class path;
* the class path is built from the jars of the package and of its dependencies (read from dpkg),
  but of ``libslf4j-java`` only the API and ONE binding (``slf4j-simple``, warnings only): that
  package ships every binding, and the log4j one next to ``log4j-over-slf4j`` is a loop that
  stops the JVM.

:func:`load` builds a TDB2 database from an N-Quads export; :class:`JenaEngine` answers SPARQL
over its union default graph (``--set tdb:unionDefaultGraph=true``: the embedded engines'
dataset); :func:`conformance` runs every named query with its defaults bound as the CLI binds
them for an endpoint (``run_query``: terms written where the parameters are used) and compares
the rows (``multivector.results.compare``). ``make jena-check`` / ``python -m multivector.jena``
run it on the project; the slow test ``tests/test_jena_conformance.py`` runs it in CI.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from multivector.errors import MultivectorError
from multivector.queries import Answer, NamedQuery, query_shape, run_query
from multivector.results import Difference, ResultTable, compare, from_sparql_json

PACKAGE = "libapache-jena-java"
JAVA_DIR = Path("/usr/share/java")
#: Of libslf4j-java, only these: the API and one binding (see the module docstring).
SLF4J_PACKAGE = "libslf4j-java"
SLF4J_KEEP = ("slf4j-api.jar", "slf4j-simple.jar")
SHADED = "org/apache/jena/ext/"
JVM_OPTIONS = ("-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
DEFAULT_TIMEOUT = 600.0
_VERSIONED_JAR = re.compile(r"-\d[\w.+~-]*\.jar$")


class JenaError(MultivectorError):
    """Jena is missing or failed (one line; CLI exit 2)."""


def _dpkg(*args: str) -> str:
    try:
        done = subprocess.run(["dpkg-query", *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise JenaError(f"dpkg-query not found: Jena is looked up as the Debian package {PACKAGE}"
                        ) from None
    return done.stdout


def _dependencies(package: str) -> list[str]:
    """``package`` and every installed package it depends on, transitively."""
    depends: dict[str, list[str]] = {}
    for line in _dpkg("-W", "-f", "${Package}\t${Status}\t${Depends}\n").splitlines():
        name, status, needs = (line.split("\t") + ["", ""])[:3]
        if status.endswith(" installed"):
            depends[name.split(":")[0]] = [
                alternative.split()[0].split(":")[0]
                for clause in needs.split(",") if clause.strip()
                for alternative in clause.split("|")[:1]
            ]
    if package not in depends:
        raise JenaError(
            f"Apache Jena is not installed (Debian package {PACKAGE}): run "
            "scripts/install-debian-deps.sh (make debian-deps)"
        )
    seen, todo = [], [package]
    while todo:
        name = todo.pop()
        if name in seen or name not in depends:
            continue
        seen.append(name)
        todo.extend(depends[name])
    return seen


def jars() -> list[Path]:
    """The jars of Jena and its dependencies, without the clashing slf4j bindings."""
    found: list[Path] = []
    for package in _dependencies(PACKAGE):
        for line in _dpkg("-L", package).splitlines():
            path = Path(line)
            if path.parent != JAVA_DIR or path.suffix != ".jar" or _VERSIONED_JAR.search(path.name):
                continue
            if package == SLF4J_PACKAGE and path.name not in SLF4J_KEEP:
                continue
            if path.is_file() and path not in found:
                found.append(path)
    if not any(p.name == "jena-cmds.jar" for p in found):
        raise JenaError(f"{PACKAGE} has no jena-cmds.jar in {JAVA_DIR}: not the expected build")
    return found


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "multivector" / "jena"


def xerces_resources(jar: Path, cache: Path) -> Path:
    """A folder holding the bundles ``jar`` keeps under the shaded path but its classes look up
    unshaded (``xerces/…/*.properties``: the 9 message bundles and the 3 regex ones of 4.5.0),
    for every shaded package whose classes the jar holds unshaded; made once per jar version."""
    stat = jar.stat()
    key = hashlib.sha256(f"{jar.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    folder = cache / f"xerces-{key.hexdigest()[:16]}"
    if folder.is_dir():
        return folder
    cache.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=cache, prefix=".xerces-"))
    with zipfile.ZipFile(jar) as archive:
        names = set(archive.namelist())
        roots = {name.split("/", 1)[0] for name in names if name.endswith(".class")}
        for name in sorted(names):
            if not (name.startswith(SHADED) and name.endswith(".properties")):
                continue
            wanted = name[len(SHADED):]
            if wanted.split("/", 1)[0] in roots and wanted not in names:
                target = scratch / wanted
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(name))
    try:
        scratch.rename(folder)
    except OSError:  # another process made it first
        shutil.rmtree(scratch, ignore_errors=True)
    return folder


def classpath(cache: Path | None = None) -> str:
    found = jars()
    core = next((p for p in found if p.name == "jena-core.jar"), None)
    if core is None:
        raise JenaError(f"{PACKAGE} has no jena-core.jar in {JAVA_DIR}")
    resources = xerces_resources(core, cache or cache_dir())
    return os.pathsep.join([str(resources), *map(str, found)])


def _java(main: str, args: Iterable[str], cp: str, timeout: float) -> str:
    java = shutil.which("java")
    if java is None:
        raise JenaError("java not found (Debian: default-jre-headless)")
    command = [java, *JVM_OPTIONS, "-cp", cp, main, *args]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        raise JenaError(f"{main}: no answer within {timeout:g} s") from None
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        detail = next((ln for ln in lines if "Exception" in ln or "rror" in ln), "")
        detail = detail or (lines[-1] if lines else f"exit {done.returncode}")
        raise JenaError(f"{main} failed (exit {done.returncode}): {' '.join(detail.split())}")
    return done.stdout


def load(nquads: Path, location: Path, *, cp: str | None = None,
         timeout: float = DEFAULT_TIMEOUT) -> Path:
    """A new TDB2 database at ``location`` holding the quads of ``nquads``."""
    if location.exists() and any(location.iterdir()):
        raise JenaError(f"{location}: not empty (TDB2 loads into a new database)")
    _java("tdb2.tdbloader", ["--loc", str(location), str(nquads)], cp or classpath(), timeout)
    return location


class JenaEngine:
    """A TDB2 database queried by Jena's own ``tdb2.tdbquery`` over the union default graph.

    Each query is a JVM run (seconds of start-up): a conformance check, not a serving engine."""

    name = "jena"

    def __init__(self, location: Path, *, cp: str | None = None,
                 timeout: float = DEFAULT_TIMEOUT) -> None:
        self.location = location
        self.cp = cp or classpath()
        self.timeout = timeout

    def answer(self, text: str, where: Path | str) -> Answer:
        shape = query_shape(text, where)
        if shape.form not in ("SELECT", "ASK"):
            raise JenaError(f"{where}: the Jena check runs SELECT and ASK queries ({shape.form})")
        with tempfile.NamedTemporaryFile("w", suffix=".rq", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            out = _java("tdb2.tdbquery", [
                "--loc", str(self.location), "--set", "tdb:unionDefaultGraph=true",
                "--results=json", "--query", handle.name,
            ], self.cp, self.timeout)
        table = from_sparql_json(out, f"jena: {where}")
        if shape.form == "ASK":
            return Answer("ASK", boolean=bool(table.rows[0][0].toPython()))  # type: ignore[union-attr]
        return Answer("SELECT", table.columns, table.rows)


@dataclass
class Verdict:
    """One named query on both engines."""

    name: str
    embedded: ResultTable
    jena: ResultTable
    difference: Difference


def conformance(kg, location: Path, names: Iterable[str] | None = None,
                *, cp: str | None = None) -> list[Verdict]:  # noqa: ANN001 - KnowledgeGraph
    """Every named query (or those in ``names``) on the embedded engine and on Jena."""
    from multivector.resolve import Resolver

    jena = JenaEngine(location, cp=cp)
    embedded = kg.engine_for()
    chosen = list(names) if names is not None else list(kg.queries)
    verdicts = []
    for name in chosen:
        query: NamedQuery = kg.queries[name]
        here = run_query(query, engine=embedded, resolve=kg.resolver(embedded))
        there = run_query(query, engine=jena, resolve=Resolver(jena))
        verdicts.append(Verdict(name, here, there, compare(here, there)))
    return verdicts


def check(home: Path | None = None, work: Path | None = None) -> int:
    """``make jena-check``: export the project's graph, load it into TDB2, compare every named
    query; prints one line per query, returns 0 (all equal), 1 (differences) or 2 (cannot run)."""
    from multivector.api import KnowledgeGraph
    from multivector.cli._common import read_origin
    from multivector.export import export_file

    try:
        cp = classpath()
        kg = KnowledgeGraph.load(read_origin(home))
        with tempfile.TemporaryDirectory(prefix="multivector-jena-", dir=work) as scratch:
            nquads = export_file(kg.dataset, Path(scratch) / "multivector.nq")
            location = load(nquads, Path(scratch) / "tdb2", cp=cp)
            verdicts = conformance(kg, location, cp=cp)
    except MultivectorError as exc:
        print(f"jena-check: {exc}", file=sys.stderr)
        return 2
    differing = [v for v in verdicts if v.difference]
    for verdict in verdicts:
        if not verdict.difference:
            print(f"{verdict.name}: same ({len(verdict.embedded.rows)} rows)")
        else:
            d = verdict.difference
            print(f"{verdict.name}: DIFFERENT: {len(d.missing)} row(s) missing in Jena, "
                  f"{len(d.extra)} extra" + (" (columns differ)" if d.columns_differ else ""))
    print(f"jena-check: {len(verdicts) - len(differing)} of {len(verdicts)} named queries give "
          "the same rows on Apache Jena TDB2 and embedded")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(check())
