"""The assessment as JSON: the published, schema-described form (assessment.schema.json)."""

import json


def render(data: dict, *, lang: str = "en", color=None) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
