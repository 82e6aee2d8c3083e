"""The engine layer: what judges evidence (selection, check rules, assessment, concept matching)."""
