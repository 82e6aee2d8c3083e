"""Reading what the user wrote: catalog, evidence and its documents, records, judgments, configuration, stored
assessments; YAML with locations, schemas, validation, dates.

Imports only :mod:`auditkit.model` (and the speed helpers that implement its interfaces).
"""
