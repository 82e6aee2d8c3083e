"""Every value the tool writes has its label in English and in Chinese, and every message its two templates."""

from __future__ import annotations

import re

import pytest

from auditkit.model.assessment import Grade, Source, Status
from auditkit.model.messages import LANGUAGES, templates
from auditkit.outputs.report.labels import load_labels
from auditkit.outputs.report.templating import bundled_templates

CATALOG_ENUMS = {"criticality": ["high", "medium", "low"],
                 "kind": ["documented-information", "record", "activity", "determination"],
                 "methods": ["document-review", "interview", "observation", "sampling"]}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_enum_value_has_a_label(lang):
    own = load_labels(lang, [bundled_templates()]) if lang == "en" else _only(lang)
    wanted = {"status": [s.value for s in Status], "grade": [g.value for g in Grade],
              "source": [s.value for s in Source], **CATALOG_ENUMS}
    missing = [f"{group}.{value}" for group, values in wanted.items() for value in values
               if value not in (own.get(group) or {})]
    assert not missing, f"labels missing in templates/i18n/{lang}.yaml: {missing}"


def _only(lang: str) -> dict:
    """The language's own file, without the English fallback (which would hide a missing label)."""
    import yaml

    return yaml.safe_load((bundled_templates() / "i18n" / f"{lang}.yaml").read_text("utf-8"))


def test_every_message_has_both_languages_with_the_same_placeholders():
    bad = []
    for key, entry in templates().items():
        if set(entry) != set(LANGUAGES):
            bad.append(f"{key}: languages {sorted(entry)}")
            continue
        en, zh = (set(re.findall(r"\{([a-z_]+)\}", entry[lang])) for lang in LANGUAGES)
        if en != zh:
            bad.append(f"{key}: en {sorted(en)} vs zh {sorted(zh)}")
    assert not bad, bad
