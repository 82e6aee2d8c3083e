"""``auditkit catalog list|show|stats``: read the requirements catalog."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from auditkit.engine.project import project_catalog
from auditkit.inputs.catalog import Catalog
from auditkit.model.clauses import clause_key
from auditkit.model.errors import UsageError
from auditkit.cli import language, main
from auditkit.cli.common import add_row_safe, build_config, echo_safe, format_option, project_options, run_guarded
from auditkit.model.messages import label, msg

LABELS = ("id", "clause", "title", "kind", "crit", "checks", "manual", "text", "guidance", "look_at", "questions", "sample",
          "typical", "refs", "requirements", "automated", "manual_only", "all")
"""The words of these listings: templates catalog.label.<name> of auditkit/model/messages.yaml."""


def _labels(lang: str) -> dict[str, str]:
    return {name: label(f"catalog.label.{name}", lang) for name in LABELS}


def _enum(lang: str) -> dict:
    """Kind and criticality in the language (auditkit/templates/i18n/<lang>.yaml)."""
    from auditkit.outputs.vocabulary import enum_labels  # start-up time: only these listings need it

    return enum_labels(lang)


def _load(project, config, controls, extra_catalogs) -> Catalog:
    cfg = build_config(project, config, controls, extra_catalogs, None, None)
    return project_catalog(cfg)


@main.group()
def catalog() -> None:
    """Browse the requirements catalog."""


def _catalog_options(func):
    func = click.option("--lang", type=click.Choice(["en", "zh"]), default=None,
                        help="Language of titles and labels (default: the project's `lang:`, else en).")(func)
    return project_options(func)


@catalog.command("list")
@_catalog_options
@click.option("--clause", help="Only requirements of this clause (and its subclauses).")
def list_requirements(project, config, controls, extra_catalogs, evidence, judgments, lang, clause) -> None:
    """List requirements: id, clause, title, kind, criticality and number of checks."""

    def body():
        lang_ = language.use(lang, project, config)
        cat = _load(project, config, controls, extra_catalogs)
        t, words = _labels(lang_), _enum(lang_)
        table = Table(show_edge=False)
        for column in ("id", "clause", "title", "kind", "crit", "checks"):
            table.add_column(t[column])
        for r in cat.requirements:
            if clause and not (r.clause == clause or r.clause.startswith(clause + ".")):
                continue
            checks = str(len(r.checks)) + (f" +{t['manual']}" if r.manual else "")
            add_row_safe(table, r.id, r.clause, r.title_in(lang_), words["kind"].get(r.kind, r.kind),
                         words["criticality"].get(r.criticality, r.criticality), checks)
        Console(width=140).print(table)

    run_guarded(body)


@catalog.command("show")
@_catalog_options
@click.argument("requirement_id")
def show(project, config, controls, extra_catalogs, evidence, judgments, lang, requirement_id) -> None:
    """Show one requirement whole: text, checks, auditor guidance and references."""

    def body():
        lang_ = language.use(lang, project, config)
        cat = _load(project, config, controls, extra_catalogs)
        req = cat.by_id().get(requirement_id)
        if req is None:
            near = [r.id for r in cat.requirements if r.id.startswith(requirement_id)][:8]
            raise UsageError(language.text("cli.catalog.near", id=repr(requirement_id), near=", ".join(near)) if near
                             else language.text("cli.catalog.none", id=repr(requirement_id)))
        t, words = _labels(lang_), _enum(lang_)
        colon = "：" if lang_ == "zh" else ": "
        clause_title = cat.clause_title(req.clause, lang_)
        echo_safe(f"{req.id}  {req.title_in(lang_)}")
        echo_safe(f"{t['clause']}{colon}{req.clause} {clause_title}" + (f" [{req.ref}]" if req.ref else ""))
        echo_safe(f"{t['kind']}{colon}{words['kind'].get(req.kind, req.kind)}   "
                  f"{t['crit']}{colon}{words['criticality'].get(req.criticality, req.criticality)}   ({req.location})")
        echo_safe(f"\n{t['text']}{colon.strip()}\n  {req.text_in(lang_)}\n")
        echo_safe(f"{t['checks']}{colon.strip()}" + ("" if req.checks else " -"))
        for check in req.checks:
            sel = check.select.to_dict()
            echo_safe(f"  - {check.describe()}" + (f" select={sel}" if sel else ""))
        if req.manual:
            echo_safe(f"  - {t['manual']}")
        g = req.guidance_in(lang_)
        echo_safe(f"\n{t['guidance']}{colon.strip()}")
        if g.look_at:
            echo_safe(f"  {t['look_at']}{colon}{g.look_at}")
        for q in g.questions:
            echo_safe(f"  {t['questions']}{colon}{q}")
        if g.sample:
            echo_safe(f"  {t['sample']}{colon}{g.sample}")
        if g.typical_evidence:
            echo_safe(f"  {t['typical']}{colon}{', '.join(g.typical_evidence)}")
        if req.references:
            refs = "; ".join(f"{k}: {', '.join(v)}" for k, v in req.references.items())
            echo_safe(f"\n{t['refs']}{colon}{refs}")

    run_guarded(body)


@catalog.command("expectations")
@_catalog_options
@format_option("catalog expectations", default="table", short=False)
def expectations_command(project, config, controls, extra_catalogs, evidence, judgments, lang, fmt) -> None:
    """What every requirement expects: the evidence it rests on, preferred and required types, its checks."""
    import csv  # only this command writes CSV
    import io

    from auditkit.engine.expectations import COLUMNS, expectations  # start-up time: only this command needs it

    def body():
        rows = expectations(_load(project, config, controls, extra_catalogs), language.use(lang, project, config))
        if fmt == "csv":
            out = io.StringIO()
            writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            click.echo(out.getvalue(), nl=False)
            return
        table = Table(show_edge=False)
        for column in ("requirement", "clause", "rests_on", "documentation_review", "preferred_types", "required_types"):
            table.add_column(column)
        for row in rows:
            add_row_safe(table, *(row[c] for c in ("requirement", "clause", "rests_on", "documentation_review",
                                                   "preferred_types", "required_types")))
        Console(width=160).print(table)

    run_guarded(body)


@catalog.command("stats")
@_catalog_options
def stats(project, config, controls, extra_catalogs, evidence, judgments, lang) -> None:
    """Counts per clause and per kind, and the share of requirements with automated checks."""

    def body():
        lang_ = language.use(lang, project, config)
        cat = _load(project, config, controls, extra_catalogs)
        t, words = _labels(lang_), _enum(lang_)
        table = Table(title=f"{cat.id} {cat.version}", title_justify="left", show_edge=False)
        for name in ("clause", "title", "requirements", "automated", "manual_only", "checks"):
            table.add_column(t[name], justify="left" if name in ("clause", "title") else "right")
        groups: dict[str, list] = {}
        for r in cat.requirements:
            groups.setdefault(r.top_clause, []).append(r)
        for clause in sorted(groups, key=clause_key):
            reqs = groups[clause]
            automated = sum(1 for r in reqs if r.checks)
            add_row_safe(table, clause, cat.clause_title(clause, lang_), str(len(reqs)), f"{automated} ({automated / len(reqs):.0%})",
                          str(len(reqs) - automated), str(sum(len(r.checks) for r in reqs)))
        reqs = cat.requirements
        automated = sum(1 for r in reqs if r.checks)
        add_row_safe(table, t["all"], "", str(len(reqs)), f"{automated} ({automated / max(1, len(reqs)):.0%})",
                      str(len(reqs) - automated), str(sum(len(r.checks) for r in reqs)), style="bold")
        console = Console(width=120)
        console.print(table)
        kinds = Counter(r.kind for r in reqs)
        crit = Counter(r.criticality for r in reqs)
        rules = Counter(c.rule for r in reqs for c in r.checks)
        def counts(values: Counter, names: dict | None = None) -> str:
            return msg("comma", items=[f"{(names or {}).get(k, k)} {v}" for k, v in sorted(values.items())]).text(lang_)

        console.print(language.text("catalog.by_kind", counts=counts(kinds, words["kind"])), markup=False)
        console.print(language.text("catalog.by_criticality", counts=counts(crit, words["criticality"])), markup=False)
        console.print(language.text("catalog.by_rule", counts=counts(rules)), markup=False)
        leaves_without = [c for c in cat.clauses.leaves
                          if not any(r.clause == c for r in reqs)]
        if leaves_without:
            console.print(language.text("catalog.leaves_without", ids=", ".join(leaves_without)), markup=False)

    run_guarded(body)


@catalog.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--from", "fmt", required=True, type=click.Choice(["ciso-assistant", "oscal", "csv", "xlsx"]),
              help="The format of FILE: a CISO Assistant library (YAML), an OSCAL catalog (JSON or YAML), a "
                   "spreadsheet (CSV or XLSX).")
@click.option("--map", "mapping", multiple=True, metavar="COLUMN=FIELD",
              help="Spreadsheets: the column that holds a field (id, clause, title, text, title_zh, text_zh, kind, "
                   "criticality, look_at, clause_title, clause_title_zh, parent); repeatable.")
@click.option("--sheet", help="XLSX: the sheet to read (default: the first).")
@click.option("--output", "-o", "folder", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The catalog folder to write or update, e.g. controls/iso27001-2022/.")
@click.option("--id", "catalog_id", help="The catalog's id (default: the folder's name; an earlier import's id stays).")
@click.option("--lang", "lang_option", type=click.Choice(["en", "zh"]), default=None,
              help="Language of what it prints (default: the lang: of ./auditkit.yaml, else en).")
def import_catalog(file, fmt, mapping, sheet, folder, catalog_id, lang_option) -> None:
    """Write (or update) an auditkit catalog, with its own clause table, from another tool's catalog FILE."""

    def body():
        from auditkit.engine.catalog_import import plan_catalog  # start-up time: only this command loads it
        from auditkit.inputs.catalog_sources import read_source_catalog  # start-up time: only this command loads it
        from auditkit.inputs.catalog_sources.table import parse_mapping  # start-up time: only this command loads it
        from auditkit.inputs.yamlsource import display_path  # start-up time: only this command loads it
        from auditkit.model.messages import msg  # start-up time: only this command loads it
        from auditkit.outputs.atomic import write_text_atomic  # start-up time: only this command loads it

        lang = language.use(lang_option)
        try:
            columns = parse_mapping(mapping)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        if columns and fmt not in ("csv", "xlsx"):
            raise UsageError(language.text("cli.catalog.map", fmt=fmt))
        source = read_source_catalog(file, fmt, columns, sheet)
        plan = plan_catalog(source, folder, catalog_id=catalog_id, source_name=display_path(file))
        for planned in plan.files:
            if not planned.created and planned.path.read_text("utf-8") == planned.text:
                continue  # unchanged: not rewritten
            write_text_atomic(planned.path, planned.text)
            verb = msg("catalog_import.created" if planned.created else "catalog_import.updated")
            echo_safe(msg("catalog_import.file", verb=verb, path=display_path(planned.path)).text(lang))
        echo_safe(msg("catalog_import.done", requirements=plan.requirements, clauses=plan.clauses,
                      standard=source.standard, source=display_path(file), folder=display_path(folder),
                      catalog=plan.catalog_id, created=plan.created, updated=plan.updated,
                      unchanged=plan.unchanged).text(lang))
        if plan.own:
            echo_safe(msg("catalog_import.own", n=plan.own).text(lang))
        if plan.withdrawn:
            echo_safe(msg("catalog_import.withdrawn", n=len(plan.withdrawn), ids=", ".join(plan.withdrawn)).text(lang))
        if plan.lost:
            echo_safe(msg("catalog_import.lost", items=list(plan.lost)).text(lang))
        echo_safe(msg("catalog_import.next", file=display_path(plan.files[-1].path)).text(lang))

    run_guarded(body)
