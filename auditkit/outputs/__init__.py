"""What a run produces from an assessment: renderers, the audit report, CI gates, history, corrective actions."""
