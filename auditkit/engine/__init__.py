"""Assessing: which evidence a check selects, the check rules, the assessment and its scores, concept matching.

Imports :mod:`auditkit.inputs` and :mod:`auditkit.model`, never the outputs.
"""
