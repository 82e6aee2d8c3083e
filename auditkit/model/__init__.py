"""The values every layer shares and the one vocabulary: statuses, grades, results, findings, locations, errors.

The bottom layer: it imports nothing else of auditkit.
"""
