"""Roadmap data of a catalog: phases, effort in person-days and dependencies between requirements (YAML data a
consultant can read and change, checked here with located errors)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from auditkit.inputs.yamlsource import Document
from auditkit.model.errors import Problem
from auditkit.model.messages import msg

LAYER = "catalog"


@dataclass(frozen=True)
class Phase:
    id: str
    title: dict
    clauses: tuple[str, ...]

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title["en"]


@dataclass(frozen=True)
class RoadmapData:
    """What turns gaps into a plan; every number is declared here, so a plan can be recomputed by hand."""

    reference_staff: int
    size_exponent: float
    status_factor: dict
    quick_win_days: float
    phases: tuple[Phase, ...]
    effort: dict
    """clause or requirement id -> person-days for the small company of ``reference_staff`` people."""
    depends_on: dict = field(default_factory=dict)
    file: str = ""

    def size_factor(self, staff: int | None) -> float:
        """effort x (staff / reference_staff) ^ size_exponent; 1 when the profile gives no staff."""
        if not staff:
            return 1.0
        return round((staff / self.reference_staff) ** self.size_exponent, 4)

    def base_effort(self, requirement: str, clause: str) -> tuple[float, str]:
        """Person-days for one requirement's gap and the key it comes from (the id, else the nearest clause)."""
        if requirement in self.effort:
            return float(self.effort[requirement]), requirement
        parts = clause.split(".")
        for n in range(len(parts), 0, -1):
            key = ".".join(parts[:n])
            if key in self.effort:
                return float(self.effort[key]), key
        raise KeyError(clause)  # read_roadmap requires every top-level clause, so this is a bug

    def phase_of(self, requirement: str, clause: str) -> int:
        """Index of the phase whose clause list names the requirement or the nearest clause above it."""
        best, length = len(self.phases) - 1, -1
        for index, phase in enumerate(self.phases):
            for key in phase.clauses:
                if key == requirement:
                    return index
                if (clause == key or clause.startswith(key + ".")) and len(key) > length:
                    best, length = index, len(key)
        return best

    def dependencies(self, requirement: str, clause: str) -> tuple[str, ...]:
        """The clauses and requirements declared to come before this one (its own id, then its clauses)."""
        keys = [requirement] + [".".join(clause.split(".")[:n]) for n in range(len(clause.split(".")), 0, -1)]
        return tuple(dict.fromkeys(d for key in keys for d in self.depends_on.get(key, ())))


def read_roadmap(doc: Document, known: Callable[[str], bool], tops: set[str],
                 problems: list[Problem]) -> RoadmapData | None:
    """The roadmap data of a (schema-valid) file; ``known``: is this a clause or a requirement id; ``tops``: the
    top-level clauses the catalog has requirements in (each needs an effort). Unknown keys, missing top-level
    efforts and dependency cycles are located problems."""
    raw = doc.data["roadmap"]
    found: list[Problem] = []

    for key in raw["effort"]:
        if not known(str(key)):
            found.append(Problem.of(doc.locate(("roadmap", "effort", key), key=True), msg("roadmap.unknown", key=repr(key)), LAYER))
    for top in sorted(tops, key=lambda t: (len(t), t)):
        if top not in {str(k) for k in raw["effort"]}:
            found.append(Problem.of(doc.locate(("roadmap", "effort")), msg("roadmap.no_effort", clause=top), LAYER))
    for index, phase in enumerate(raw["phases"]):
        for n, key in enumerate(phase["clauses"]):
            if not known(str(key)):
                found.append(Problem.of(doc.locate(("roadmap", "phases", index, "clauses", n)), msg("roadmap.unknown", key=repr(key)), LAYER))
    depends = {str(k): tuple(str(d) for d in v) for k, v in (raw.get("depends_on") or {}).items()}
    for key, targets in depends.items():
        if not known(key):
            found.append(Problem.of(doc.locate(("roadmap", "depends_on", key), key=True), msg("roadmap.unknown", key=repr(key)), LAYER))
        for n, target in enumerate(targets):
            if not known(target):
                found.append(Problem.of(doc.locate(("roadmap", "depends_on", key, n)), msg("roadmap.unknown", key=repr(target)), LAYER))
    cycle = _cycle(depends)
    if cycle:
        found.append(Problem.of(doc.locate(("roadmap", "depends_on", cycle[0]), key=True),
                                msg("roadmap.cycle", cycle=" -> ".join(cycle)), LAYER))
    problems.extend(found)
    if found:
        return None
    return RoadmapData(
        reference_staff=raw["reference_staff"], size_exponent=float(raw["size_exponent"]),
        status_factor=dict(raw["status_factor"]), quick_win_days=float(raw["quick_win_days"]),
        phases=tuple(Phase(p["id"], p["title"], tuple(str(c) for c in p["clauses"])) for p in raw["phases"]),
        effort={str(k): v for k, v in raw["effort"].items()}, depends_on=depends, file=doc.file)


def _cycle(edges: dict[str, tuple[str, ...]]) -> list[str]:
    """One cycle of declared dependencies, or []. A clause inherits the dependencies of the clauses above it (as
    ``RoadmapData.dependencies`` does), so 8.6 -> 9.2 -> 8.6.1 is a circle too."""
    state: dict[str, str] = {}
    path: list[str] = []

    def following(node: str) -> list[str]:
        parts = node.split("-")[0].split(".") if "-" not in node else [node]
        keys = [".".join(parts[:n]) for n in range(len(parts), 0, -1)] if "-" not in node else [node]
        return [d for key in keys for d in edges.get(key, ())]

    def visit(node: str) -> list[str]:
        state[node] = "open"
        path.append(node)
        for nxt in following(node):
            if state.get(nxt) == "open":
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        state[node] = "done"
        path.pop()
        return []

    for node in sorted(edges):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


__all__ = ["Phase", "RoadmapData", "read_roadmap"]
