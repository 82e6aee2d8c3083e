"""The interface of a source cache: parsed and validated input files kept between runs, keyed by their text.

The loaders (:func:`auditkit.inputs.yamlsource.parse_yaml`, the Markdown bodies of evidence,
:func:`auditkit.inputs.validation.validate_value`, and the loaders of config, catalog, evidence and judgments above
them) and the assessment's concept matching (:mod:`auditkit.engine.concept_reads`) take a cache as a parameter
(``cache=``) and ask it before doing the work; nothing holds one globally. The
implementation is speed code (:mod:`auditkit.speed.cache`), which :class:`auditkit.api.Project` makes and passes
down; without one every call does the work, with the same results (tests/test_api.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Protocol

if TYPE_CHECKING:  # annotations only: yamlsource imports this module
    from auditkit.inputs.yamlsource import Document


class SourceCache(Protocol):
    """What the loaders ask of a source cache."""

    def document(self, text: str, file: str, line_offset: int, parse: Callable[[], "Document"]) -> "Document":
        """The parsed document of ``text``: from the cache, else ``parse()``."""

    def markdown(self, body: str, first_line: int, parse: Callable[[str, int], tuple]) -> tuple:
        """(sections, links) of a Markdown body: from the cache, else ``parse(body, first_line)``."""

    def concept_matches(self, key: tuple[str, ...], match: Callable[[], list]) -> list:
        """Where one document addresses a list of concepts, as plain values (JSON lists), keyed by ``key`` (the
        document's text or hash, its place and the concepts' words): from the cache, else ``match()``."""

    def validity_key(self, instance: Any, schema: str | dict) -> str | None:
        """Key of 'this value is valid against this schema', or None when the value cannot be keyed."""

    def known_valid(self, key: str) -> bool:
        """Whether an earlier run found the value of ``key`` valid."""

    def mark_valid(self, key: str) -> None:
        """Remember that the value of ``key`` is valid."""
