"""Readable pages, unit by unit: dates at their precision, sources cited by title, anonymous
authors named by their article, quotes in one pair of quotation marks, one row per membership."""

from __future__ import annotations

from rdflib import URIRef

from multivector.namespaces import ID, MVV
from multivector.site.dates import at_precision
from multivector.site.provenance import SourceInfo, byline, readable_labels, readable_text
from multivector.site.views import one_pair, quoted

DOC = URIRef(str(ID) + "document/000_aac4614664d625b9")
AUTHOR = URIRef(str(ID) + "UnnamedAuthor000_aac4614664d625b9")
RAMANI = URIRef(str(ID) + "SamuelRamani")
TITLE = "It is not our war"


def _info(anonymous: bool = True, author: URIRef | None = AUTHOR) -> SourceInfo:
    return SourceInfo(DOC, TITLE, author, anonymous, "2017-06-01", "June 2017")


def test_dates_at_their_precision() -> None:
    assert at_precision("2017-06-01", MVV.MonthPrecision) == "June 2017"
    assert at_precision("2003-01-01", MVV.YearPrecision) == "2003"
    assert at_precision("2021-11-12", MVV.DayPrecision) == "12 November 2021"
    assert at_precision("2021-11-12", None) == "12 November 2021"
    assert at_precision("sometime", MVV.YearPrecision) == "sometime"


def test_anonymous_author_is_the_author_of_the_title() -> None:
    sources = {DOC: _info()}
    labels = readable_labels(sources)
    assert labels[AUTHOR] == "the author of «It is not our war»"
    assert labels[DOC] == TITLE
    assert readable_labels({DOC: _info(anonymous=False, author=RAMANI)}) == {DOC: TITLE}


def test_source_ids_in_labels_become_titles() -> None:
    sources = {DOC: _info()}
    assert (
        readable_text("unnamed author of source 000_aac4614664d625b9", sources)
        == "the author of «It is not our war»"
    )
    assert (
        readable_text("The unnamed author of source 000_aac4614664d625b9, a Kazakh", sources)
        == "The author of «It is not our war», a Kazakh"
    )
    assert (
        readable_text("The unnamed author of the World Today News article 000_aac4614664d625b9"
                      " (2024)", sources)
        == "The author of «It is not our war» (2024)"
    )
    assert readable_text("автор источника 000_aac4614664d625b9", sources) == (
        "автор источника «It is not our war»"
    )
    assert readable_text("Kazakhstan", sources) == "Kazakhstan"


def test_byline_names_author_and_date() -> None:
    assert byline(_info(anonymous=False, author=RAMANI), "Samuel Ramani") == (
        "Samuel Ramani, June 2017"
    )
    assert byline(_info(), "the author of «It is not our war»") == "June 2017"


def test_quotes_get_one_pair_of_marks() -> None:
    assert one_pair('"It is not our war"') == "It is not our war"
    assert one_pair("“It is not our war”") == "It is not our war"
    assert one_pair("It is “our” war") == "It is “our” war"
    assert one_pair('"a" and "b"') == '"a" and "b"'
    assert one_pair('"unbalanced') == "unbalanced"


def _membership(name: str, source: str, as_of: str | None, start: str | None = None):
    from rdflib import Literal
    from rdflib.namespace import XSD

    from multivector.namespaces import MV, ORG
    from multivector.site.collect import Node_

    node = Node_(URIRef(str(ID) + f"membership/{name}"))
    node.types = node.all_types = {MV.Membership, MV.SourcedStatement}
    node.graphs = {URIRef(str(ID) + f"source/{source}")}
    node.props = [
        (ORG.member, URIRef(str(ID) + "Kazakhstan")),
        (ORG.organization, URIRef(str(ID) + "CSTO")),
        (ORG.role, MVV.Member),
    ]
    if as_of:
        node.props.append((MV.asOf, Literal(as_of, datatype=XSD.date)))
    if start:
        node.props.append((MV.startDate, Literal(start, datatype=XSD.date)))
    return node


def test_memberships_stated_by_several_sources_are_one_row() -> None:
    from multivector.namespaces import ORG
    from multivector.site.collect import Node_, SiteData
    from multivector.site.views import memberships

    kz = URIRef(str(ID) + "Kazakhstan")
    docs = {s: URIRef(str(ID) + f"document/{s}") for s in ("000_a", "001_b")}
    nodes = [
        _membership("000-KZ-CSTO", "000_a", "2017-06-01"),
        _membership("001-KZ-CSTO", "001_b", "2017-07-01"),
        _membership("KZ-CSTO-2002", "000_a", None, start="2002-10-07"),
    ]
    pages = {n.iri: n for n in nodes}
    pages.update({d: Node_(d) for d in docs.values()})
    sources = {
        d: SourceInfo(d, f"Title {s}", None, False, f"2017-0{i + 6}-01", "")
        for i, (s, d) in enumerate(sorted(docs.items()))
    }
    data = SiteData(
        nodes=pages, labels={}, mentioned_in={kz: [(n.iri, ORG.member) for n in nodes]},
        quotes_by_document={}, statements_of_annotation={}, referenced_by={}, quote_of={},
        schemes={}, ontology_terms=set(), subclass_of={}, sources=sources,
    )
    rows = memberships(data, kz)
    assert len(rows) == 2
    dated, observed = sorted(rows, key=lambda r: r.start == "")
    assert dated.start == "7 October 2002" and dated.as_of == []
    assert observed.start == "" and observed.as_of == ["1 June 2017", "1 July 2017"]
    assert [str(n.iri).rsplit("/", 1)[1] for n in observed.statements] == [
        "000-KZ-CSTO", "001-KZ-CSTO"
    ]
    assert [doc for _st, doc in observed.sources] == [docs["000_a"], docs["001_b"]]


def test_unbalanced_marks_at_the_ends_are_dropped() -> None:
    assert one_pair("“to send troops to Syria, first") == "to send troops to Syria, first"
    assert one_pair("the 2014-2020 programme.\"") == "the 2014-2020 programme."
    assert one_pair('the states it considers "allies"') == 'the states it considers "allies"'
    assert one_pair('"allies" of Russia') == '"allies" of Russia'
    assert one_pair("as “allies” now”") == "as “allies” now"


def test_apostrophes_at_the_ends_stay() -> None:
    assert one_pair("the member states’") == "the member states’"
    assert one_pair("'tis the season") == "'tis the season"


def test_the_page_adds_one_pair() -> None:
    assert quoted('"It is not our war"') == "“It is not our war”"
    assert quoted("“Under almost no circumstances.” For him,” explains Suslov.") == (
        "“Under almost no circumstances.” For him,” explains Suslov.”"
    )
    assert quoted('the states it considers "allies"') == '“the states it considers "allies"”'


def test_as_of_dates_show_at_their_precision() -> None:
    from rdflib import Literal
    from rdflib.namespace import XSD

    from multivector.namespaces import MV
    from multivector.site.collect import Node_
    from multivector.site.views import show_date

    def node(value: str, precision: URIRef | None) -> Node_:
        props = [(MV.asOf, Literal(value, datatype=XSD.date))]
        props += [(MV.asOfPrecision, precision)] if precision is not None else []
        return Node_(URIRef(str(ID) + "membership/x"), props=props)

    assert show_date(node("2017-06-01", MVV.MonthPrecision), MV.asOf) == "June 2017"
    assert show_date(node("2014-01-01", MVV.YearPrecision), MV.asOf) == "2014"
    assert show_date(node("2017-06-22", None), MV.asOf) == "22 June 2017"
    # the precision of another date of the node is not the as-of date's
    other = node("2017-06-22", None)
    other.props.append((MV.datePrecision, MVV.YearPrecision))
    assert show_date(other, MV.asOf) == "22 June 2017"
