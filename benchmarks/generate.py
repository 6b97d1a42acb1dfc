"""Scale generator: synthetic graphs with the shipped graph's shape, at any size.

Why this module exists: benchmark figures mean something only on data that looks like the real
graph — the same classes, the same statement kinds, the same ratio of memberships to stances to
evidence, and the same constraints. So the generator does not invent a schema: it *replicates*
the shipped graph.

* Replica 0 is the shipped graph itself (ontology, reference data, the five encoded sources).
* Replica ``r >= 1`` is a renamed copy of the reference data and the sources: every ``id:`` IRI
  gets a ``-r<r>`` suffix (``id:Kazakhstan-r7``, ``id:membership/…-r7``), English labels get
  `` #<r>``, and each source gets a new identifier, a new document IRI, new evidence IRIs and a
  *synthetic document text* (filler with every quote written at its offsets, so that
  ``text[start:end] == exact`` holds and ``mv:sha256`` is the text's real hash). Organizations
  (``mv:InternationalOrganization``, ``mv:OrganizationalUnit``) and reference sources are *shared*:
  replica states join the real CSTO, SCO, … with the real dates, so the competency queries with
  their default parameters have real work to do at every size.
* The ontology graph is never copied.

Units (the ontology, the reference graph, one source graph) are added in order until the target
size is reached, so a "10k" graph is the ontology, the reference data and two sources.

Injected violations, per replica (each one a single, known SHACL result; counted in the
manifest, and the runner asserts both validators report exactly these violations):

* a membership whose ``mv:endDate`` is set 400 days before its ``mv:startDate``
  (``mvsh:MembershipDateOrderShape``, ``sh:SPARQLConstraintComponent``);
* a stance whose ``mv:position`` is removed (``mvsh:StanceShape [mv:position]``,
  ``sh:MinCountConstraintComponent``);
* an evidence position whose ``oa:end`` is moved one character (``mvsh:EvidenceSpanShape``,
  ``sh:SPARQLConstraintComponent``).

Impossible dates ("1955-02-30") are *not* injected: no parser in the pipeline lets them through.
Output: ``graph.nq`` (N-Quads), ``manifest.json`` and ``corpus/<id>.txt``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

ID = "https://w3id.org/multivector/id/"
WIKIDATA = "http://www.wikidata.org/entity/"
MV = "https://w3id.org/multivector/ontology#"
ORG = "http://www.w3.org/ns/org#"
OA = "http://www.w3.org/ns/oa#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
DCTERMS_IDENTIFIER = "http://purl.org/dc/terms/identifier"
GRAPH_ONTOLOGY = ID + "graph/ontology"
GRAPH_REFERENCE = ID + "graph/reference"
_SOURCE_PART = re.compile(r"^(document|source|evidence)/(\d{3}_[0-9a-f]{16})(.*)$")
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
SEED = 20170622

VIOLATION_DATE_ORDER = ("mvsh:MembershipDateOrderShape", "sh:SPARQLConstraintComponent")
VIOLATION_NO_POSITION = ("mvsh:StanceShape [mv:position]", "sh:MinCountConstraintComponent")
VIOLATION_SPAN = ("mvsh:EvidenceSpanShape", "sh:SPARQLConstraintComponent")

_FILLER = (
    "the ministry said that cooperation within the framework of the organization would continue "
    "while analysts noted the balance between partners in the region and the wider world "
).split()


def parse_size(text: str) -> int:
    """``10k`` / ``100k`` / ``1M`` / ``250000`` -> number of triples; ValueError names it."""
    value = text.strip()
    if value in SIZES:
        return SIZES[value]
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([kKmM]?)", value)
    if not match:
        raise ValueError(f"--sizes: cannot read size {text!r} (use e.g. 10k, 100k, 1M)")
    number = float(match.group(1)) * {"": 1, "k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6}[
        match.group(2)
    ]
    if number < 1000:
        raise ValueError(f"--sizes: size {text!r} is below 1000 triples")
    return int(number)


def size_label(n: int) -> str:
    for label, value in SIZES.items():
        if value == n:
            return label
    return str(n)


@dataclass
class Base:
    """The shipped graph, split into units (graph IRI -> quads)."""

    ontology: list[ox.Quad]
    reference: list[ox.Quad]
    sources: dict[str, list[ox.Quad]]  # source id -> quads of id:source/<id>
    shared: frozenset[str]

    @property
    def source_ids(self) -> list[str]:
        return sorted(self.sources)


def load_base(home: Path) -> Base:
    """Load the project (its strict loader) and split it into ontology, reference and sources."""
    from rdflib import BNode, Graph
    from rdflib.compare import to_canonical_graph

    from multivector.loading import iter_quads, load
    from multivector.queries import internal_query
    from multivector.terms import to_ox

    loaded = load(home)
    by_graph: dict[str, Graph] = {}
    for s, p, o, g in iter_quads(loaded.dataset):
        by_graph.setdefault(str(g), Graph()).add((s, p, o))
    per_graph: dict[str, list[ox.Quad]] = defaultdict(list)
    for name, graph in by_graph.items():
        # blank nodes (OWL lists, restrictions) get stable labels: same seed, same bytes
        canonical = to_canonical_graph(graph) if any(
            isinstance(t, BNode) for triple in graph for t in triple
        ) else graph
        graph_name = ox.NamedNode(name)
        for s, p, o in canonical:
            per_graph[name].append(ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph_name))  # type: ignore[arg-type]
    for quads in per_graph.values():
        quads.sort(key=str)
    store = ox.Store()
    store.extend(q for quads in per_graph.values() for q in quads)
    shared_query = internal_query("benchmarks/shared-entities").text  # the shared classes
    shared = {
        row["x"].value
        for row in store.query(shared_query, use_default_graph_as_union=True)  # type: ignore[union-attr]
        if isinstance(row["x"], ox.NamedNode)
    }
    for quads in per_graph.values():
        for quad in quads:
            if isinstance(quad.subject, ox.NamedNode) and quad.subject.value.startswith(
                ID + "refsource/"
            ):
                shared.add(quad.subject.value)
    sources = {
        name[len(ID + "source/"):]: quads
        for name, quads in per_graph.items()
        if name.startswith(ID + "source/")
    }
    return Base(
        ontology=per_graph[GRAPH_ONTOLOGY],
        reference=per_graph[GRAPH_REFERENCE],
        sources=sources,
        shared=frozenset(shared),
    )


@dataclass
class Replica:
    """Renames the shipped graph's IRIs for replica ``r``."""

    r: int
    source_ids: dict[str, str]
    shared: frozenset[str]
    _cache: dict[str, ox.NamedNode] = field(default_factory=dict)

    def iri(self, node: ox.NamedNode) -> ox.NamedNode:
        value = node.value
        if self.r and value.startswith(WIKIDATA):
            # Each replica entity gets its own (synthetic) item: were all 78 copies of
            # Kazakhstan linked to Q232, skos:exactMatch (symmetric, transitive) would join them
            # into one clique of 78² triples per entity — quadratic growth the real graph does
            # not have, and a QC violation (one Wikidata item on two entities) besides.
            # A fixed-width suffix keeps the renaming one-to-one and the IRI a valid item IRI.
            return ox.NamedNode(f"{value}9{self.r:04d}")
        if self.r == 0 or not value.startswith(ID) or value in self.shared:
            return node
        cached = self._cache.get(value)
        if cached is not None:
            return cached
        local = value[len(ID):]
        match = _SOURCE_PART.match(local)
        if match:
            kind, source, rest = match.groups()
            new = f"{ID}{kind}/{self.source_ids.get(source, source)}{rest}"
        else:
            new = f"{value}-r{self.r}"
        renamed = ox.NamedNode(new)
        self._cache[value] = renamed
        return renamed

    def term(self, term: object, predicate: str) -> object:
        if isinstance(term, ox.NamedNode):
            return self.iri(term)
        if self.r and isinstance(term, ox.Literal):
            if predicate == RDFS_LABEL and (term.language or "").startswith("en"):
                return ox.Literal(f"{term.value} #{self.r}", language=term.language)
            if predicate == DCTERMS_IDENTIFIER and term.value in self.source_ids:
                return ox.Literal(self.source_ids[term.value])
        return term


def fingerprint(repo: Path) -> str:
    """A digest of what a generated graph depends on — this generator's code and the project's
    graph files — so that a cached graph is regenerated when either changes."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for folder in ("ontology", "data"):
        for path in sorted((repo / folder).rglob("*")):
            if path.suffix in {".ttl", ".trig"}:
                digest.update(path.relative_to(repo).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def new_source_id(r: int, index: int, source: str) -> str:
    digest = hashlib.sha256(f"{SEED}-{r}-{source}".encode()).hexdigest()[:16]
    return f"{(5 * r + index) % 1000:03d}_{digest}"


def clone(quads: Iterable[ox.Quad], replica: Replica, skip: frozenset[str]) -> Iterator[ox.Quad]:
    """``quads`` renamed for ``replica``; subjects in ``skip`` (shared, or duplicates) dropped."""
    for quad in quads:
        subject = quad.subject
        if replica.r and isinstance(subject, ox.NamedNode) and subject.value in skip:
            continue
        predicate = quad.predicate.value
        yield ox.Quad(
            replica.term(subject, predicate),  # type: ignore[arg-type]
            quad.predicate,
            replica.term(quad.object, predicate),  # type: ignore[arg-type]
            replica.iri(quad.graph_name),  # type: ignore[arg-type]
        )


def _not_clonable(base: Base) -> frozenset[str]:
    """Subjects a replica must not copy: shared entities, and statements only about them
    (a membership of a shared organization in a shared organization would overlap itself)."""
    skip = set(base.shared)
    by_subject: dict[str, dict[str, list[object]]] = defaultdict(lambda: defaultdict(list))
    for quad in [*base.reference, *(q for qs in base.sources.values() for q in qs)]:
        if isinstance(quad.subject, ox.NamedNode):
            by_subject[quad.subject.value][quad.predicate.value].append(quad.object)
    for subject, props in by_subject.items():
        types = {t.value for t in props.get(RDF_TYPE, []) if isinstance(t, ox.NamedNode)}
        if ORG + "ChangeEvent" in types:
            skip.add(subject)
        members = [m for m in props.get(ORG + "member", []) if isinstance(m, ox.NamedNode)]
        if members and all(m.value in base.shared for m in members):
            skip.add(subject)
    return frozenset(skip)


def synthetic_text(quotes: list[tuple[int, int, str]], rng: random.Random) -> str:
    """Filler text with every quote at its offsets (``text[start:end] == exact``)."""
    length = max((end for _s, end, _q in quotes), default=0) + 200
    words: list[str] = []
    size = 0
    while size < length:
        word = rng.choice(_FILLER)
        words.append(word)
        size += len(word) + 1
    chars = list(" ".join(words)[:length])
    for start, end, exact in sorted(quotes):
        if end - start == len(exact):
            chars[start:end] = exact
    return "".join(chars)


def _quotes_by_document(quads: Iterable[ox.Quad]) -> dict[str, list[tuple[int, int, str]]]:
    exact: dict[str, str] = {}
    start: dict[str, int] = {}
    end: dict[str, int] = {}
    for quad in quads:
        subject = quad.subject.value if isinstance(quad.subject, ox.NamedNode) else ""
        predicate = quad.predicate.value
        if predicate == OA + "exact":
            exact[subject.removesuffix("/quote")] = quad.object.value  # type: ignore[union-attr]
        elif predicate == OA + "start":
            start[subject.removesuffix("/position")] = int(quad.object.value)  # type: ignore[union-attr]
        elif predicate == OA + "end":
            end[subject.removesuffix("/position")] = int(quad.object.value)  # type: ignore[union-attr]
    found: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for evidence, text in exact.items():
        if evidence in start and evidence in end:
            source = evidence[len(ID + "evidence/"):].split("/", 1)[0]
            found[source].append((start[evidence], end[evidence], text))
    return found


@dataclass
class Injected:
    focus: str
    shape: str
    component: str

    def as_list(self) -> list[str]:
        return [self.focus, self.shape, self.component]


def inject(quads: list[ox.Quad], rng: random.Random) -> tuple[list[ox.Quad], list[Injected]]:
    """Apply the three known violations to one replica's quads (in place of the originals)."""
    by_subject: dict[str, list[int]] = defaultdict(list)
    for index, quad in enumerate(quads):
        if isinstance(quad.subject, ox.NamedNode):
            by_subject[quad.subject.value].append(index)

    def values(subject: str, predicate: str) -> list[int]:
        return [i for i in by_subject[subject] if quads[i].predicate.value == predicate]

    def typed(cls: str) -> list[str]:
        return sorted(
            s for s, idx in by_subject.items()
            if any(quads[i].predicate.value == RDF_TYPE and quads[i].object == ox.NamedNode(cls)
                   for i in idx)
        )

    injected: list[Injected] = []
    drop: set[int] = set()
    replace: dict[int, ox.Quad] = {}
    memberships = [
        m for m in typed(MV + "Membership")
        if len(values(m, MV + "startDate")) == 1 and len(values(m, MV + "endDate")) == 1
    ]
    if memberships:
        m = rng.choice(memberships)
        start = dt.date.fromisoformat(quads[values(m, MV + "startDate")[0]].object.value)  # type: ignore[union-attr]
        for i in values(m, MV + "endDate"):
            old = quads[i]
            early = ox.Literal((start - dt.timedelta(days=400)).isoformat(),
                               datatype=ox.NamedNode(XSD_DATE))
            replace[i] = ox.Quad(old.subject, old.predicate, early, old.graph_name)
        injected.append(Injected(m, *VIOLATION_DATE_ORDER))
    stances = [
        s for s in typed(MV + "Stance")
        if len({quads[i].object for i in values(s, MV + "position")}) == 1
    ]
    if stances:
        s = rng.choice(stances)
        drop.update(values(s, MV + "position"))
        injected.append(Injected(s, *VIOLATION_NO_POSITION))
    positions = sorted(
        s for s in by_subject if s.endswith("/position") and len(values(s, OA + "end")) == 1
    )
    if positions:
        p = rng.choice(positions)
        targets = {s for s in by_subject if s == p.removesuffix("/position") + "/target"}
        # the same position may be asserted in several graphs: move every copy
        for i in values(p, OA + "end"):
            old = quads[i]
            moved = ox.Literal(str(int(old.object.value) + 1), datatype=old.object.datatype)  # type: ignore[union-attr]
            replace[i] = ox.Quad(old.subject, old.predicate, moved, old.graph_name)
        for target in sorted(targets):
            injected.append(Injected(target, *VIOLATION_SPAN))
    out = [replace.get(i, q) for i, q in enumerate(quads) if i not in drop]
    return out, injected


def generate(target: int, out: Path, home: Path, *, seed: int = SEED,
             violations: bool = True) -> dict[str, object]:
    """Write ``graph.nq``, ``manifest.json`` and ``corpus/`` for a graph of about ``target``
    triples into ``out``; returns the manifest. ``violations=False``: a graph ``multivector
    build`` publishes, for the CLI build figures — no injected violations, and whole replicas
    only (a replica cut off after its reference data leaves documents it names undescribed), so
    the size is rounded up to the next replica."""
    rng = random.Random(seed)
    base = load_base(home)
    skip = _not_clonable(base)
    out.mkdir(parents=True, exist_ok=True)
    corpus = out / "corpus"
    corpus.mkdir(exist_ok=True)
    total = len(base.ontology)
    replicas: list[list[ox.Quad]] = []
    r = 0
    done = False
    while not done:
        ids = {src: new_source_id(r, i, src) for i, src in enumerate(base.source_ids)}
        replica = Replica(r, ids if r else {}, base.shared)
        quads: list[ox.Quad] = []
        units = [base.reference] + [base.sources[src] for src in base.source_ids]
        for unit in units:
            if total >= target and violations:
                done = True
                break
            cloned = list(clone(unit, replica, skip))
            quads.extend(cloned)
            total += len(cloned)
        done = done or total >= target  # without violations: whole replicas only
        if quads:
            replicas.append(quads)
        r += 1
    injected: list[Injected] = []
    all_quads: list[ox.Quad] = list(base.ontology)
    documents: dict[str, str] = {}
    for r, quads in enumerate(replicas):
        if violations:
            quads, found = inject(quads, rng)
            injected.extend(found)
        if r:
            quads = _with_synthetic_documents(quads, rng, corpus, documents)
        all_quads.extend(quads)
    graph_path = out / "graph.nq"
    with graph_path.open("wb") as handle:
        ox.serialize(all_quads, handle, format=ox.RdfFormat.N_QUADS)
    manifest: dict[str, object] = {
        "target": target,
        "fingerprint": fingerprint(home),
        "triples": len(all_quads),
        "replicas": len(replicas),
        "seed": seed,
        "graphs": len({q.graph_name for q in all_quads}),
        "documents": len(documents),
        "injected": sorted(i.as_list() for i in injected),
        "injected_counts": {
            shape: sum(1 for i in injected if i.shape == shape)
            for shape in sorted({i.shape for i in injected})
        },
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def _with_synthetic_documents(
    quads: list[ox.Quad], rng: random.Random, corpus: Path, documents: dict[str, str]
) -> list[ox.Quad]:
    """Write a text for each document of the replica and put its real SHA-256 in the graph."""
    sha_for: dict[str, str] = {}
    for source, quotes in sorted(_quotes_by_document(quads).items()):
        text = synthetic_text(quotes, rng)
        (corpus / f"{source}.txt").write_text(text, encoding="utf-8")
        sha_for[ID + "document/" + source] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        documents[source] = sha_for[ID + "document/" + source]
    sha_predicate = MV + "sha256"
    out = []
    for quad in quads:
        if quad.predicate.value == sha_predicate and quad.subject.value in sha_for:  # type: ignore[union-attr]
            quad = ox.Quad(quad.subject, quad.predicate,
                           ox.Literal(sha_for[quad.subject.value]), quad.graph_name)  # type: ignore[union-attr]
        out.append(quad)
    return out
