"""``auditkit init DIR``: a new client project, ready for its documents.

It writes an organisation profile with placeholders, ``auditkit.yaml``, an empty judgments file and a README of the
next steps, in English or Chinese. The ISO/IEC 20000-1 catalog comes with auditkit: the project holds no copy of it
(a ``controls/`` folder added later adds to it or, with its own catalog header, replaces it). Nothing that exists is
overwritten: a folder that already holds one of these files is refused, located, with exit status 2.
"""

from __future__ import annotations

from pathlib import Path

import click

from auditkit.cli import main
from auditkit.cli.common import echo_safe, run_guarded

TEXTS = {
    "en": {
        "config": ("# auditkit project of {name}.\n"
                   "# The ISO/IEC 20000-1:2018 catalog comes with auditkit. A controls/ folder here adds requirements to it,\n"
                   "# or replaces it when it declares its own catalog (see docs/formats.md, section 1).\n"
                   "evidence: evidence\njudgments: judgments.yaml\nlang: en\n"),
        "profile": ("# The organisation profile: replace every TODO. Services are what the SMS covers.\n"
                    "organization:\n  name: \"{name}\"\n"
                    "scope: \"TODO: the services, locations and customers the service management system covers\"\n"
                    "services:\n  - {{id: service-1, name: \"TODO: name of the first service in scope\"}}\n"
                    "audit:\n  title: \"TODO: e.g. Internal audit of the SMS\"\n"),
        "judgments": "# The auditor's results for requirements no document can show (interviews, observation, records).\njudgments: []\n",
        "readme": ("# {name}: auditkit project\n\n"
                   "Next steps:\n\n"
                   "1. Fill in `evidence/organization.yaml` (every TODO).\n"
                   "2. Put the organisation's documents, as they are written, in `documents/` (Markdown, Word, PDF or HTML;\n"
                   "   a git submodule of their wiki works too).\n"
                   "3. `auditkit evidence import documents/ --accept` registers them: one descriptor per document in\n"
                   "   `evidence/imported/`, with the document-control values read from it and the clauses it seems to cover.\n"
                   "4. `auditkit evidence proposals` lists the proposed clauses; accept one by setting its `accept:` to true.\n"
                   "5. `auditkit validate --as-of YYYY-MM-DD`, then `auditkit assess --as-of YYYY-MM-DD`.\n"
                   "6. Record interview and observation results in `judgments.yaml`; `auditkit report` writes the audit report.\n"),
    },
    "zh": {
        "config": ("# {name} 的 auditkit 项目。\n"
                   "# ISO/IEC 20000-1:2018 条款目录随 auditkit 提供。在此添加 controls/ 文件夹可补充要求；\n"
                   "# 若其声明自己的目录，则替换内置目录（见 docs/formats.md 第 1 节）。\n"
                   "evidence: evidence\njudgments: judgments.yaml\n"
                   "# 命令行输出的语言（也可用 --lang 临时指定）。\nlang: zh\n"),
        "profile": ("# 组织概况：请替换所有 TODO。services 为服务管理体系覆盖的服务。\n"
                    "organization:\n  name: \"{name}\"\n"
                    "scope: \"TODO：服务管理体系覆盖的服务、地点和客户\"\n"
                    "services:\n  - {{id: service-1, name: \"TODO：范围内第一项服务的名称\"}}\n"
                    "audit:\n  title: \"TODO：例如 服务管理体系内部审核\"\n"),
        "judgments": "# 审核员对无法通过文件证明的要求所作的结论（访谈、观察、记录）。\njudgments: []\n",
        "readme": ("# {name}：auditkit 项目\n\n"
                   "后续步骤：\n\n"
                   "1. 填写 `evidence/organization.yaml`（替换所有 TODO）。\n"
                   "2. 把组织的文件按原样放入 `documents/`（Markdown、Word、PDF 或 HTML；也可以是其维基的 git 子模块）。\n"
                   "3. 运行 `auditkit evidence import documents/ --accept` 登记文件：每份文件在 `evidence/imported/` 中有一个\n"
                   "   描述文件，包含从文件读取的文件控制信息及其可能覆盖的条款。\n"
                   "4. `auditkit evidence proposals` 列出建议的条款；把某条建议的 `accept:` 改为 true 即接受。\n"
                   "5. 运行 `auditkit validate --as-of YYYY-MM-DD`，然后 `auditkit assess --as-of YYYY-MM-DD`。\n"
                   "6. 在 `judgments.yaml` 中记录访谈和观察结论；`auditkit report` 生成审核报告。\n"),
    },
}


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="Language of the files written and of the messages.")
@click.option("--name", default=None, help="The organisation's name (default: the folder's name).")
def init(directory: Path, lang: str, name: str | None) -> None:
    """Create a new client project in DIRECTORY (profile, auditkit.yaml, judgments, README of next steps)."""

    def body():
        from auditkit.model.errors import InputErrors, Location, Problem  # start-up time: only this command loads it
        from auditkit.model.messages import msg  # start-up time: only this command loads it
        from auditkit.outputs.atomic import write_text_atomic  # start-up time: only this command writes

        text = TEXTS[lang]
        shown = name or directory.resolve().name
        files = {
            directory / "auditkit.yaml": text["config"],
            directory / "evidence" / "organization.yaml": text["profile"],
            directory / "judgments.yaml": text["judgments"],
            directory / "README.md": text["readme"],
        }
        existing = [Problem(Location(str(path)), msg("cli.init.exists").text(lang), "init")
                    for path in files if path.exists()]
        if existing:
            raise InputErrors(existing)
        quoted = shown.replace("\\", "\\\\").replace('"', '\\"')
        for path, template in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(path, template.format(name=quoted if path.suffix == ".yaml" else shown))
            echo_safe(msg("cli.init.created", path=str(path)).text(lang))
        (directory / "documents").mkdir(exist_ok=True)
        echo_safe(msg("cli.init.done", name=shown, dir=str(directory), readme=str(directory / "README.md")).text(lang))
        return 0

    run_guarded(body)
