"""The interface of a source cache: parsed and validated input files kept between runs, keyed by their text.

The loaders (:func:`auditkit.inputs.yamlsource.parse_yaml`, the Markdown bodies of evidence,
:func:`auditkit.inputs.validation.validate_value`) ask the cache of the running command, when one is open, before
doing the work. The implementation is speed code (:mod:`auditkit.speed.cache`); without one every call does the
work, with the same results.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Callable, Iterator, Protocol

if TYPE_CHECKING:  # annotations only: yamlsource imports this module
    from auditkit.inputs.yamlsource import Document


class SourceCache(Protocol):
    """What the loaders ask of a source cache."""

    def document(self, text: str, file: str, line_offset: int, parse: Callable[[], "Document"]) -> "Document":
        """The parsed document of ``text``: from the cache, else ``parse()``."""

    def markdown(self, body: str, first_line: int, parse: Callable[[str, int], tuple]) -> tuple:
        """(sections, links) of a Markdown body: from the cache, else ``parse(body, first_line)``."""

    def validity_key(self, instance: Any, schema: str | dict) -> str | None:
        """Key of 'this value is valid against this schema', or None when the value cannot be keyed."""

    def known_valid(self, key: str) -> bool:
        """Whether an earlier run found the value of ``key`` valid."""

    def mark_valid(self, key: str) -> None:
        """Remember that the value of ``key`` is valid."""


_active: SourceCache | None = None


def active() -> SourceCache | None:
    """The cache opened by the running command, or None (the default: no caching)."""
    return _active


@contextmanager
def using(store: SourceCache) -> Iterator[SourceCache]:
    """Make ``store`` the cache the loaders consult for the duration of the block."""
    global _active
    previous, _active = _active, store
    try:
        yield store
    finally:
        _active = previous
