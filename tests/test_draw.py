"""Pictures: the membership network on a date (graphviz) and membership timelines (matplotlib)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from multivector.errors import InputError

REPO = Path(__file__).resolve().parents[1]

@pytest.fixture(scope="module")
def store(kg):
    """The store of the session's built graph (``kg`` in tests/conftest.py)."""
    return kg.store


def _uzbek_csto_edge(svg: str) -> str:
    """The SVG group of the Uzbekistan–CSTO edge (graphviz writes the tooltip as xlink:title)."""
    pattern = r'<g id="a_edge\d+"><a xlink:title="Uzbekistan: ([^"]+)">(.*?)</g>'
    match = re.search(pattern, svg, re.S)
    assert match, "no Uzbekistan edge"
    return match.group(1) + "\n" + match.group(2)


def test_uzbekistan_member_2008_suspended_2013(store) -> None:
    from multivector import draw

    csto = draw.resolve_organizations(store, ["CSTO"])
    svg_2008 = draw.draw_network(store, dt.date(2008, 6, 1), csto).decode()
    svg_2013 = draw.draw_network(store, dt.date(2013, 6, 1), csto).decode()
    for svg in (svg_2008, svg_2013):
        for label in (">Uzbekistan<", ">Kazakhstan<", ">Russia<", ">CSTO<"):
            assert label in svg
    edge_2008 = _uzbek_csto_edge(svg_2008)
    edge_2013 = _uzbek_csto_edge(svg_2013)
    assert edge_2008.startswith("member\n") and "stroke-dasharray" not in edge_2008
    assert edge_2013.startswith("suspended\n") and "stroke-dasharray" in edge_2013
    assert draw.ROLE_STYLES[draw.MVV.Suspended].color in edge_2013
    assert ">suspended<" in svg_2013 and ">suspended<" not in svg_2008  # legend


def test_memberships_on_uses_exclusive_end(store) -> None:
    from multivector import draw
    from multivector.namespaces import ID, MVV

    csto = draw.resolve_organizations(store, ["csto"])
    day_before = draw.memberships_on(store, dt.date(2012, 6, 27), csto)
    day_of = draw.memberships_on(store, dt.date(2012, 6, 28), csto)
    roles = {e.role for e in day_before if e.member == ID.Uzbekistan}
    assert roles == {MVV.Member}
    assert {e.role for e in day_of if e.member == ID.Uzbekistan} == {MVV.Suspended}


def test_network_is_deterministic_and_png_works(store) -> None:
    from multivector import draw

    day = dt.date(2017, 6, 22)
    assert draw.draw_network(store, day) == draw.draw_network(store, day)
    png = draw.draw_network(store, day, draw.resolve_organizations(store, ["SCO"]), fmt="png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_conflicts_add_parties(store) -> None:
    from multivector import draw

    dot = draw.network_dot(store, dt.date(2017, 6, 22), [], conflicts=True)
    assert "shape=diamond" in dot and 'class="conflict"' in dot


def test_timeline_svg_has_labels_and_is_stable(store) -> None:
    from multivector import draw

    states = draw.resolve_states(store, ["Kazakhstan", "UZ"])
    first = draw.draw_timeline(store, states)
    assert first == draw.draw_timeline(store, states)
    svg = first.decode()
    assert "Kazakhstan · CSTO" in svg and "Uzbekistan · CSTO" in svg
    assert "suspended" in svg and "founding member" in svg  # legend
    assert "<dc:date>" not in svg


def test_bad_parameters_name_the_parameter(store) -> None:
    from multivector import draw

    with pytest.raises(InputError, match="--at: not a date"):
        draw.parse_date("2017-13-40")
    with pytest.raises(InputError, match="--orgs: unknown organization 'NOPE'"):
        draw.resolve_organizations(store, ["CSTO", "NOPE"])
    with pytest.raises(InputError, match="STATE: unknown state 'Atlantis'"):
        draw.resolve_states(store, ["Atlantis"])
    with pytest.raises(InputError, match="unsupported picture format"):
        draw.output_format(Path("x.gif"))


def test_draw_cli_errors_are_one_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from multivector.cli import app

    result = CliRunner().invoke(
        app, ["draw", "network", "--at", "yesterday", "--out", str(tmp_path / "n.svg")]
    )
    assert result.exit_code == 2
    assert "multivector: --at: not a date" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "n.svg").exists()


def test_draw_cli_writes_svg(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from multivector.cli import app

    out = tmp_path / "net.svg"
    result = CliRunner().invoke(
        app, ["draw", "network", "--at", "2008-06-01", "--orgs", "CSTO", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert ">Uzbekistan<" in out.read_text(encoding="utf-8")
    tl = tmp_path / "tl.png"
    result = CliRunner().invoke(app, ["draw", "timeline", "Kazakhstan", "--out", str(tl)])
    assert result.exit_code == 0, result.output
    assert tl.read_bytes()[:4] == b"\x89PNG"


def test_names_on_the_drawn_date() -> None:
    from rdflib import URIRef

    from multivector.draw.naming import choose_acronym, initials, names_on

    ots = URIRef("https://w3id.org/multivector/id/TurkicCouncil")
    eaeu = URIRef("https://w3id.org/multivector/id/EAEU")
    labels = {ots: "Turkic Council", eaeu: "Eurasian Economic Union"}
    acronyms = {ots: ["CCTS", "OTS", "Organization of Turkic States"], eaeu: ["EEU", "EAEU"]}
    short = {ots: "OTS", eaeu: "EAEU"}
    renamed = {ots: [(dt.date(2021, 11, 12), "Organization of Turkic States")]}
    assert choose_acronym(eaeu, acronyms[eaeu]) == "EAEU"  # the one the CLI's --orgs takes
    assert choose_acronym(ots, acronyms[ots]) == "OTS"  # else the shortest
    assert initials("Organization of Turkic States") == "OTS"
    full, brief = names_on(dt.date(2017, 6, 22), labels, short, acronyms, renamed)
    assert (full[ots], brief[ots], brief[eaeu]) == ("Turkic Council", "Turkic Council", "EAEU")
    full, brief = names_on(dt.date(2021, 11, 12), labels, short, acronyms, renamed)
    assert (full[ots], brief[ots]) == ("Organization of Turkic States", "OTS")


def test_network_names_links_and_default_set(store) -> None:
    from rdflib import URIRef

    from multivector import draw

    day = dt.date(2017, 6, 22)
    default = draw.default_organizations(store, day)
    names = sorted(str(o).rsplit("/", 1)[1] for o in default)
    assert names == ["C5Plus1", "CICA", "CIS", "CSTO", "EAEU", "EuropeanUnion", "NATO", "OSCE",
                     "SCO", "TurkicCouncil"]
    kz = URIRef("https://w3id.org/multivector/id/Kazakhstan")
    svg = draw.draw_network(store, day, default, links={kz: "../id/Kazakhstan.html"}).decode()
    assert '<a xlink:href="../id/Kazakhstan.html" xlink:title="Kazakhstan" target="_top">' in svg
    assert ">Turkic Council</text>" in svg and ">OTS</text>" not in svg
    assert ">EAEU</text>" in svg and ">EEU</text>" not in svg
    assert "United Nations" not in svg
    later = draw.network_dot(store, dt.date(2022, 1, 1), default)
    assert 'label="OTS", tooltip="Organization of Turkic States"' in later


def test_timeline_event_markers_have_tooltips(store) -> None:
    from rdflib import URIRef

    from multivector import draw

    kz = URIRef("https://w3id.org/multivector/id/Kazakhstan")
    svg = draw.draw_timeline(store, [kz]).decode()
    tips = re.findall(r'<g id="event-\d+">\s*<title>([^<]+)</title>', svg)
    assert len(tips) == len(draw.state_events(store, [kz])) > 3
    assert all(re.match(r"\d{4}-\d\d-\d\d: \S", t) for t in tips)
    csto = URIRef("https://w3id.org/multivector/id/CSTO")
    members = draw.draw_timeline(store, organization=csto).decode()
    assert "Members of Collective Security Treaty Organization" in members
    assert "event-0" not in members


def test_draw_cli_default_orgs_and_all(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from multivector.cli import app

    counts = {}
    for extra in ([], ["--orgs", "all"]):
        out = tmp_path / f"net{len(extra)}.svg"
        result = CliRunner().invoke(
            app, ["draw", "network", "--at", "2017-06-22", *extra, "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
        counts[bool(extra)] = int(re.search(r"\((\d+) memberships", result.output).group(1))
        has_un = "United Nations" in out.read_text(encoding="utf-8")
        assert has_un == bool(extra)
    # 2017-06-22: regional memberships and partnerships (PfP, EU PCAs, OSCE, CICA, C5+1, CRRF
    # added in issue 16); "all" adds the UN, its Security Council (Ukraine 2016-2017), NATO, EU
    assert counts == {False: 65, True: 106}
