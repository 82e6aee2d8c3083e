"""The documents an evidence item points at, read as written: one module per kind of document."""
