"""``auditkit evidence``: register documents as they are written, and review the clauses proposed for them.

``evidence import PATH...`` writes one descriptor per document in ``evidence/imported/`` (the document stays where
it is); ``evidence proposals`` lists the proposed clauses with the line to edit to accept one.
"""

from __future__ import annotations

from pathlib import Path

import click

from auditkit.cli import main
from auditkit.cli.common import project_options, run_guarded

TEXTS = {
    "en": {
        "written": "{verb} {path}: {document} ({fields} values read, {contradictions} contradictions; "
                   "{proposals} clauses proposed, {accepted} accepted)",
        "created": "created", "updated": "updated",
        "summary": "{documents} documents: {created} descriptors created, {updated} updated in {folder}",
        "next": "review the proposals: auditkit evidence proposals",
        "none": "no documents found under {paths}",
        "proposal": "{where}: {clause} {state} (confidence {confidence:.2f}) for {document}: {reason}",
        "accepted": "accepted", "proposed": "proposed",
        "no_proposals": "no proposals: run auditkit evidence import first",
        "count": "{total} proposals, {accepted} accepted; accept one by setting its accept: to true",
        "unread": "cannot read it, not imported",
    },
    "zh": {
        "written": "{verb} {path}：{document}（读取 {fields} 个值，{contradictions} 处矛盾；建议 {proposals} 个条款，已接受 {accepted} 个）",
        "created": "已创建", "updated": "已更新",
        "summary": "{documents} 份文件：在 {folder} 中新建 {created} 个描述文件，更新 {updated} 个",
        "next": "请审阅建议：auditkit evidence proposals",
        "none": "在 {paths} 下未找到文件",
        "proposal": "{where}：{clause} {state}（置信度 {confidence:.2f}），文件 {document}：{reason}",
        "accepted": "已接受", "proposed": "建议",
        "no_proposals": "没有建议：请先运行 auditkit evidence import",
        "count": "共 {total} 条建议，已接受 {accepted} 条；把 accept: 改为 true 即接受",
        "unread": "无法读取，未导入",
    },
}


@main.group()
def evidence() -> None:
    """Register documents as written and review the clauses proposed for them."""


@evidence.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@project_options
@click.option("--accept", is_flag=True, help="Accept the proposed clauses at or above the threshold.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None,
              help="Confidence from which --accept accepts a proposal (default: the matcher's own, 0.5).")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True)
def import_(paths, project, config, controls, extra_catalogs, evidence, judgments, accept, threshold, lang) -> None:
    """Register the documents at PATHS (files or folders): one descriptor each in evidence/imported/."""

    def body():
        from auditkit.cli.common import open_project  # start-up time: only this command loads it
        from auditkit.engine.importing import documents_under, plan_import  # start-up time: only this command
        from auditkit.engine.project import project_catalog  # start-up time: only this command loads it
        from auditkit.inputs.yamlsource import display_path  # start-up time: only this command loads it
        from auditkit.model.errors import InputErrors, Location, Problem  # start-up time: only this command loads it
        from auditkit.outputs.atomic import write_text_atomic  # start-up time: only this command loads it

        text = TEXTS[lang]
        cfg = open_project(project, config, controls, extra_catalogs, evidence, judgments, workers=False).config
        root = cfg.root.resolve()
        # PATHS are as the user typed them (relative to the working folder), like every path on the command line
        files, skipped = documents_under([Path(p) for p in paths])
        outside = [Problem(Location(display_path(f)), "is outside the project folder " + display_path(root), "import")
                   for f in files if root not in f.resolve().parents]
        if outside:
            raise InputErrors(outside)
        for problem in skipped:
            click.echo(f"{problem.location}: warning: {problem.message}", err=True)
        if not files:
            click.echo(text["none"].format(paths=", ".join(str(p) for p in paths)), err=True)
            return 2
        from auditkit.engine.concepts import ACCEPT_THRESHOLD  # start-up time: only this command loads it

        catalog = project_catalog(cfg)
        planned, problems = plan_import(files, root, cfg.evidence, catalog, accept=accept,
                                        threshold=ACCEPT_THRESHOLD if threshold is None else threshold,
                                        lang=lang, shown=display_path)
        for problem in problems:
            click.echo(f"{problem.location}: warning: {problem.message}: {text['unread']}", err=True)
        for item in planned:
            item.path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(item.path, item.text)
            click.echo(text["written"].format(verb=text["created" if item.created else "updated"],
                                              path=display_path(item.path), document=item.document, fields=item.fields,
                                              contradictions=item.contradictions, proposals=item.proposals,
                                              accepted=item.accepted))
        created = sum(1 for item in planned if item.created)
        click.echo(text["summary"].format(documents=len(planned), created=created, updated=len(planned) - created,
                                          folder=display_path(cfg.evidence / "imported")))
        click.echo(text["next"])
        return 0

    run_guarded(body)


@evidence.command("proposals")
@project_options
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True)
@click.option("--pending", is_flag=True, help="Only the proposals not accepted yet.")
def proposals(project, config, controls, extra_catalogs, evidence, judgments, lang, pending) -> None:
    """List the proposed clauses of every imported document, each with the line to edit to accept it."""

    def body():
        from auditkit.cli.common import open_project  # start-up time: only this command loads it
        from auditkit.engine.importing import proposals_of  # start-up time: only this command
        from auditkit.inputs.yamlsource import display_path  # start-up time: only this command loads it

        text = TEXTS[lang]
        cfg = open_project(project, config, controls, extra_catalogs, evidence, judgments, workers=False).config
        found = proposals_of(cfg.evidence)
        if not found:
            click.echo(text["no_proposals"])
            return 0
        accepted = 0
        for path, line, entry in found:
            is_accepted = entry.get("accept") is True
            accepted += is_accepted
            if pending and is_accepted:
                continue
            reasons = (entry.get("reasons") or {}).get(lang) or (entry.get("reasons") or {}).get("en") or [""]
            click.echo(text["proposal"].format(where=f"{display_path(path)}:{line}", clause=entry.get("clause"),
                                               state=text["accepted" if is_accepted else "proposed"],
                                               confidence=float(entry.get("confidence") or 0), document=path.stem,
                                               reason=reasons[0]))
        click.echo(text["count"].format(total=len(found), accepted=accepted))
        return 0

    run_guarded(body)
