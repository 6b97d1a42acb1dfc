"""Checks on the reference data in data/reference/: it parses, it is labelled, its identifiers are
well-formed and unique, its membership histories are coherent, and the "valid on D" idiom of
docs/modeling.md gives the known answers over it."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, RDFS, SKOS

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "data" / "reference"
FILES = sorted(REFERENCE_DIR.glob("*.ttl"))

MV = Namespace("https://w3id.org/multivector/ontology#")
MVV = Namespace("https://w3id.org/multivector/vocab/")
ID = Namespace("https://w3id.org/multivector/id/")
ORG = Namespace("http://www.w3.org/ns/org#")

ENTITY_CLASSES = [
    MV.State,
    MV.InternationalOrganization,
    MV.MilitaryAlliance,
    MV.EconomicUnion,
    MV.RegionalCooperationForum,
    MV.IntergovernmentalBody,
    MV.OrganizationalUnit,
    MV.StateBody,
    MV.NonStateOrganization,
    MV.MediaOutlet,
    MV.ArmedGroup,
    MV.Person,
    MV.GeopoliticalBloc,
    MV.Place,
    MV.City,
    MV.Region,
    MV.Conflict,
    MV.PolicyDocument,
]

PREFIXES = """
PREFIX mv: <https://w3id.org/multivector/ontology#>
PREFIX mvv: <https://w3id.org/multivector/vocab/>
PREFIX id: <https://w3id.org/multivector/id/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

# Members "on D": the role hierarchy (skos:broader* mvv:Member) written out inline, so the test
# does not depend on the vocabulary file.
MEMBERS_ON = (
    PREFIXES
    + """
SELECT DISTINCT ?member WHERE {
  VALUES ?role { mvv:Member mvv:FoundingMember mvv:Frozen
                 mvv:PermanentMember mvv:NonPermanentMember }
  ?s a mv:Membership ; org:member ?member ; org:organization ?org ; org:role ?role ;
     mv:startDate ?start .
  FILTER (?start <= ?D)
  OPTIONAL { ?s mv:endDate ?end }
  FILTER (!BOUND(?end) || ?D < ?end)
}
"""
)


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    for f in FILES:
        g.parse(f, format="turtle")
    return g


def entities(g: Graph) -> set[URIRef]:
    return {s for cls in ENTITY_CLASSES for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef)}


def members_on(g: Graph, org: str, day: str) -> set[str]:
    rows = g.query(
        MEMBERS_ON,
        initBindings={
            "org": ID[org],
            "D": Literal(day, datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")),
        },
    )
    return {str(r[0]).removeprefix(str(ID)) for r in rows}


def test_expected_files_exist() -> None:
    names = {f.name for f in FILES}
    expected = {
        "sources.ttl",
        "states.ttl",
        "organizations.ttl",
        "persons.ttl",
        "places.ttl",
        "conflicts.ttl",
        "policy-documents.ttl",
        "blocs.ttl",
        "leadership.ttl",
        "change-events.ttl",
    } | {
        f"memberships-{o}.ttl"
        for o in ["cst", "csto", "sco", "cis", "eaeu", "turkic-council", "nato", "eu", "un", "unsc"]
    }
    assert expected <= names, expected - names


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_parses_and_is_not_empty(path: Path) -> None:
    g = Graph().parse(path, format="turtle")
    assert len(g) > 0


def test_every_entity_has_en_and_ru_label(graph: Graph) -> None:
    ents = entities(graph)
    assert len(ents) > 150
    missing = []
    for e in ents:
        langs = {lbl.language for lbl in graph.objects(e, RDFS.label) if isinstance(lbl, Literal)}
        if not {"en", "ru"} <= langs:
            missing.append(e)
    assert missing == []


def test_every_entity_and_fact_is_derived_from_a_reference_source(graph: Graph) -> None:
    sources = set(graph.subjects(RDF.type, MV.ReferenceSource))
    assert ID["refsource/Wikidata"] in sources and ID["refsource/EditorialAnalysis"] in sources
    facts = (
        set(graph.subjects(RDF.type, MV.Membership))
        | set(graph.subjects(RDF.type, MV.PostHolding))
        | set(graph.subjects(RDF.type, MV.LeadershipAttribution))
        | set(graph.subjects(RDF.type, ORG.ChangeEvent))
    )
    bad = [n for n in facts if not any(o in sources for o in graph.objects(n, PROV.wasDerivedFrom))]
    assert bad == []


def test_every_entity_is_derived_from_a_reference_source_or_the_article_that_names_it(
    graph: Graph,
) -> None:
    # An actor first met in an article (a think tank, an unnamed author) is described from that
    # article: its provenance is the source document, not an outside reference work.
    sources = set(graph.subjects(RDF.type, MV.ReferenceSource))
    trigs = (REFERENCE_DIR.parent / "sources").glob("*.trig")
    documents = {ID[f"document/{p.stem}"] for p in trigs}
    bad = [
        e
        for e in entities(graph)
        if not any(o in sources | documents for o in graph.objects(e, PROV.wasDerivedFrom))
    ]
    assert bad == []


def test_iso_codes_are_well_formed_and_unique(graph: Graph) -> None:
    for prop, pattern in [(MV.iso3166Alpha2, r"^[A-Z]{2}$"), (MV.iso3166Alpha3, r"^[A-Z]{3}$")]:
        values = [str(o) for o in graph.objects(None, prop)]
        assert len(values) == 30
        assert all(re.fullmatch(pattern, v) for v in values), values
        assert len(set(values)) == len(values)
    assert graph.value(ID.Kazakhstan, MV.iso3166Alpha3) == Literal("KAZ")
    assert graph.value(ID.Kazakhstan, MV.cowCode).toPython() == 705
    cow = [o.toPython() for o in graph.objects(None, MV.cowCode)]
    assert len(set(cow)) == len(cow) == 30


def test_every_state_has_identifiers_metonyms_and_demonyms(graph: Graph) -> None:
    states = set(graph.subjects(RDF.type, MV.State))
    assert len(states) == 30
    for s in states:
        for p in (
            MV.iso3166Alpha2,
            MV.iso3166Alpha3,
            MV.cowCode,
            SKOS.exactMatch,
            MV.metonym,
            MV.demonym,
        ):
            assert graph.value(s, p) is not None, (s, p)
    metonyms = {str(m): s for s, m in graph.subject_objects(MV.metonym)}
    assert metonyms["the Kremlin"] == ID.Russia
    assert metonyms["Akorda"] == ID.Kazakhstan
    assert metonyms["Nur-Sultan"] == ID.Kazakhstan
    assert metonyms["Kiev"] == ID.Ukraine


def test_wikidata_iris_are_well_formed_and_unique(graph: Graph) -> None:
    values = [
        str(o)
        for o in graph.objects(None, SKOS.exactMatch)
        if str(o).startswith("http://www.wikidata.org/")
    ]
    assert len(values) > 40
    assert all(re.fullmatch(r"^http://www\.wikidata\.org/entity/Q[0-9]+$", v) for v in values), (
        values
    )
    assert len(set(values)) == len(values)
    assert (ID.Kazakhstan, SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q232")) in graph
    assert (ID.CSTO, SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q318693")) in graph


def _memberships(graph: Graph) -> list[dict]:
    out = []
    for s in graph.subjects(RDF.type, MV.Membership):
        out.append(
            {
                "node": s,
                "member": graph.value(s, ORG.member),
                "org": graph.value(s, ORG.organization),
                "role": graph.value(s, ORG.role),
                "start": graph.value(s, MV.startDate),
                "end": graph.value(s, MV.endDate),
                "source": graph.value(s, PROV.wasDerivedFrom),
            }
        )
    return out


def test_every_membership_is_complete(graph: Graph) -> None:
    rows = _memberships(graph)
    assert len(rows) > 100
    for r in rows:
        assert all(r[k] is not None for k in ("member", "org", "role", "start", "source")), r
        assert (r["node"], RDF.type, ORG.Membership) in graph
        assert str(r["role"]).startswith(str(MVV))
        assert isinstance(r["start"].toPython(), date), r


def test_no_membership_ends_before_it_starts(graph: Graph) -> None:
    bad = [
        r["node"]
        for r in _memberships(graph)
        if r["end"] is not None and r["end"].toPython() <= r["start"].toPython()
    ]
    assert bad == []


def test_no_overlapping_memberships_of_one_member_in_one_org(graph: Graph) -> None:
    by_pair: dict[tuple, list] = defaultdict(list)
    for r in _memberships(graph):
        end = r["end"].toPython() if r["end"] is not None else date.max
        by_pair[(r["member"], r["org"])].append((r["start"].toPython(), end, r["node"]))
    overlaps = []
    for periods in by_pair.values():
        periods.sort()
        for (_s1, e1, n1), (s2, _e2, n2) in zip(periods, periods[1:], strict=False):
            if s2 < e1:
                overlaps.append((n1, n2))
    assert overlaps == []


def test_membership_iris_follow_the_pattern(graph: Graph) -> None:
    for r in _memberships(graph):
        member = str(r["member"]).removeprefix(str(ID))
        org = str(r["org"]).removeprefix(str(ID))
        year = str(r["start"])[:4]
        assert str(r["node"]) == f"{ID}membership/{member}-{org}-{year}"


def test_csto_members_exclude_suspended_uzbekistan(graph: Graph) -> None:
    assert "Uzbekistan" not in members_on(graph, "CSTO", "2013-01-01")
    assert "Uzbekistan" in members_on(graph, "CSTO", "2007-06-01")
    assert members_on(graph, "CSTO", "2013-01-01") == {
        "Armenia",
        "Belarus",
        "Kazakhstan",
        "Kyrgyzstan",
        "Russia",
        "Tajikistan",
    }


def test_armenia_frozen_is_still_a_csto_member(graph: Graph) -> None:
    assert "Armenia" in members_on(graph, "CSTO", "2025-01-01")
    roles = {
        r["role"]
        for r in _memberships(graph)
        if r["member"] == ID.Armenia and r["org"] == ID.CSTO and r["end"] is None
    }
    assert roles == {MVV.Frozen}


def test_turkic_council_members_in_june_2017(graph: Graph) -> None:
    assert members_on(graph, "TurkicCouncil", "2017-06-22") == {
        "Azerbaijan",
        "Kazakhstan",
        "Kyrgyzstan",
        "Turkey",
    }
    assert "Uzbekistan" in members_on(graph, "TurkicCouncil", "2020-01-01")


def test_valid_on_idiom_treats_end_dates_as_exclusive(graph: Graph) -> None:
    assert "Kazakhstan" in members_on(graph, "UNSecurityCouncil", "2018-12-31")
    assert "Kazakhstan" not in members_on(graph, "UNSecurityCouncil", "2019-01-01")
    assert "Georgia" in members_on(graph, "CIS", "2009-08-17")
    assert "Georgia" not in members_on(graph, "CIS", "2009-08-18")


def test_sco_members_and_partners(graph: Graph) -> None:
    assert members_on(graph, "SCO", "2016-01-01") == {
        "China",
        "Kazakhstan",
        "Kyrgyzstan",
        "Russia",
        "Tajikistan",
        "Uzbekistan",
    }
    assert {"India", "Pakistan", "Iran", "Belarus"} <= members_on(graph, "SCO", "2024-07-04")
    partners = {
        str(r["member"]).removeprefix(str(ID))
        for r in _memberships(graph)
        if r["org"] == ID.SCO and r["role"] == MVV.Partner
    }
    assert partners == {"Mongolia", "Turkey", "Armenia", "Azerbaijan"}


def test_change_events(graph: Graph) -> None:
    ev = ID["event/TurkicCouncil-renamed-OTS-2021"]
    assert graph.value(ev, ORG.originalOrganization) == ID.TurkicCouncil
    assert graph.value(ev, ORG.resultingOrganization) == ID.TurkicCouncil
    cst = ID["event/CollectiveSecurityTreaty-CSTO-2002"]
    assert graph.value(cst, ORG.originalOrganization) == ID.CollectiveSecurityTreaty
    assert graph.value(cst, ORG.resultingOrganization) == ID.CSTO
    assert str(graph.value(cst, URIRef("http://purl.org/dc/terms/date"))) == "2002-10-07"


def test_leadership_attributions(graph: Graph) -> None:
    pairs = {
        (
            str(graph.value(s, MV.ledOrganization)).removeprefix(str(ID)),
            str(graph.value(s, MV.leadingPower)).removeprefix(str(ID)),
        )
        for s in graph.subjects(RDF.type, MV.LeadershipAttribution)
    }
    assert pairs == {
        ("CSTO", "Russia"),
        ("CIS", "Russia"),
        ("EAEU", "Russia"),
        ("SCO", "China"),
        ("SCO", "Russia"),
        ("NATO", "UnitedStates"),
        ("EuropeanUnion", "TheWest"),
        ("TurkicCouncil", "Turkey"),
        ("C5Plus1", "UnitedStates"),
    }
    for s in graph.subjects(RDF.type, MV.LeadershipAttribution):
        assert graph.value(s, MV.characterisedBy) == ID.MultivectorEditors
        assert graph.value(s, PROV.wasDerivedFrom) == ID["refsource/EditorialAnalysis"]


def test_partial_dates_carry_a_precision(graph: Graph) -> None:
    # A month-precision start is stored as the first day of the month.
    node = ID["membership/Armenia-CSTO-2024"]
    assert str(graph.value(node, MV.startDate)) == "2024-02-01"
    assert graph.value(node, MV.startDatePrecision) == MVV.MonthPrecision
    for s, prec in graph.subject_objects(MV.startDatePrecision):
        if prec in (MVV.MonthPrecision, MVV.YearPrecision):
            assert str(graph.value(s, MV.startDate)).endswith("-01"), s


# --- the corrected facts (issue 16): each checked against the sources its node cites -----------

DCTERMS = Namespace("http://purl.org/dc/terms/")


def _node(graph: Graph, path: str) -> URIRef:
    node = ID[path]
    assert (node, None, None) in graph, path
    return node


def _dates(graph: Graph, node: URIRef) -> tuple[str, str | None]:
    end = graph.value(node, MV.endDate)
    return str(graph.value(node, MV.startDate)), None if end is None else str(end)


def test_uzbekistan_returned_to_the_csto_at_the_minsk_session(graph: Graph) -> None:
    back = _node(graph, "membership/Uzbekistan-CSTO-2006")
    assert _dates(graph, back) == ("2006-06-23", "2012-06-28")
    assert graph.value(back, ORG.role) == MVV.Member
    # the Sochi protocol of 2006-08-16 is kept as a date variant with its own source
    variants = list(graph.subjects(MV.variantOf, back))
    assert [str(graph.value(v, MV.date)) for v in variants] == ["2006-08-16"]
    assert graph.value(variants[0], PROV.wasDerivedFrom) == ID[
        "refsource/AsiaPlus-2006-08-17-UzbekistanCSTO"
    ]
    # 1999-2006: withdrawn, first from the treaty alliance, then from the CSTO
    for path, dates in (
        ("membership/Uzbekistan-CollectiveSecurityTreaty-1999", ("1999-04-20", "2002-10-07")),
        ("membership/Uzbekistan-CSTO-2002", ("2002-10-07", "2006-06-23")),
    ):
        node = _node(graph, path)
        assert graph.value(node, ORG.role) == MVV.Withdrawn
        assert _dates(graph, node) == dates
    assert "Uzbekistan" not in members_on(graph, "CSTO", "2006-06-22")
    assert "Uzbekistan" in members_on(graph, "CSTO", "2006-06-23")


def test_azerbaijan_joined_the_cis_in_1993_after_refusing_ratification(graph: Graph) -> None:
    rows = sorted(
        (str(r["start"]), str(r["end"]) if r["end"] is not None else None, r["role"])
        for r in _memberships(graph)
        if r["member"] == ID.Azerbaijan and r["org"] == ID.CIS
    )
    assert rows == [
        ("1991-12-21", "1992-10-01", MVV.ParticipatingState),
        ("1992-10-01", "1993-09-24", MVV.Observer),
        ("1993-09-24", None, MVV.Member),
    ]
    assert "Azerbaijan" not in members_on(graph, "CIS", "1992-01-01")
    assert "Azerbaijan" not in members_on(graph, "CIS", "1993-09-23")
    assert "Azerbaijan" in members_on(graph, "CIS", "1993-09-24")


def test_ukraine_took_part_in_the_cis_but_was_never_a_member_or_associate(graph: Graph) -> None:
    rows = [r for r in _memberships(graph) if r["member"] == ID.Ukraine and r["org"] == ID.CIS]
    assert [(r["role"], str(r["start"]), str(r["end"])) for r in rows] == [
        (MVV.ParticipatingState, "1991-12-08", "2018-05-19")
    ]
    associates = {r["member"] for r in _memberships(graph) if r["role"] == MVV.Associate}
    assert associates == {ID.Turkmenistan}
    assert "Ukraine" not in members_on(graph, "CIS", "2000-01-01")


def test_csto_secretaries_general_succeed_each_other_without_gaps(graph: Graph) -> None:
    holdings = [
        (str(graph.value(p, MV.startDate)), graph.value(p, MV.endDate), graph.value(p, MV.holder))
        for p in graph.subjects(MV.post, MVV.SecretaryGeneral)
        if graph.value(p, MV.postIn) == ID.CSTO
    ]
    holdings.sort(key=lambda h: h[0])
    holders = [str(h[2]).removeprefix(str(ID)) for h in holdings]
    assert holders == [
        "NikolaiBordyuzha",
        "ValerySemerikov",
        "YuriKhachaturov",
        "ValerySemerikov",
        "StanislavZas",
        "ImangaliTasmagambetov",
        "TaalatbekMasadykov",
    ]
    for (_, end, _), (start, _, _) in zip(holdings, holdings[1:], strict=False):
        assert str(end) == start
    assert holdings[-1][1] is None
    # each holding mv:succeeds the one before it (acting secretaries general included)
    by_start = sorted(
        (p for p in graph.subjects(MV.post, MVV.SecretaryGeneral)
         if graph.value(p, MV.postIn) == ID.CSTO),
        key=lambda p: str(graph.value(p, MV.startDate)),
    )
    assert graph.value(by_start[0], MV.succeeds) is None
    for earlier, later in zip(by_start, by_start[1:], strict=False):
        assert graph.value(later, MV.succeeds) == earlier, later
    khachaturov = _node(graph, "post/YuriKhachaturov-SecretaryGeneral-2017")
    assert _dates(graph, khachaturov) == ("2017-05-02", "2018-11-02")
    appointed = _node(graph, "event/KhachaturovAppointedCSTOSecretaryGeneral-2017")
    assert str(graph.value(appointed, MV.date)) == "2017-04-01"
    assert graph.value(appointed, MV.datePrecision) == MVV.MonthPrecision


def test_article_001_is_dated_by_its_publisher_2017_08_06() -> None:
    from rdflib import Dataset

    path = REFERENCE_DIR.parent / "sources" / "001_7b871defe8eb9c5c.trig"
    data = Dataset(default_union=True)
    data.parse(path, format="trig")
    document = ID["document/001_7b871defe8eb9c5c"]
    assert str(data.value(document, DCTERMS.issued)) == "2017-08-06"
    assert data.value(document, MV.datePrecision) == MVV.DayPrecision
    assert data.value(document, MV.dateBasis) == MVV.PublisherRecordDate
    # the dates derived from the publication date moved with it
    assert "2017-07-01" not in path.read_text(encoding="utf-8")
    derived = [o for o in data.objects(None, MV.asOf) if str(o) == "2017-08-06"]
    assert len(derived) == 23


FOAF = Namespace("http://xmlns.com/foaf/0.1/")


def test_every_reference_fact_cites_a_page_read_on_a_known_day(graph: Graph) -> None:
    """The citation rule (also a QC query): a membership, post holding, event, change event,
    date variant, organization date or document date cites at least one reference source with a
    title, a page
    (a URL with a path, not a site's home page) and the day the page was read."""

    def cited(source: URIRef) -> bool:
        page = graph.value(source, FOAF.page)
        accessed = graph.value(source, MV.accessedOn)
        return (
            (source, RDF.type, MV.ReferenceSource) in graph
            and graph.value(source, DCTERMS.title) is not None
            and page is not None
            and re.fullmatch(r"https?://[^/]+/.+", str(page)) is not None
            and isinstance(accessed, Literal)
            and isinstance(accessed.toPython(), date)
        )

    facts = set()
    for cls in (MV.Membership, MV.PostHolding, MV.Event, ORG.ChangeEvent, MV.DateVariant):
        facts |= set(graph.subjects(RDF.type, cls))
    facts |= set(graph.subjects(MV.foundingDate, None)) | set(graph.subjects(MV.dissolutionDate))
    facts |= set(graph.subjects(MV.adoptedOn, None))
    assert len(facts) > 190
    uncited = sorted(str(f) for f in facts
                     if not any(cited(s) for s in graph.objects(f, PROV.wasDerivedFrom)))
    assert uncited == []


def test_sources_that_disagree_on_a_date_are_both_recorded(graph: Graph) -> None:
    variants = {
        str(graph.value(v, MV.variantOf)).removeprefix(str(ID)): str(graph.value(v, MV.date))
        for v in graph.subjects(RDF.type, MV.DateVariant)
    }
    assert variants["membership/Kazakhstan-NATO-1994"] == "1995-01-01"  # NATO's own page
    assert variants["membership/Kazakhstan-EuropeanUnion-2020"] == "2019-03-01"  # Kazinform
    assert variants["membership/Kyrgyzstan-EAEU-2015"] == "2015-08-06"
    for node in graph.subjects(RDF.type, MV.DateVariant):
        fact = graph.value(node, MV.variantOf)
        assert (fact, None, None) in graph, fact
        assert graph.value(node, PROV.wasDerivedFrom) not in set(
            graph.objects(fact, PROV.wasDerivedFrom)), node  # another source than the fact's


def test_partnerships_without_membership(graph: Graph) -> None:
    rows = {
        (str(r["member"]).removeprefix(str(ID)), str(r["org"]).removeprefix(str(ID)),
         str(r["start"]), str(r["end"]) if r["end"] is not None else None)
        for r in _memberships(graph)
        if r["role"] == MVV.ProgrammePartner
    }
    assert rows == {
        ("Kazakhstan", "NATO", "1994-05-27", None),
        ("Kyrgyzstan", "NATO", "1994-06-01", None),
        ("Uzbekistan", "NATO", "1994-07-13", None),
        ("Kazakhstan", "EuropeanUnion", "1999-01-01", "2020-03-01"),
        ("Kazakhstan", "EuropeanUnion", "2020-03-01", None),
        ("Kyrgyzstan", "EuropeanUnion", "1999-01-01", None),
        ("Uzbekistan", "EuropeanUnion", "1999-01-01", None),
    }
    osce = {str(r["member"]).removeprefix(str(ID)) for r in _memberships(graph)
            if r["org"] == ID.OSCE and r["role"] == MVV.ParticipatingState}
    assert osce == {"Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"}
    # partners are not members on any date
    assert "Kazakhstan" not in members_on(graph, "NATO", "2017-06-22")
    assert members_on(graph, "C5Plus1", "2017-06-22") == {
        "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan", "UnitedStates"}


def test_ukraine_held_two_security_council_seats(graph: Graph) -> None:
    seats = sorted(
        (str(r["start"]), str(r["end"]))
        for r in _memberships(graph)
        if r["member"] == ID.Ukraine and r["org"] == ID.UNSecurityCouncil
    )
    assert seats == [("2000-01-01", "2002-01-01"), ("2016-01-01", "2018-01-01")]
    assert "Ukraine" in members_on(graph, "UNSecurityCouncil", "2001-12-31")
    assert "Ukraine" not in members_on(graph, "UNSecurityCouncil", "2002-01-01")
