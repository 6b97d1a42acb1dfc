"""How a membership role looks: one style per role, shared by the network and the timeline.

The network draws a role as an edge (colour, Graphviz dash style, width) and lists it in its
legend with line glyphs; the timeline draws it as a bar in the same colour, hatched where the
network dashes. Roles come from ``mvv:MembershipRoleScheme``; an unknown role gets
:data:`OTHER_ROLE`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import URIRef

from multivector.namespaces import MVV


@dataclass(frozen=True)
class RoleStyle:
    color: str
    style: str  # graphviz edge style
    width: float
    sample: str  # legend glyphs drawn in the role's colour


#: edge style per membership role (mvv:MembershipRoleScheme); unknown roles fall back to OTHER
ROLE_STYLES: dict[URIRef, RoleStyle] = {
    MVV.FoundingMember: RoleStyle("#1f4e79", "solid", 2.6, "━━━"),
    MVV.Member: RoleStyle("#2b7bba", "solid", 1.6, "───"),
    MVV.PermanentMember: RoleStyle("#6a3d9a", "solid", 2.6, "━━━"),
    MVV.NonPermanentMember: RoleStyle("#9e7fc1", "solid", 1.6, "───"),
    MVV.Associate: RoleStyle("#17a2b8", "dashed", 1.4, "╌╌╌"),
    MVV.ParticipatingState: RoleStyle("#5f9ea0", "dashed", 1.4, "╌╌╌"),
    MVV.Observer: RoleStyle("#6c757d", "dashed", 1.4, "╌╌╌"),
    MVV.Partner: RoleStyle("#8c6d31", "dashed", 1.4, "╌╌╌"),
    MVV.DialoguePartner: RoleStyle("#b8860b", "dotted", 1.6, "┈┈┈"),
    MVV.ProgrammePartner: RoleStyle("#c9a227", "dotted", 1.6, "┈┈┈"),
    MVV.Candidate: RoleStyle("#2ca02c", "dotted", 1.6, "┈┈┈"),
    MVV.Suspended: RoleStyle("#d62728", "dashed", 2.0, "╌╌╌"),
    MVV.Frozen: RoleStyle("#ff7f0e", "dotted", 2.2, "┈┈┈"),
    MVV.Withdrawn: RoleStyle("#aaaaaa", "dotted", 1.2, "┈┈┈"),
}
OTHER_ROLE = RoleStyle("#999999", "solid", 1.0, "───")
CONFLICT_STYLE = RoleStyle("#b22222", "solid", 1.2, "───")

#: matplotlib hatch for a bar whose role the network draws dashed or dotted
HATCHES = {"dashed": "//", "dotted": ".."}


def role_style(role: URIRef) -> RoleStyle:
    return ROLE_STYLES.get(role, OTHER_ROLE)


def hatch(role: URIRef) -> str | None:
    """The timeline's hatch for ``role`` (None for a solid bar)."""
    return HATCHES.get(role_style(role).style)


def legend_order(roles: Iterable[URIRef]) -> list[URIRef]:
    """Roles in the order of :data:`ROLE_STYLES`, unknown ones last by IRI."""
    order = list(ROLE_STYLES)
    return sorted(roles, key=lambda r: (order.index(r) if r in order else len(order), str(r)))
