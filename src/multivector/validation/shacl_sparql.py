"""SHACL shapes compiled to SPARQL SELECTs, so that validation runs on the Store holding the graph.

Why this module exists: at a million triples pyshacl-turbo spends most of its time ingesting the
union again (1.3 M triples into its own engine on every call) before it checks anything, and
validation cost about 9x loading the same triples (``docs/benchmarks.md``). The build already holds
the union in a pyoxigraph Store (``multivector.querystore``, for the QC queries), so each shape's
constraints are translated into one SELECT per constraint that Oxigraph answers over that Store:
the focus nodes (the shape's targets), the value nodes (its path) and the condition, returning
the (focus, value) pairs that violate it. No library does this translation for Oxigraph (pySHACL
and pyshacl-turbo evaluate shapes over their own graph; Jena's SHACL is Java and reads the data
again), hence this module; ``tests/test_shacl_sparql.py`` checks that the results equal pySHACL's
on every shape case under ``tests/fixtures/shapes/`` and on the shipped graph, and the benchmark
on the generated graphs (``docs/benchmarks.md``). The queries are generated from the shapes, not
written by hand, so they are not ``.rq`` files.

What is covered: the targets (``sh:targetClass`` and implicit class targets, ``sh:targetNode``,
``sh:targetSubjectsOf``, ``sh:targetObjectsOf``); every SHACL path form; the SHACL Core components
``class``, ``datatype``, ``nodeKind``, ``minCount``, ``maxCount``, ``minLength``, ``maxLength``,
``pattern``, ``languageIn``, ``uniqueLang``, ``in``, ``hasValue``, the four value ranges,
``node``, ``property``, ``and``, ``or``, ``not``, ``xone``, ``qualifiedValueShape`` (not
disjoint), ``equals``, ``disjoint``, ``lessThan``, ``lessThanOrEquals``; and SHACL-SPARQL
``sh:sparql`` SELECT constraints on shapes with targets. Anything else (``sh:closed``, SPARQL
constraints inside a shape used through ``sh:node``/``sh:or``, custom constraint components,
disjoint qualified shapes, counts above :data:`.shacl_sparql_text.MAX_COUNT`) raises
:class:`Unsupported` naming the shape, and the caller validates with pyshacl-turbo instead —
never a silent skip. The SPARQL text pieces are in :mod:`.shacl_sparql_text`.

Two differences of the Store from an RDF graph are handled here:

* Oxigraph stores ``xsd:nonNegativeInteger`` and the other types derived from ``xsd:integer`` as
  ``xsd:integer``. A ``sh:datatype`` constraint with a type of that family cannot be decided on
  the Store; it becomes a :class:`DatatypeScan` that the runner decides on the parser's quads
  (which keep the written type), and only the violating values' focus nodes are looked up in the
  Store. Such a constraint must be on a property shape with a single-predicate path and targets
  of its own parent; elsewhere it is :class:`Unsupported`.
* Literals read back from the Store are in canonical lexical form (``"05"^^xsd:integer`` comes
  back ``"5"``); a reported value is the Store's form.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from multivector.namespaces import SH
from multivector.validation import shacl_sparql_text as tx
from multivector.validation.shacl_sparql_text import Unsupported

#: ``sh:datatype`` values the Store cannot check (it folds them into xsd:integer).
INTEGER_FAMILY: frozenset[URIRef] = frozenset(
    XSD[name] for name in (
        "integer", "nonPositiveInteger", "negativeInteger", "long", "int", "short", "byte",
        "nonNegativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
        "positiveInteger",
    )
)

#: ``sh:datatype`` values whose lexical form the check also verifies, as pySHACL does (rdflib
#: marks other literals ill-typed only for the integer family, handled by :class:`DatatypeScan`);
#: the cast fails on an ill-formed lexical form.
_CHECKED_LEXICAL: frozenset[URIRef] = frozenset(
    XSD[name] for name in ("decimal", "float", "double", "boolean", "date", "time", "dateTime")
)

_KNOWN_SHAPE_KEYS: frozenset[URIRef] = frozenset(
    SH[name] for name in (
        "class", "datatype", "nodeKind", "minCount", "maxCount", "minLength", "maxLength",
        "pattern", "flags", "languageIn", "uniqueLang", "in", "hasValue", "minInclusive",
        "maxInclusive", "minExclusive", "maxExclusive", "node", "property", "and", "or", "not",
        "xone", "qualifiedValueShape", "qualifiedMinCount", "qualifiedMaxCount",
        "qualifiedValueShapesDisjoint", "equals", "disjoint", "lessThan", "lessThanOrEquals",
        "sparql", "path", "targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf",
        "message", "severity", "deactivated", "name", "description", "order", "group",
        "defaultValue", "closed", "ignoredProperties",
    )
)


@dataclass(frozen=True)
class Check:
    """One constraint of one shape as a SELECT over the Store's default graph (the union).

    Rows bind ``?this`` (the focus node) and, when ``has_value``, ``?value``; a SPARQL
    constraint's rows may bind more variables, used in its message."""

    shape: Node
    component: URIRef
    severity: URIRef
    path: Node | None
    messages: tuple[Literal, ...]
    query: str
    has_value: bool
    target: int  # the index of its target pattern in Plan.targets
    constraint: Node | None = None  # sh:sourceConstraint (SPARQL constraints)
    templated: bool = False  # messages take {?var} / {$var} from the row


@dataclass(frozen=True)
class DatatypeScan:
    """A ``sh:datatype`` of the integer family on ``predicate``: decided on the parser's quads
    (every ``?s predicate ?o`` whose object is not a well-formed literal of ``datatype``), then
    the subjects that are focus nodes of the shape (its ``target``) are kept."""

    shape: Node
    severity: URIRef
    path: Node
    predicate: URIRef
    datatype: URIRef
    messages: tuple[Literal, ...]
    target: int


@dataclass
class Plan:
    """The checks, the datatype scans, and the distinct target patterns they share: the runner
    evaluates each target once into a focus set (:data:`FOCUS` in a query is the focus set of
    the check's ``target``), and fills in each :data:`SUBCLASSES` marker."""

    checks: list[Check] = field(default_factory=list)
    scans: list[DatatypeScan] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)

    def target_index(self, pattern: str) -> int:
        if pattern not in self.targets:
            self.targets.append(pattern)
        return self.targets.index(pattern)


#: In a query: the pattern binding ``?this`` to each node of the check's focus set.
FOCUS = "__FOCUS__"
#: ``__SUBCLASSES_OF <C>__`` / ``__SUBCLASSES_IN <C>__`` in a query: the terms of C's subclass
#: closure in the data (``rdfs:subClassOf*``, C included), written by the runner as a VALUES
#: list (space-separated) / an IN list (comma-separated).
SUBCLASSES = re.compile(r"__SUBCLASSES_(OF|IN) (<[^>]*>)__")


def compile_shapes(shapes: Graph) -> Plan:
    """Every shape with targets, as checks; :class:`Unsupported` for what is not translated."""
    return _Compiler(shapes).plan()


# -- terms and text ---------------------------------------------------------------------------

# -- the compiler ------------------------------------------------------------------------------


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.vars = tx.Vars()

    # shapes and their parameters

    def _one(self, shape: Node, key: URIRef) -> Node | None:
        values = list(self.g.objects(shape, key))
        if len(values) > 1:
            raise Unsupported(f"{tx.name(shape)}: more than one {key.n3()}")
        return values[0] if values else None

    def _list(self, shape: Node, key: URIRef) -> list[list[Node]]:
        return [list(Collection(self.g, head)) for head in self.g.objects(shape, key)]

    def _deactivated(self, shape: Node) -> bool:
        return self.g.value(shape, SH.deactivated) == Literal(True)

    def _severity(self, shape: Node) -> URIRef:
        severity = self.g.value(shape, SH.severity)
        return severity if isinstance(severity, URIRef) else SH.Violation

    def _messages(self, shape: Node) -> tuple[Literal, ...]:
        return tuple(m for m in self.g.objects(shape, SH.message) if isinstance(m, Literal))

    def _check_keys(self, shape: Node) -> None:
        if self.g.value(shape, SH.closed) == Literal(True):
            raise Unsupported(f"{tx.name(shape)}: sh:closed")
        for key in set(self.g.predicates(shape, None)):
            if key.startswith(str(SH)) and key not in _KNOWN_SHAPE_KEYS:
                raise Unsupported(f"{tx.name(shape)}: {key.n3()}")

    # the whole plan

    def plan(self) -> Plan:
        plan = Plan()
        custom = set(self.g.subjects(RDF.type, SH.ConstraintComponent))
        if custom:
            raise Unsupported(f"custom constraint component {tx.name(next(iter(custom)))}")
        for shape in sorted(self._targeted(), key=str):
            if self._deactivated(shape):
                continue
            target = plan.target_index(self._target(shape))
            self._top_level(shape, target, plan)
        return plan

    def _targeted(self) -> set[Node]:
        """Shapes with a target: an explicit one, or an implicit class target (a shape that is
        also an ``rdfs:Class``)."""
        found: set[Node] = set()
        for key in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            found.update(self.g.subjects(key, None))
        shapes = set(self.g.subjects(RDF.type, SH.NodeShape)) | set(
            self.g.subjects(RDF.type, SH.PropertyShape))
        found.update(s for s in shapes if self._is_class(s))
        return found

    def _is_class(self, shape: Node) -> bool:
        """An implicit class target, as pySHACL reads it: the shape is typed ``rdfs:Class`` or
        a class the shapes graph declares a subclass of ``rdfs:Class`` (``owl:Class``)."""
        kinds = {RDFS.Class, *self.g.subjects(RDFS.subClassOf, RDFS.Class)}
        return any(t in kinds for t in self.g.objects(shape, RDF.type))

    def _target(self, shape: Node) -> str:
        """A group pattern binding ``?this`` to each focus node (UNION of the targets)."""
        parts: list[str] = []
        classes = list(self.g.objects(shape, SH.targetClass))
        if self._is_class(shape):
            classes.append(shape)
        local = tx.Vars()  # the same targets read the same: shapes share their focus set
        for cls in sorted(classes, key=str):
            parts.append(tx.instance("?this", cls, local))
        nodes = list(self.g.objects(shape, SH.targetNode))
        if nodes:
            parts.append("VALUES ?this { " + " ".join(tx.term(n) for n in nodes) + " }")
        for predicate in sorted(self.g.objects(shape, SH.targetSubjectsOf), key=str):
            parts.append(f"?this {tx.term(predicate)} ?_ts .")
        for predicate in sorted(self.g.objects(shape, SH.targetObjectsOf), key=str):
            parts.append(f"?_to {tx.term(predicate)} ?this .")
        if len(parts) == 1:
            return parts[0]
        return " UNION ".join("{ " + p + " }" for p in parts)

    def _top_level(self, shape: Node, target: int, plan: Plan) -> None:
        """The checks of ``shape`` (and of its ``sh:property`` shapes) for the given targets
        (``_constraints`` checks the shape's keys)."""
        path = self.g.value(shape, SH.path)
        for component, pattern, has_value in self._constraints(shape, "?this", top=True):
            if component == _SCAN:
                plan.scans.append(self._scan(shape, pattern, target))
                continue
            if component == SH.SPARQLConstraintComponent:
                plan.checks.append(self._sparql_check(shape, pattern, target, path))
                continue
            value = " ?value" if has_value else ""
            query = f"SELECT DISTINCT ?this{value} WHERE {{ {FOCUS} {pattern} }}"
            if component == SH.UniqueLangConstraintComponent:
                query = f"SELECT DISTINCT ?this ?_lang WHERE {{ {FOCUS} {pattern} }}"
            plan.checks.append(Check(shape, component, self._severity(shape), path,
                                     self._messages(shape), query, has_value, target))
        for child in self.g.objects(shape, SH.property):
            if not self._deactivated(child):
                self._top_level(child, target, plan)

    # constraints of one shape: (component, violation pattern, reports a value)

    def _constraints(self, shape: Node, focus: str, top: bool = False
                     ) -> Iterator[tuple[URIRef, str, bool]]:
        """The constraints of ``shape`` itself (not of its ``sh:property`` children), each as a
        group pattern that has a solution for every violation at ``focus``; value-based ones
        bind ``?value`` when ``top`` (otherwise a fresh variable)."""
        self._check_keys(shape)
        g = self.g
        path_node = g.value(shape, SH.path)
        path = tx.path(g, path_node) if path_node is not None else None
        value = "?value" if top else self.vars.new()
        # the value nodes: the focus itself for a node shape, its path's objects otherwise
        values = f"{focus} {path} {value} ." if path else f"BIND({focus} AS {value})"

        for component, condition in self._value_tests(shape, value, top, path_node):
            if component == _SCAN:  # decided on the parsed quads, not on the Store
                yield component, condition, True
            else:
                yield component, f"{values} {condition}", True
        if g.value(shape, SH.uniqueLang) == Literal(True):
            if not path:
                raise Unsupported(f"{tx.name(shape)}: sh:uniqueLang on a node shape")
            a, b = self.vars.new(), self.vars.new()
            lang = "?_lang" if top else self.vars.new()
            yield SH.UniqueLangConstraintComponent, (
                f"{focus} {path} {a} . {focus} {path} {b} . "
                f"FILTER(!sameTerm({a}, {b}) && lang({a}) != \"\" "
                f"&& LCASE(lang({a})) = LCASE(lang({b}))) BIND(LCASE(lang({a})) AS {lang})"
            ), False
        for constant in g.objects(shape, SH.hasValue):
            if path:
                yield SH.HasValueConstraintComponent, (
                    f"FILTER NOT EXISTS {{ {focus} {path} {tx.term(constant)} }}"), False
            else:
                yield SH.HasValueConstraintComponent, (
                    f"FILTER(!sameTerm({focus}, {tx.term(constant)}))"), False
        if path:
            yield from self._counts(shape, focus, path)
            yield from self._pairs(shape, focus, path, value)
        elif any(g.value(shape, k) is not None
                 for k in (SH.minCount, SH.maxCount, SH.qualifiedValueShape, SH.equals,
                           SH.disjoint, SH.lessThan, SH.lessThanOrEquals)):
            raise Unsupported(f"{tx.name(shape)}: a count or property pair on a node shape")
        for constraint in g.objects(shape, SH.sparql):
            if not top:
                raise Unsupported(f"{tx.name(shape)}: a SPARQL constraint in a shape used "
                                  "through sh:node, sh:or, sh:and, sh:not or sh:xone")
            if self._deactivated(constraint):
                continue
            yield SH.SPARQLConstraintComponent, constraint, True  # type: ignore[misc]

    def _value_tests(self, shape: Node, value: str, top: bool, path_node: Node | None
                     ) -> Iterator[tuple[URIRef, str]]:
        """(component, FILTER failing for a value node ``value``) of each value-based
        constraint of ``shape``: on the term itself, then on other shapes (logic)."""
        g = self.g
        for cls in g.objects(shape, SH["class"]):
            yield SH.ClassConstraintComponent, (
                f"FILTER NOT EXISTS {{ {tx.is_instance(value, cls, self.vars)} }}")
        for datatype in g.objects(shape, SH.datatype):
            if datatype in INTEGER_FAMILY:
                if not (top and isinstance(path_node, URIRef)):
                    raise Unsupported(f"{tx.name(shape)}: sh:datatype {datatype.n3()} (the Store "
                                      "folds it into xsd:integer) outside a single-predicate "
                                      "property shape with targets")
                yield _SCAN, tx.term(datatype)
                continue
            ok = f"isLiteral({value}) && datatype({value}) = {tx.term(datatype)}"
            if datatype in _CHECKED_LEXICAL:
                ok += f" && COALESCE(isLiteral({tx.term(datatype)}({value})), false)"
            yield SH.DatatypeConstraintComponent, (f"FILTER(!({ok}))")
        for kind in g.objects(shape, SH.nodeKind):
            yield SH.NodeKindConstraintComponent, (
                f"FILTER(!({tx.node_kind(kind, value)}))")
        for constant in g.objects(shape, SH.minLength):
            yield SH.MinLengthConstraintComponent, (
                f"FILTER(isBlank({value}) || !(STRLEN(STR({value})) >= {int(constant)}))")
        for constant in g.objects(shape, SH.maxLength):
            yield SH.MaxLengthConstraintComponent, (
                f"FILTER(isBlank({value}) || !(STRLEN(STR({value})) <= {int(constant)}))")
        for pattern in g.objects(shape, SH.pattern):
            flags = g.value(shape, SH.flags)
            regex = f"REGEX(STR({value}), {tx.string(str(pattern))}"
            regex += f", {tx.string(str(flags))})" if flags is not None else ")"
            yield SH.PatternConstraintComponent, (
                f"FILTER(isBlank({value}) || !{regex})")
        for tags in self._list(shape, SH.languageIn):
            test = " || ".join(f"langMatches(lang({value}), {tx.string(str(t))})" for t in tags)
            yield SH.LanguageInConstraintComponent, (
                f"FILTER(!(isLiteral({value}) && ({test or 'false'})))")
        for members in self._list(shape, SH["in"]):
            test = " || ".join(f"sameTerm({value}, {tx.term(m)})" for m in members)
            yield SH.InConstraintComponent, (f"FILTER(!({test or 'false'}))")
        for name, op in (("minInclusive", ">="), ("maxInclusive", "<="),
                         ("minExclusive", ">"), ("maxExclusive", "<")):
            for constant in g.objects(shape, SH[name]):
                yield SH[name[0].upper() + name[1:] + "ConstraintComponent"], (
                    f"FILTER(!COALESCE({value} {op} {tx.term(constant)}, false))")
        yield from self._logic_tests(shape, value)

    def _logic_tests(self, shape: Node, value: str) -> Iterator[tuple[URIRef, str]]:
        """sh:node, sh:not, sh:and, sh:or, sh:xone: ``value`` against other shapes."""
        g = self.g
        for node in g.objects(shape, SH.node):
            yield SH.NodeConstraintComponent, (
                f"FILTER EXISTS {{ {self._violates(node, value)} }}")
        for node in g.objects(shape, SH["not"]):
            yield SH.NotConstraintComponent, (
                f"FILTER NOT EXISTS {{ {self._violates(node, value)} }}")
        for members in self._list(shape, SH["and"]):
            test = " || ".join(f"EXISTS {{ {self._violates(m, value)} }}" for m in members)
            yield SH.AndConstraintComponent, (f"FILTER({test or 'false'})")
        for members in self._list(shape, SH["or"]):
            test = " && ".join(f"EXISTS {{ {self._violates(m, value)} }}" for m in members)
            yield SH.OrConstraintComponent, (f"FILTER({test or 'true'})")
        for members in self._list(shape, SH.xone):
            count = " + ".join(f"IF(EXISTS {{ {self._violates(m, value)} }}, 0, 1)"
                               for m in members)
            yield SH.XoneConstraintComponent, (f"FILTER(({count or '0'}) != 1)")

    def _counts(self, shape: Node, focus: str, path: str) -> Iterator[tuple[URIRef, str, bool]]:
        g = self.g
        for constant in g.objects(shape, SH.minCount):
            n = tx.count(shape, constant)
            if n > 0:
                found = self._distinct_values(focus, path, n)
                yield SH.MinCountConstraintComponent, f"FILTER NOT EXISTS {{ {found} }}", False
        for constant in g.objects(shape, SH.maxCount):
            n = tx.count(shape, constant)
            yield SH.MaxCountConstraintComponent, self._distinct_values(focus, path, n + 1), False
        qualified = self._one(shape, SH.qualifiedValueShape)
        if qualified is None:
            return
        if g.value(shape, SH.qualifiedValueShapesDisjoint) == Literal(True):
            raise Unsupported(f"{tx.name(shape)}: sh:qualifiedValueShapesDisjoint")
        for key, component in ((SH.qualifiedMinCount, SH.QualifiedMinCountConstraintComponent),
                               (SH.qualifiedMaxCount, SH.QualifiedMaxCountConstraintComponent)):
            for constant in g.objects(shape, key):
                n = tx.count(shape, constant)
                if key == SH.qualifiedMinCount and n == 0:
                    continue
                need = n if key == SH.qualifiedMinCount else n + 1
                names = [self.vars.new() for _ in range(need)]
                conform = " ".join(
                    f"{focus} {path} {v} . FILTER NOT EXISTS {{ {self._violates(qualified, v)} }}"
                    for v in names)
                found = conform + tx.distinct(names)
                pattern = (f"FILTER NOT EXISTS {{ {found} }}" if key == SH.qualifiedMinCount
                           else found)
                yield component, pattern, False

    def _pairs(self, shape: Node, focus: str, path: str, value: str
               ) -> Iterator[tuple[URIRef, str, bool]]:
        """sh:equals, sh:disjoint, sh:lessThan, sh:lessThanOrEquals (values of the path against
        values of another predicate)."""
        g = self.g
        for other in g.objects(shape, SH.equals):
            yield SH.EqualsConstraintComponent, (
                f"{{ {focus} {path} {value} . "
                f"FILTER NOT EXISTS {{ {focus} {tx.term(other)} {value} }} }} UNION "
                f"{{ {focus} {tx.term(other)} {value} . "
                f"FILTER NOT EXISTS {{ {focus} {path} {value} }} }}"), True
        for other in g.objects(shape, SH.disjoint):
            yield SH.DisjointConstraintComponent, (
                f"{focus} {path} {value} . {focus} {tx.term(other)} {value} ."), True
        for key, op in ((SH.lessThan, "<"), (SH.lessThanOrEquals, "<=")):
            for other in g.objects(shape, key):
                o = self.vars.new()
                component = (SH.LessThanConstraintComponent if key == SH.lessThan
                             else SH.LessThanOrEqualsConstraintComponent)
                yield component, (
                    f"{focus} {path} {value} . {focus} {tx.term(other)} {o} . "
                    f"FILTER(!COALESCE({value} {op} {o}, false))"), True

    def _distinct_values(self, focus: str, path: str, n: int) -> str:
        names = [self.vars.new() for _ in range(n)]
        return " ".join(f"{focus} {path} {v} ." for v in names) + tx.distinct(names)

    def _violates(self, shape: Node, node: str) -> str:
        """A group pattern with a solution iff ``node`` does not conform to ``shape`` (its own
        constraints and those of its ``sh:property`` shapes)."""
        if self._deactivated(shape):
            return "FILTER(false)"
        parts = [pattern for _c, pattern, _v in self._constraints(shape, node)]
        for child in self.g.objects(shape, SH.property):
            if not self._deactivated(child):
                parts.append(self._violates(child, node))
        if not parts:
            return "FILTER(false)"
        return " UNION ".join("{ " + p + " }" for p in parts)

    # the two kinds of check that are not a plain pattern

    def _scan(self, shape: Node, datatype: str, target: int) -> DatatypeScan:
        path = self.g.value(shape, SH.path)
        assert isinstance(path, URIRef)  # checked by _constraints
        return DatatypeScan(shape, self._severity(shape), path, path, URIRef(datatype[1:-1]),
                            self._messages(shape), target)

    def _sparql_check(self, shape: Node, constraint: Node, target: int,
                      path: Node | None) -> Check:
        g = self.g
        select = g.value(constraint, SH.select)
        if select is None:
            raise Unsupported(f"{tx.name(shape)}: a SPARQL constraint without sh:select")
        prefixes = "".join(f"PREFIX {p}: <{n}>\n" for p, n in self._prefixes(constraint))
        text = str(select)
        if "$PATH" in text:
            if path is None:
                raise Unsupported(f"{tx.name(shape)}: $PATH in a node shape's SPARQL constraint")
            text = text.replace("$PATH", tx.path(g, path))
        from multivector.querylimits import sparql_tokens

        if {t.upper() for _o, kind, t in sparql_tokens(text) if kind == "word"} & {
                "VALUES", "MINUS", "SERVICE"}:
            raise Unsupported(f"{tx.name(shape)}: VALUES, MINUS or SERVICE in a SPARQL constraint "
                              "(SHACL forbids them with pre-bound $this)")
        if re.search(r"[?$](?:shapesGraph|currentShape)\b", text):
            raise Unsupported(f"{tx.name(shape)}: $shapesGraph or $currentShape in SPARQL")
        text = tx.with_focus(re.sub(r"\$this\b", "?this", text),
                           FOCUS, shape)
        messages = self._messages(shape) + self._messages(constraint)
        severity = self._severity(shape)
        return Check(shape, SH.SPARQLConstraintComponent, severity, path, messages,
                     prefixes + text, True, target, constraint=constraint, templated=True)

    def _prefixes(self, constraint: Node) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for source in self.g.objects(constraint, SH.prefixes):
            for declaration in self.g.objects(source, SH.declare):
                prefix = self.g.value(declaration, SH.prefix)
                namespace = self.g.value(declaration, SH.namespace)
                if prefix is not None and namespace is not None:
                    found.append((str(prefix), str(namespace)))
        return sorted(set(found))


_SCAN = URIRef("urn:multivector:datatype-scan")
