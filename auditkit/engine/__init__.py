"""Assessing: which evidence a check selects, the check rules, the assessment and its scores.

Imports :mod:`auditkit.inputs` and :mod:`auditkit.model`, never the outputs.
"""
