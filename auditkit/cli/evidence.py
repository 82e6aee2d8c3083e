"""``auditkit evidence``: register documents as they are written, and review the clauses proposed for them.

``evidence import PATH...`` writes one descriptor per document in ``evidence/imported/`` (the document stays where
it is); ``evidence proposals`` lists the proposed clauses with the line to edit to accept one.
"""

from __future__ import annotations

from pathlib import Path

import click

from auditkit.cli import language as cli_language, main
from auditkit.cli.common import echo_safe, project_options, run_guarded

def _say(message, lang: str, **echo) -> None:
    """One sentence of messages.yaml in the language, made safe for a terminal (it may hold a file's name)."""
    echo_safe(message.text(lang), **echo)


@main.group()
def evidence() -> None:
    """Register documents as written and review the clauses proposed for them."""


@evidence.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@project_options
@click.option("--accept", is_flag=True, help="Accept the proposed clauses at or above the threshold.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None,
              help="Confidence from which --accept accepts a proposal (default: the matcher's own, 0.5).")
@click.option("--lang", type=click.Choice(["en", "zh"]), default=None,
              help="Language of the messages (default: the project's lang:, else en).")
def import_(paths, project, config, controls, extra_catalogs, evidence, judgments, accept, threshold, lang) -> None:
    """Register the documents at PATHS (files or folders): one descriptor each in evidence/imported/."""

    def body():
        from auditkit.cli.common import open_project  # start-up time: only this command loads it
        from auditkit.engine.importing import documents_under, plan_import  # start-up time: only this command
        from auditkit.engine.project import project_catalog  # start-up time: only this command loads it
        from auditkit.inputs.yamlsource import display_path  # start-up time: only this command loads it
        from auditkit.model.errors import InputErrors, Location, Problem  # start-up time: only this command loads it
        from auditkit.outputs.atomic import write_text_atomic  # start-up time: only this command loads it

        from auditkit.model.messages import msg  # start-up time: only this command loads it

        cfg = open_project(project, config, controls, extra_catalogs, evidence, judgments, workers=False).config
        language = cli_language.use(lang, project, config)
        root = cfg.root.resolve()
        # PATHS are as the user typed them (relative to the working folder), like every path on the command line
        files, skipped = documents_under([Path(p) for p in paths])
        outside = [Problem(Location(display_path(f)), msg("cli.import.outside", root=display_path(root)).text(language),
                           "import") for f in files if root not in f.resolve().parents]
        if outside:
            raise InputErrors(outside)
        for problem in skipped:
            _say(msg("cli.warning", where=str(problem.location), text=problem.message), language, err=True)
        if not files:
            _say(msg("cli.import.none", paths=", ".join(str(p) for p in paths)), language, err=True)
            return 2
        from auditkit.engine.concepts import ACCEPT_THRESHOLD  # start-up time: only this command loads it

        catalog = project_catalog(cfg)
        planned, problems = plan_import(files, root, cfg.evidence, catalog, accept=accept,
                                        threshold=ACCEPT_THRESHOLD if threshold is None else threshold,
                                        lang=language, shown=display_path)
        for problem in problems:
            _say(msg("cli.warning", where=str(problem.location), text=problem.message), language, err=True)
        for item in planned:
            item.path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(item.path, item.text)
            _say(msg("cli.import.written", verb=msg("cli.import.created" if item.created else "cli.import.updated"),
                     path=display_path(item.path), document=item.document, fields=item.fields,
                     contradictions=item.contradictions, proposals=item.proposals, accepted=item.accepted), language)
        created = sum(1 for item in planned if item.created)
        _say(msg("cli.import.summary", documents=len(planned), created=created, updated=len(planned) - created,
                 folder=display_path(cfg.evidence / "imported")), language)
        _say(msg("cli.import.next"), language)
        return 0

    run_guarded(body)


@evidence.command("proposals")
@project_options
@click.option("--lang", type=click.Choice(["en", "zh"]), default=None,
              help="Language of the messages (default: the project's lang:, else en).")
@click.option("--pending", is_flag=True, help="Only the proposals not accepted yet.")
def proposals(project, config, controls, extra_catalogs, evidence, judgments, lang, pending) -> None:
    """List the proposed clauses of every imported document, each with the line to edit to accept it."""

    def body():
        from auditkit.cli.common import open_project  # start-up time: only this command loads it
        from auditkit.engine.importing import proposals_of  # start-up time: only this command
        from auditkit.inputs.yamlsource import display_path  # start-up time: only this command loads it

        from auditkit.model.messages import msg  # start-up time: only this command loads it

        cfg = open_project(project, config, controls, extra_catalogs, evidence, judgments, workers=False).config
        language = cli_language.use(lang, project, config)
        found = proposals_of(cfg.evidence)
        if not found:
            _say(msg("cli.proposals.none"), language)
            return 0
        accepted = 0
        for path, line, entry in found:
            is_accepted = entry.get("accept") is True
            accepted += is_accepted
            if pending and is_accepted:
                continue
            reasons = (entry.get("reasons") or {}).get(language) or (entry.get("reasons") or {}).get("en") or [""]
            _say(msg("cli.proposals.line", where=f"{display_path(path)}:{line}", clause=entry.get("clause"),
                     state=msg("cli.proposals.accepted" if is_accepted else "cli.proposals.proposed"),
                     confidence=f"{float(entry.get('confidence') or 0):.2f}", document=path.stem,
                     reason=reasons[0]), language)
        _say(msg("cli.proposals.count", total=len(found), accepted=accepted), language)
        return 0

    run_guarded(body)
