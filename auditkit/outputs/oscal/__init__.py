"""OSCAL 1.1 exports: the assessment as assessment-results, the corrective actions as a plan of action and milestones.

``assessment_results.build(data, lang)`` and ``poam.build(actions, ...)`` give the document as a dict; ``dump`` writes
it as JSON (keys in schema order, two-space indent) and ``validate`` checks it against NIST's published JSON schema,
vendored in ``schemas/`` with NIST's licence (see schemas/SOURCES.md).
"""

from auditkit.outputs.oscal.common import OSCAL_VERSION, dump
from auditkit.outputs.oscal.validate import validate

__all__ = ["OSCAL_VERSION", "dump", "validate"]
