"""assess(): the pure function from catalog, evidence, judgments and a date to an Assessment."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Callable

from auditkit import __version__
from auditkit.inputs.catalog import Catalog, CheckSpec, Requirement
from auditkit.model.clauses import top_clause
from auditkit.engine.checks import RULES, CheckContext, CheckResult, Outcome
from auditkit.engine.checks.exists import describe_selection
from auditkit.engine.checks.records import RecordRule, evaluate_together
from auditkit.engine.concept_reads import ConceptReads
from auditkit.inputs.config import ScoringPolicy
from auditkit.inputs.evidence import PROFILE_NAME, Evidence, EvidenceItem
from auditkit.inputs.source_cache import SourceCache
from auditkit.inputs.yamlsource import display_path
from auditkit.model.assessment import (
    GRADE_ORDER,
    Finding,
    Grade,
    Judgment,
    RequirementResult,
    Source,
    Status,
)
from auditkit.model.messages import msg
from auditkit.engine.scoring import clause_scores, points_for, weighted
from auditkit.engine.scanning import RecordScanner
from auditkit.engine.selection import family, select_items
from auditkit.engine.applicability import Exclusion, declared
from auditkit.engine.mentions import Mentions
from auditkit.engine.credit import apply_credits
from auditkit.engine.roadmap import plan
from auditkit.engine.verdicts import AGGREGATION_RULE, COMBINE_RANK, AuditType, Failure, check_basis, failure_of, rule_verdict


SCHEMA_VERSION = "1.0"

Progress = Callable[[int, int], None]


def _types_filter(rule, requirement: Requirement) -> bool:
    """Whether a check's types filter rather than state a preference (see :func:`select_items`): record rules read
    record sets only, and "the mandatory document exists" needs a document of that type (an SLA is an agreement)."""
    if isinstance(rule, RecordRule):
        return True
    return rule.name == "evidence_exists" and requirement.documented == "mandatory"  # not 'information': any document


class InProject:
    """Which files lie inside the client's project: only those are cited as where a check is defined.

    A check that found nothing points at what it looked for: its definition in the catalog. The bundled catalog
    lies inside the installed package, outside the client's repository, where no annotation or SARIF viewer can
    attach and nobody can act; such a result then names no file (outputs cite the requirement instead).
    """

    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self._known: dict[str, bool] = {}

    def __call__(self, file: str) -> bool:
        inside = self._known.get(file)
        if inside is None:
            inside = self._known[file] = Path(file).resolve().is_relative_to(self.root)
        return inside

    def cited(self, result: CheckResult) -> CheckResult:
        """``result`` without its catalog location when that lies outside the project."""
        if result.check is not None and not self(result.check.file):
            return replace(result, check=None)
        return result


def selected(spec: CheckSpec, evidence: Evidence, requirement: Requirement) -> list[EvidenceItem]:
    """The evidence items a check of a requirement looks at."""
    return select_items(evidence, spec.select, requirement, strict=_types_filter(RULES[spec.rule], requirement))


def run_check(spec: CheckSpec, evidence: Evidence, requirement: Requirement, as_of: date,
              items: list[EvidenceItem] | None = None, reads: ConceptReads | None = None) -> CheckResult:
    """Evaluate one check of a requirement (over ``items`` when already selected; ``reads``: the assessment's
    concept matches)."""
    rule = RULES[spec.rule]
    items = selected(spec, evidence, requirement) if items is None else items
    if rule.needs_items and not items:
        # the same words as evidence_exists, so a finding states "no evidence" once however many checks found none
        result = rule.result(Outcome.FAIL, msg("exists.none", what=describe_selection(spec)), absent=True)
    else:
        context = CheckContext(evidence, as_of, requirement) if reads is None else CheckContext(evidence, as_of, requirement, reads)
        result = rule.evaluate(spec, items, context)
    return replace(result, check=spec.location, basis=check_basis(spec.select.types, isinstance(rule, RecordRule)))


def run_record_checks(catalog: Catalog, evidence: Evidence, as_of: date,
                      started: RecordScanner | None = None) -> dict[tuple[str, int], CheckResult]:
    """(requirement id, check index) -> result of every check over record exports, evaluated together.

    Each export is then read once for all the checks over it, not once per check (a million-row export and a
    dozen checks made that the bulk of an assessment). The results are those ``run_check`` gives each alone.
    Exports ``started`` early are not read again.
    """
    jobs, keys = [], []
    for requirement in catalog.requirements:
        for index, spec in enumerate(requirement.checks):
            rule = RULES[spec.rule]
            if not isinstance(rule, RecordRule):
                continue
            items = select_items(evidence, spec.select, requirement, strict=True)
            if rule.needs_items and not items:
                continue  # run_check reports it: no evidence to check
            jobs.append((rule, spec, items, CheckContext(evidence, as_of, requirement)))
            keys.append((requirement.id, index, spec.location))
    if started is not None:  # this process has nothing else to do: it reads what no worker took yet
        started.share()
    results = evaluate_together(jobs, started)
    if started is not None:
        started.close()
    return {(rid, index): replace(r, check=location, basis="records")
            for (rid, index, location), r in zip(keys, results)}


def combine(rules: Status | None, judgment: Judgment | None) -> tuple[Status, Source, str]:
    """Combine the rules' and the auditor's results; neither silently overwrites the other.

    When both exist and disagree, the one ranked higher by :data:`COMBINE_RANK` stands: nonconformant over partially
    conformant over a pending status (needs evidence, not assessed, not examined) over conformant. An auditor who
    says the evidence is still due stands over checks that passed; a gap the checks found stands over an auditor's
    pending or conformant result. An auditor's "not applicable" does not replace a result of the rules. The
    auditor's result replaces the rules' only when the auditor says so (``overrides_rules: true``); either way the
    note says what each said.
    """
    if judgment is None:
        return (rules, Source.RULES, "") if rules else (Status.NOT_ASSESSED, Source.NONE, "no automated check and no auditor judgment")
    auditor = judgment.result
    if rules is None or rules is Status.NOT_ASSESSED:
        return auditor, Source.AUDITOR, ""
    if rules is auditor:
        return auditor, Source.BOTH, ""
    said = f"rules: {rules.value}; auditor: {auditor.value}"
    if judgment.overrides_rules:
        return auditor, Source.AUDITOR, f"{said}; the auditor's result overrides the rules"
    ranked = auditor in COMBINE_RANK and rules in COMBINE_RANK
    stands = auditor if ranked and COMBINE_RANK[auditor] > COMBINE_RANK[rules] else rules
    if stands is auditor and auditor not in (Status.PARTIAL, Status.NONCONFORMANT):
        return stands, Source.BOTH, f"{said}; the auditor's pending result stands: passing checks are not conformity"
    return stands, Source.BOTH, f"{said}; the worse stands (set overrides_rules to let the auditor's result stand)"


def grade_for(status: Status, requirement: Requirement, judgment: Judgment | None, policy: ScoringPolicy,
              failure: Failure | None) -> tuple[Grade | None, str]:
    """The grade of a result and its basis: the auditor's grade when given, else the declared policy by what failed."""
    if judgment is not None and judgment.grade is not None and (judgment.result is status or judgment.overrides_rules):
        return judgment.grade, "auditor"
    if failure is None:
        return None, ""
    return (Grade(policy.grade(failure.value, requirement.criticality)),
            f"policy: {failure.value.replace('-', ' ')} ({requirement.criticality} criticality)")


def audit_type(evidence: Evidence) -> AuditType:
    """``audit.type`` of the organisation profile (default: audit)."""
    return AuditType(evidence.organization.get("audit.type") or AuditType.AUDIT.value)


PENDING_NOTE = {
    AuditType.AUDIT: "needs evidence: the documents are present; the records or the auditor's judgment it rests on are still due",
    AuditType.DOCUMENTATION_REVIEW: "not examined in this review: it needs interviews, observation or records",
}


def verdict(requirement: Requirement, checks: tuple[CheckResult, ...], judgment: Judgment | None,
            evidence: Evidence, review: AuditType, policy: ScoringPolicy,
            mentions: Mentions | None = None) -> RequirementResult:
    """One requirement's result: status, source, grade and what failed (see auditkit.verdicts).

    ``mentions``: where the set deals with a subclause's subject (:mod:`auditkit.engine.mentions`). When nothing
    covers the subclause but its subject is dealt with in passing, the process is not absent: a check that found
    nothing becomes a partial result (a gap), and conformity that rests on records or interviews is pending."""
    if review is AuditType.DOCUMENTATION_REVIEW:  # records, interviews and observation are outside a desk review
        needs_more = requirement.manual or any(c.basis == "records" for c in checks)
        checks = tuple(c for c in checks if c.basis == "documents")
    else:
        needs_more = requirement.manual
    # a whole process is absent when nothing in scope covers its subclause and the set never deals with its subject
    present = [i for i in evidence.covering(requirement.clause)
               if review is AuditType.AUDIT or family(i.type) == "documents"]
    dealt = mentions.result(requirement.clause) if mentions is not None and not present else None
    if dealt is not None and any(c.outcome is Outcome.FAIL and c.absent for c in checks):
        checks = checks + (dealt,)  # it looked for the subject and found it only in passing: in part, not absent
    by_rules = rule_verdict(checks, needs_more)
    # what the checks say on their own: with conformity pending, what the documents alone say
    rules = rule_verdict(checks, False).status if by_rules.pending else by_rules.status
    failure: Failure | None = None
    note = by_rules.reason
    if judgment is None and by_rules.pending:
        if present or dealt is not None:
            status, source = (Status.NEEDS_EVIDENCE if review is AuditType.AUDIT else Status.NOT_EXAMINED), Source.RULES
            note = PENDING_NOTE[review]
        elif requirement.kind != "activity" or by_rules.records_missing:
            # nothing documents or records it: the process is absent
            status, source, failure = Status.NONCONFORMANT, Source.RULES, Failure.PROCESS_ABSENT
            note = msg("verdict.process_absent", clause=requirement.clause).text("en")
        elif review is AuditType.DOCUMENTATION_REVIEW:  # an activity: only interviews or observation can tell
            status, source, note = Status.NOT_EXAMINED, Source.RULES, PENDING_NOTE[review]
        else:
            status, source, note = Status.NOT_ASSESSED, Source.NONE, "no automated check and no auditor judgment"
    else:
        status, source, combined = combine(rules, judgment)
        note = combined or note
    if status in (Status.NONCONFORMANT, Status.PARTIAL) and failure is None:
        failure = failure_of(status, checks, requirement.documented is not None, bool(present))
    elif status is Status.NOT_ASSESSED and by_rules.input_fault is not None and judgment is None:
        failure = Failure.UNREADABLE_EVIDENCE
    grade, basis = grade_for(status, requirement, judgment, policy, failure)
    return RequirementResult(
        requirement=requirement.id,
        clause=requirement.clause,
        criticality=requirement.criticality,
        weight=float(policy.weights[requirement.criticality]),
        status=status,
        points=points_for(status, policy),
        source=source,
        rule_status=rules,
        checks=checks,
        judgment=judgment,
        grade=grade,
        grade_basis=basis,
        note=note,
        failure=failure.value if failure and basis != "auditor" else None,
        covered=bool(present) or dealt is not None,
    )


@dataclass(frozen=True)
class Assessment:
    """The result of one assessment. ``to_dict()`` is its published JSON form (assessment.schema.json)."""

    as_of: date
    catalog: Catalog
    evidence: Evidence
    policy: ScoringPolicy
    results: tuple[RequirementResult, ...]
    findings: tuple[Finding, ...]
    judgments_file: str | None = None
    exclusions: tuple[Exclusion, ...] = ()
    """Declared in the profile (audit.exclusions): what other parties operate; those requirements leave the score."""
    not_covered: tuple[Exclusion, ...] = ()
    """Clauses and requirements the audit did not reach (audit.not_covered entries that name one)."""

    def to_dict(self) -> dict:
        return _to_dict(self)


def applicable(result: RequirementResult, requirement: Requirement, exclusions: tuple[Exclusion, ...],
               not_covered: tuple[Exclusion, ...]) -> RequirementResult:
    """The result once the statement of applicability is applied: an excluded requirement is not applicable (it
    leaves the denominator); one the audit did not reach is not examined, unless an auditor judged it or a check
    found a gap (a gap found is never hidden by declaring the area out of the audit)."""
    excluded = next((e for e in exclusions if e.covers(requirement)), None)
    if excluded is not None:
        return replace(result, status=Status.NOT_APPLICABLE, points=0.0, grade=None, grade_basis="", failure=None,
                       note=excluded.note().text("en"))
    outside = next((e for e in not_covered if e.covers(requirement)), None)
    if outside is not None and result.judgment is None and result.status not in (Status.NONCONFORMANT, Status.PARTIAL):
        return replace(result, status=Status.NOT_EXAMINED, points=0.0, grade=None, grade_basis="", failure=None,
                       note=outside.note().text("en"))
    return result


def assess(
    catalog: Catalog,
    evidence: Evidence,
    judgments: dict[str, Judgment],
    as_of: date,
    policy: ScoringPolicy | None = None,
    progress: Progress | None = None,
    judgments_file: str | None = None,
    started: RecordScanner | None = None,
    cache: SourceCache | None = None,
) -> Assessment:
    """Assess every requirement of ``catalog`` against ``evidence`` and ``judgments`` as of a date. Pure.

    ``started``: record exports already being read for this catalog and date (see :mod:`auditkit.engine.scanning`);
    ``cache``: where concept matches of unchanged documents may be kept between runs (speed only)."""
    policy = policy or ScoringPolicy()
    results = []
    total = len(catalog.requirements)
    # The checks over documents first: exports still being read by workers meanwhile are waited for last. The
    # record checks are the last step of the progress.
    # Every check says first what it will read, so that each document is prepared once (engine/concept_reads.py).
    reads = ConceptReads(cache)
    chosen = {}
    for requirement in catalog.requirements:
        for n, spec in enumerate(requirement.checks):
            rule = RULES[spec.rule]
            if not isinstance(rule, RecordRule):
                items = chosen[requirement.id, n] = selected(spec, evidence, requirement)
                reads.want(rule.concept_reads(spec, items))
    checked = {}
    for index, requirement in enumerate(catalog.requirements):
        for n, spec in enumerate(requirement.checks):
            if (requirement.id, n) in chosen:
                checked[requirement.id, n] = run_check(spec, evidence, requirement, as_of, chosen.pop((requirement.id, n)), reads)
        if progress:
            progress(index + 1, total + 1)
    checked.update(run_record_checks(catalog, evidence, as_of, started))
    if progress:
        progress(total + 1, total + 1)
    review = audit_type(evidence)
    in_project = InProject(evidence.project_root or evidence.root)
    mentions = Mentions(catalog, evidence, documents_only=review is AuditType.DOCUMENTATION_REVIEW)
    for requirement in catalog.requirements:
        checks = tuple(in_project.cited(checked.get((requirement.id, n)) or run_check(spec, evidence, requirement, as_of))
                       for n, spec in enumerate(requirement.checks))
        results.append(verdict(requirement, checks, judgments.get(requirement.id), evidence, review, policy, mentions))
    exclusions, not_covered = declared(evidence.organization, catalog)
    results = [applicable(r, requirement, exclusions, not_covered) for r, requirement in zip(results, catalog.requirements)]
    results = apply_credits(catalog, results, policy)  # several catalogs: results credit their mapped requirements
    by_id = catalog.by_id()
    by_result = {r.requirement: r for r in results}
    findings = tuple(_finding(r, by_id[r.requirement], catalog, by_result) for r in results if r.grade is not None)
    return Assessment(as_of, catalog, evidence, policy, tuple(results), findings, judgments_file, exclusions, not_covered)


def _finding(result: RequirementResult, requirement: Requirement, catalog: Catalog,
             results: dict[str, RequirementResult] | None = None) -> Finding:
    """Write a finding as auditors do: the requirement, the objective evidence, the gap."""
    checks = result.checks
    credited = next((c for c in result.credits if c.applied), None)
    if credited is not None and results is not None:  # a credited result rests on the crediting one's evidence
        checks = results[credited.source].checks
    failing = [c for c in checks if c.outcome is not Outcome.PASS]
    passing = [c for c in checks if c.outcome is Outcome.PASS]

    def located(checks) -> dict:
        seen: dict = {}  # each location once, in order (a check over thousands of documents names thousands)
        for check in checks:
            # a check that found nothing points at what was looked for: the check in the catalog
            for loc in check.evidence or ((check.check,) if check.check and check in failing else ()):
                entry = loc.to_dict()
                seen.setdefault(tuple(entry.items()), entry)
        return seen

    # the evidence at fault first (the failing items, with the field or heading a check names), then what else
    # was examined; without a failed check, what was found is the evidence
    at_fault, passed = located(failing), located(passing)
    for check in failing:  # what a failing check looked at without fault
        for loc in check.examined:
            entry = loc.to_dict()
            passed.setdefault(tuple(entry.items()), entry)
    if not at_fault:
        at_fault, passed = passed, {}
    evidence_locs = list(at_fault.values())
    examined = [entry for key, entry in passed.items() if key not in at_fault]
    j = result.judgment
    if j is not None and j.location is not None:
        evidence_locs.append(j.location.to_dict())
    # several checks of one requirement often fail for the same reason: state each reason once
    observed = list(dict.fromkeys(c.message for c in passing))
    gaps = list(dict.fromkeys(c.message for c in failing))
    if j is not None:  # the same template the outputs use to say it in another language
        said = msg("finding.auditor", auditor=j.auditor, method=j.method, date=j.date,
                   sample=msg("finding.sample", sample=j.sample) if j.sample else "", note=j.note or j.result.value)
        (gaps if result.status in (Status.NONCONFORMANT, Status.PARTIAL) else observed).append(said.text("en"))
    statement = (
        f"Requirement {requirement.id} ({requirement.clause} {catalog.clause_title(requirement.clause)}): "
        f"{requirement.text_in('en')}"
    )
    return Finding(
        id=f"F-{requirement.id}",
        requirement=requirement.id,
        clause=requirement.clause,
        grade=result.grade,
        status=result.status,
        statement=statement,
        evidence=tuple(evidence_locs),
        # a process found absent has no check that failed: the verdict's own reason is the gap
        gap="; ".join(gaps) or "; ".join(observed) or result.note or _unexplained(result),
        source=result.source,
        examined=tuple(examined),
    )


def _unexplained(result: RequirementResult) -> str:
    """The reason of a finding nothing explained: its grade and what graded it. A finding never has no reason."""
    grade = result.grade.value if result.grade else "?"
    return msg("finding.graded", grade=grade, basis=result.grade_basis or result.source.value).text("en")


def _applicability(a: Assessment) -> dict:
    """The declared exclusions and uncovered areas, each with the requirements it took out of the score."""
    def named(entry: Exclusion, status: Status) -> list[str]:
        return [r.requirement for r, req in zip(a.results, a.catalog.requirements)
                if entry.covers(req) and r.status is status]

    return {"exclusions": [e.to_dict(named(e, Status.NOT_APPLICABLE)) for e in a.exclusions],
            "not_covered": [e.to_dict(named(e, Status.NOT_EXAMINED)) for e in a.not_covered]}


def _to_dict(a: Assessment) -> dict:
    results = list(a.results)
    points, weight, overall = weighted(results)
    by_grade = Counter(f.grade.value for f in a.findings)
    majors = by_grade.get(Grade.MAJOR.value, 0)
    reasons = []
    if majors:
        reasons.append(f"{majors} major nonconformit{'y' if majors == 1 else 'ies'}")
    if overall is None or overall < a.policy.readiness_threshold:
        reasons.append(f"overall score {overall} below the threshold {a.policy.readiness_threshold}")
    requirements = a.catalog.by_id()
    org = a.evidence.organization
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "auditkit", "version": __version__},
        "catalog": {"id": a.catalog.id, "version": a.catalog.version, "standard": a.catalog.standard,
                    "overlays": list(a.catalog.overlays), "requirements": len(a.catalog.requirements)},
        "organization": {"name": org.name, "scope": org.scope,
                         "services": [{"id": s.id, "name": s.name} for s in org.services],
                         "profile": org.data},
        "as_of": a.as_of.isoformat(),
        "scoring": {**a.policy.to_dict(), "aggregation_rule": AGGREGATION_RULE},
        "review": _review(a, results),
        "summary": {
            "overall": {"points": points, "weight": weight, "score": overall},
            "ready": not reasons,
            "readiness_reasons": reasons,
            "status_counts": {s.value: sum(1 for r in results if r.status is s) for s in Status},
            "coverage": _coverage(results),
            "grade_counts": {g.value: by_grade.get(g.value, 0) for g in GRADE_ORDER},
            "source_counts": {s.value: sum(1 for r in results if r.source is s) for s in Source},
            "checks": {o.value: sum(1 for r in results for c in r.checks if c.outcome is o) for o in Outcome},
        },
        "clauses": [_clause_dict(c) for c in clause_scores(results, lambda r: top_clause(r.clause), a.catalog.clauses)],
        "subclauses": [_subclause_dict(c) for c in clause_scores(results, lambda r: r.clause, a.catalog.clauses)],
        "results": [_result_dict(r, requirements[r.requirement]) for r in results],
        "findings": [_finding_dict(f) for f in a.findings],
        **({"catalogs": _catalogs(a, results)} if len(a.catalog.parts) > 1 else {}),
        "applicability": _applicability(a),
        "roadmap": plan(a.results, a.catalog, org.get("organization.staff")),
        **_documents(a),
        "inputs": {
            "catalog_files": [f.path for f in a.catalog.files],
            "judgments_file": a.judgments_file,
            "evidence_items": [{"id": i.id, "type": i.type, "title": i.title, "file": i.file,
                                **({"approved": i.approved.isoformat()} if i.approved else {}),
                                **({"version": str(i.fields["version"])} if "version" in i.fields else {})}
                               for i in a.evidence.items],
            "files": [{"path": f.path, "sha256": f.sha256, "size": f.size} for f in a.evidence.files],
            # where a finding without a file of its own points a user: the evidence folder, by its profile
            "profile": _profile(a.evidence),
            **({"unread": unread} if (unread := a.evidence.unread()) else {}),
        },
    }


def _documents(a: Assessment) -> dict:
    """The document set's own findings, for the report's section on them: the documents it refers to but lacks
    (each with every place referring to it), and its contradictions and stale references. Only when documents were
    read as written (an assessment of descriptors alone has no such section)."""
    if not any(item.document is not None for item in a.evidence.items):
        return {}
    from auditkit.engine.checks.consistent import conflict_message  # one sentence per contradiction, as the finding

    return {"documents": {
        "missing_references": [m.to_dict() for m in a.evidence.missing_references()],
        "contradictions": [{**c.to_dict(), "message": conflict_message(c).to_dict()}
                           for c in a.evidence.contradictions()],
    }}


def _catalogs(a: Assessment, results: list[RequirementResult]) -> list[dict]:
    """One entry per catalog of a project with several: its requirements' score (the same formula, over its own
    requirements), statuses, grades and the credits given and taken across catalogs."""
    of = {r.id: r.catalog for r in a.catalog.requirements}
    out = []
    for part in a.catalog.parts:
        own = [r for r in results if of.get(r.requirement) == part.id]
        points, weight, score = weighted(own)
        grades = Counter(f.grade.value for f in a.findings if of.get(f.requirement) == part.id)
        out.append({
            "id": part.id, "version": part.version, "standard": part.standard, "title": dict(part.title),
            "known_as": part.known_as, "primary": part.primary, "prefix": part.prefix, "requirements": len(own),
            "score": {"points": points, "weight": weight, "score": score},
            "status_counts": {s.value: sum(1 for r in own if r.status is s) for s in Status},
            "grade_counts": {g.value: grades.get(g.value, 0) for g in GRADE_ORDER},
            "credits": {"offered": sum(len(r.credits) for r in own),
                        "applied": sum(1 for r in own for c in r.credits if c.applied)},
        })
    return out


def _profile(evidence: Evidence) -> str | None:
    """The organisation profile (evidence/organization.yaml) as the user's shell sees it, when it exists."""
    path = Path(evidence.root) / PROFILE_NAME
    return display_path(path) if path.is_file() else None


def _review(a: Assessment, results: list[RequirementResult]) -> dict:
    """What kind of review this was and what it examined (the report states it)."""
    review = audit_type(a.evidence)
    out = {"type": review.value,
           "not_examined": [r.requirement for r in results if r.status is Status.NOT_EXAMINED],
           "needs_evidence": [r.requirement for r in results if r.status is Status.NEEDS_EVIDENCE]}
    if review is AuditType.DOCUMENTATION_REVIEW:
        documents = [i for i in a.evidence.items if family(i.type) == "documents"]
        out["examined"] = {"documents": len(documents), "sample": False}
    return out


def _coverage(results: list[RequirementResult]) -> dict:
    """How much of the catalog was actually assessed: not-assessed requirements score 0 and are shown as such;
    needs evidence is not assessed yet either; not applicable and not examined leave the count."""
    applicable = [r for r in results if r.counts]
    assessed = [r for r in applicable if r.status not in (Status.NOT_ASSESSED, Status.NEEDS_EVIDENCE)]
    return {"applicable": len(applicable), "assessed": len(assessed),
            "share": round(len(assessed) / len(applicable), 4) if applicable else None}


def _clause_dict(c) -> dict:
    return {"clause": c.clause, "title": c.title, "title_zh": c.title_zh, "points": c.points, "weight": c.weight, "score": c.score, "status_counts": c.counts}


def _subclause_dict(c) -> dict:
    return {**_clause_dict(c), "status": c.status.value, "grade": c.grade.value if c.grade else None}


def _result_dict(r: RequirementResult, req: Requirement) -> dict:
    out = {
        "requirement": r.requirement,
        "clause": r.clause,
        "title": dict(req.title),
        "text": dict(req.text),
        "kind": req.kind,
        "criticality": r.criticality,
        "weight": r.weight,
        "status": r.status.value,
        "points": r.points,
        "source": r.source.value,
        "rule_status": r.rule_status.value if r.rule_status else None,
        "grade": r.grade.value if r.grade else None,
        "grade_basis": r.grade_basis,
        "checks": [c.to_dict() for c in r.checks],
        "judgment": r.judgment.to_dict() if r.judgment else None,
        "manual": req.manual,
    }
    if r.note:
        out["note"] = r.note
    if r.failure:
        out["failure"] = r.failure
    if r.credits:
        out["credits"] = [c.to_dict() for c in r.credits]
    if req.documented:
        out["documented"] = req.documented
    return out


def _finding_dict(f: Finding) -> dict:
    return {"id": f.id, "requirement": f.requirement, "clause": f.clause, "grade": f.grade.value,
            "status": f.status.value, "statement": f.statement, "evidence": list(f.evidence), "gap": f.gap,
            "source": f.source.value, "examined": list(f.examined)}
