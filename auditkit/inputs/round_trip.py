"""The YAML writer for files a user also edits (descriptors, imported catalogs, judgments): a round trip keeps their
comments, key order and quoting as written, and a long value on one line."""

from __future__ import annotations

from ruamel.yaml import YAML


def round_trip_yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml
