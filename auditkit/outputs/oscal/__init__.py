"""OSCAL 1.1 exports: the assessment as assessment-results, the corrective actions as a plan of action and milestones.

``assessment_results.build(data, lang)`` and ``poam.build(actions, ...)`` give the document as a dict; ``dump`` writes
it as JSON (keys in schema order, two-space indent); ``auditkit.outputs.oscal.validate.validate`` checks it against
NIST's published JSON schema, vendored in ``schemas/`` with NIST's licence (see schemas/SOURCES.md). It is not
imported here: writing OSCAL does not need jsonschema.
"""

from auditkit.outputs.oscal.common import OSCAL_VERSION, dump

__all__ = ["OSCAL_VERSION", "dump"]
