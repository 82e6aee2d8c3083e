"""The line scan for headings gives markdown-it's headings whenever it answers, and declines what it cannot read.

A wrong heading would pass or fail a has_sections check on a document that CommonMark reads otherwise, so the
scan is compared with the full parser on generated Markdown made of the constructs that decide headings, and on
every Markdown document of the example organisation.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from auditkit.inputs.documents.markdown import Section, _parsed, headings, links, scan_headings, split_front_matter

ROOT = Path(__file__).resolve().parents[2]

# Line fragments that make or unmake headings in CommonMark: ATX openers and closers, setext underlines, list
# markers, fences, HTML, block quotes, indentation, tabs, reference definitions, hard-to-read characters.
PIECES = ["#", "##", "###", "#######", " ", "   ", "    ", "\t", "- ", "* ", "+ ", "1. ", "2) ", "-", "---", "===",
          "```", "~~~", "<div>", "<!--", "-->", "> ", "[a]: /x", "[a]", "Scope", "Owner & roles", "text #", "\\#",
          "**bold**", "***", "\r", "\0", "é", "1.", "a"]
lines = st.lists(st.sampled_from(PIECES), max_size=6).map("".join)
bodies = st.lists(lines, max_size=12).map("\n".join)


@settings(max_examples=3000, deadline=None)
@given(bodies)
def test_scan_agrees_with_markdown_it_or_declines(body):
    scanned = scan_headings(body, 5)
    if scanned is not None:
        assert scanned == _parsed(body, 5)[0]
    assert headings(body, 5) == _parsed(body, 5)[0]


def test_plain_documents_take_the_fast_path():
    body = "# Purpose\n\nSome text with a # sign.\n\n## 2. Scope ##\n- item\n  - nested item\n\n### Roles #\n#not a heading\n"
    assert scan_headings(body, 10) == (
        Section("Purpose", 1, 10), Section("2. Scope", 2, 14), Section("Roles", 3, 18))


def test_constructs_that_change_headings_send_the_body_to_markdown_it():
    for body in ("Title\n=====\n", "Title\n---\n", "```\n# not a heading\n```\n", "> # quoted\n",
                 "- # in a list\n", "    # code\n", "<!--\n# hidden\n-->\n", "\t# tab\n"):
        assert scan_headings(body, 1) is None, body
        assert headings(body, 1) == _parsed(body, 1)[0]
    assert headings("```\n# not a heading\n```\n", 1) == ()
    assert headings("Title\n=====\n", 1) == (Section("Title", 1, 1),)


def test_links_without_a_bracket_are_none_and_with_one_are_parsed():
    assert links("# A\n\nSee <policy.md> and http://x/y.\n", 1) == ()
    assert [link.target for link in links("# A\n\nSee [the policy](policy.md) and [web](https://x).\n", 1)] == ["policy.md"]


def test_every_example_document_scans_as_markdown_it_reads_it():
    documents = sorted((ROOT / "evidence").rglob("*.md"))
    assert documents
    for path in documents:
        text = path.read_text("utf-8")
        if not text.startswith("---"):
            continue
        _front, body, first_line = split_front_matter(text, str(path))
        assert headings(body, first_line) == _parsed(body, first_line)[0], path
        assert links(body, first_line) == _parsed(body, first_line)[1], path
