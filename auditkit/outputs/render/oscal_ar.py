"""``--format oscal-ar``: the assessment as an OSCAL 1.1 assessment-results JSON document."""

from auditkit.outputs.oscal import assessment_results, dump


def render(data: dict, *, lang: str = "en", color=None) -> str:
    return dump(assessment_results.build(data, lang))
