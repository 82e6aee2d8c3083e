"""``auditkit judgments import``: a filled sampling worksheet becomes a sampling judgment in judgments.yaml.

This module is imported only when the command runs (auditkit.cli._COMMAND_MODULES), so it imports at the top."""

from __future__ import annotations

from pathlib import Path

import click

from auditkit.cli import language, main
from auditkit.cli.common import build_config, echo_safe, project_options, run_guarded
from auditkit.engine.project import project_catalog
from auditkit.inputs.worksheet import read_worksheet
from auditkit.inputs.yamlsource import display_path
from auditkit.model.errors import AuditkitError
from auditkit.model.messages import msg
from auditkit.outputs.interview import JudgmentsFile
from auditkit.outputs.sampling_judgment import judgment_from
from auditkit.outputs.vocabulary import enum_labels


@main.group("judgments")
def judgments_group() -> None:
    """Auditor judgments (judgments.yaml)."""


@judgments_group.command("import")
@project_options
@click.argument("worksheet", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--requirement", "requirement_id", metavar="ID", help="Requirement judged (else the worksheet's).")
@click.option("--auditor", help="Auditor's name (else the worksheet's).")
@click.option("--date", "on", metavar="YYYY-MM-DD", help="Date of the examination (else the worksheet's).")
@click.option("--lang", "lang_option", type=click.Choice(["en", "zh"]), default=None,
              help="Language of the sentences written into the judgment and printed (default: the project's, else en).")
def import_worksheet(project, config, controls, extra_catalogs, evidence, judgments, worksheet, requirement_id, auditor,
                     on, lang_option) -> None:
    """Turn a filled sampling WORKSHEET (auditkit sample) into a sampling judgment appended to judgments.yaml.

    No exception: conformant; any exception: partially conformant (edit the entry to grade it). The entries
    already in judgments.yaml, with their comments, are kept as written.
    """

    def body():
        lang = language.use(lang_option, project, config)
        cfg = build_config(project, config, controls, extra_catalogs, evidence, judgments)
        sheet = read_worksheet(worksheet, display_path(worksheet))
        catalog = project_catalog(cfg)
        answer = judgment_from(sheet, set(catalog.by_id()), requirement=requirement_id, auditor=auditor, on=on,
                               lang=lang)
        shown = display_path(cfg.judgments)
        store = JudgmentsFile(cfg.judgments, shown, set(catalog.by_id()))
        if not store.add(answer):
            raise AuditkitError(msg("sampling.cli.judged", file=shown, requirement=answer.requirement).text(lang))
        echo_safe(msg("sampling.imported", requirement=answer.requirement, file=shown,
                      result=enum_labels(lang)["status"].get(answer.result.value, answer.result.value),
                      count=len(answer.exceptions),
                      size=answer.sampling.get("size", len(sheet.records))).text(lang))
        return 0

    run_guarded(body)

