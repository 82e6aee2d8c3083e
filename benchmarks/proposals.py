"""How right are the clause proposals of ``evidence import``? Precision and recall against two answer keys.

- cloud.gov (../shared/realdocs/cloudgov-key.csv): per subclause, the documents a lead auditor cited in the
  evidence column. "cited" counts every document named; "credited" leaves out the rows rated N (not addressed),
  where a document is named only as the nearest thing to the missing one.
- the bundled example organisation (evidence/): each document's front matter `covers:` (leaf subclauses).

A pair is (document, subclause). A proposal counts when its confidence is at least the threshold.
Run: ``python benchmarks/proposals.py`` (prints a table; tests/engine/test_proposal_quality.py holds the floors).
"""

from __future__ import annotations

import csv
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditkit.engine.concepts import ACCEPT_THRESHOLD, outline_markdown, outline_text, propose_clauses  # noqa: E402
from auditkit.engine.project import load_catalog  # noqa: E402
from auditkit.inputs.catalog import default_clause_table  # noqa: E402


def realdocs() -> Path | None:
    """The real document sets: ../shared/realdocs beside the repository, else the copy in tests/fixtures."""
    for candidate in (ROOT.parent / "shared" / "realdocs", ROOT / "tests" / "fixtures" / "realdocs"):
        if (candidate / "cloudgov-key.csv").is_file():
            return candidate
    return None


@dataclass(frozen=True)
class Score:
    proposed: int
    right: int
    expected: int
    found: int

    @property
    def precision(self) -> float:
        return self.right / self.proposed if self.proposed else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 0.0

    def __str__(self) -> str:
        return (f"precision {self.precision:.2f} ({self.right}/{self.proposed}), "
                f"recall {self.recall:.2f} ({self.found}/{self.expected})")


def score(proposed: set[tuple[str, str]], expected: set[tuple[str, str]]) -> Score:
    return Score(len(proposed), len(proposed & expected), len(expected), len(expected & proposed))


READERS = ("documents", "outline")
"""documents: read as `evidence import` reads them (auditkit.inputs.documents); outline: the matcher's own Markdown
outline (auditkit.engine.concepts.outline_markdown)."""


def outline(path: Path, shown: str, reader: str = "documents"):
    if reader == "documents":
        from auditkit.inputs.documents import read_document

        return read_document(path, shown)
    text = path.read_text("utf-8", errors="replace")
    return outline_markdown(text, shown) if path.suffix in (".md", ".markdown") else outline_text(text, shown)


def proposals_of(folder: Path, catalog, threshold: float, pattern: str = "**/*.md", reader: str = "documents"
                 ) -> dict[tuple[str, str], float]:
    """(document relative to ``folder``, clause) -> confidence, for every proposal at or above ``threshold``."""
    out = {}
    for path in sorted(folder.glob(pattern)):
        shown = path.relative_to(folder).as_posix()
        for proposal in propose_clauses(outline(path, shown, reader), catalog):
            if proposal.confidence >= threshold:
                out[(shown, proposal.clause)] = proposal.confidence
    return out


def cloudgov_key(root: Path) -> tuple[set, set]:
    """(cited, credited) pairs of the lead auditor's key."""
    cited, credited = set(), set()
    with (root / "cloudgov-key.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            docs = set(re.findall(r"(_docs/[\w./-]+\.md)", row["evidence"]))
            cited |= {(d, row["clause"]) for d in docs}
            if row["status"] != "N":
                credited |= {(d, row["clause"]) for d in docs}
    return cited, credited


def example_key(evidence: Path) -> set:
    import yaml

    pairs = set()
    for path in evidence.rglob("*.md"):
        text = path.read_text("utf-8")
        if not text.startswith("---"):
            continue
        front = yaml.safe_load(text.split("---", 2)[1]) or {}
        for clause in front.get("covers") or ():
            if clause in default_clause_table().leaves:
                pairs.add((path.relative_to(evidence).as_posix(), clause))
    return pairs


def measure(threshold: float = ACCEPT_THRESHOLD, reader: str = "documents") -> dict[str, Score]:
    catalog = load_catalog([ROOT / "controls"])
    results = {}
    docs = realdocs()
    if docs is not None:
        cited, credited = cloudgov_key(docs)
        proposed = set(proposals_of(docs / "cloudgov", catalog, threshold, reader=reader))
        results["cloud.gov vs key (cited)"] = score(proposed, cited)
        results["cloud.gov vs key (credited)"] = score(proposed, credited)
    evidence = ROOT / "evidence"
    key = example_key(evidence)
    documents = {d for d, _ in key}
    proposed = {p for p in proposals_of(evidence, catalog, threshold, reader=reader) if p[0] in documents}
    results["example organisation vs covers:"] = score(proposed, key)
    return results


def main() -> None:
    for reader in READERS:
        for threshold in (ACCEPT_THRESHOLD, 0.25):
            print(f"reader {reader}, threshold {threshold}:")
            for name, result in measure(threshold, reader).items():
                print(f"  {name:36} {result}")
    docs = realdocs()
    if docs is not None and "-v" in sys.argv:
        catalog = load_catalog([ROOT / "controls"])
        for name, pattern in (("govuk", "**/*.md"), ("openeuler-infra", "**/*.md")):
            print(f"\n{name}:")
            for path in sorted((docs / name).glob(pattern)):
                shown = path.relative_to(docs / name).as_posix()
                found = propose_clauses(outline(path, shown), catalog)
                print(f"  {shown}: " + ", ".join(f"{p.clause} {p.confidence:.2f}" for p in found[:6]))
                for p in found[:2]:
                    print(f"      {p.describe('zh') if name == 'openeuler-infra' else p.describe('en')}")


if __name__ == "__main__":
    main()
