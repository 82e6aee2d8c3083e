"""The concept matcher: sections found by meaning, in English and Chinese, and the mentions that must not count."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditkit.engine.concepts import (
    Concept,
    Discount,
    Outline,
    Heading,
    Place,
    Presence,
    Probe,
    Term,
    TextLine,
    discount,
    _MARKUP,
    _STOP,
    _is_cjk,
    fold,
    match_concept,
    match_concepts,
    outline_markdown,
    stem,
    strip_markup,
)

INVOCATION = Concept(
    "continuity-invocation",
    {"en": "Invocation criteria", "zh": "启动条件"},
    {"en": ("activation triggers", "when to invoke the plan", "activation"), "zh": ("触发条件", "预案启动")},
    {"en": ("invoke the plan", "activate the plan"), "zh": ("启动预案",)},
)
RECOVERY = Concept(
    "continuity-recovery-procedures",
    {"en": "Recovery procedures", "zh": "恢复程序"},
    {"en": ("emergency response procedures", "recovery steps"), "zh": ("恢复步骤", "应急响应程序")},
)
SLA = Concept("sla", {"en": "Service level agreement", "zh": "服务级别协议"}, {"en": ("SLA",), "zh": ("SLA",)})


def md(body: str, path: str = "plan.md") -> Outline:
    return outline_markdown(body, path)


# ------------------------------------------------------------------------------------------------ normalising


def _fold_by_characters(text: str) -> str:
    """The definition fold() implements: each character in turn, a space where CJK and other letters meet."""
    text = unicodedata.normalize("NFKC", text).lower().replace("&", " and ").replace("+", " and ")
    out, previous_cjk = [], None
    for ch in text:
        if ch.isalnum():
            cjk = _is_cjk(ch)
            if previous_cjk is not None and cjk != previous_cjk:
                out.append(" ")
            out.append(ch)
            previous_cjk = cjk
        else:
            out.append(" ")
            previous_cjk = None
    return " ".join("".join(out).split())


_FOLD_ALPHABET = "aZ9_ -.&+\tｒ３　：（）恢复目标服务级别ひらカナー・한국어𠀀ǅⅣ²é\u00a0\u2028"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(_FOLD_ALPHABET)) | st.text())
def test_fold_is_the_character_by_character_definition(text):
    assert fold(text) == _fold_by_characters(text)


_MARKUP_ALPHABET = "a h t p s w m i l o r f x -.:/<>{}[]()!%\n#é恢"
_MARKUP_PIECES = ["<!--", "-->", "{%", "%}", "{{", "}}", "<a href='x'>", "</a>", "](", "][", "[[", "]]", "http://",
                  "https://", "www.", "mailto:", "<https:", "<b>", "</b>", "example.org/", "Www."]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_MARKUP_PIECES) | st.text(alphabet=st.sampled_from(_MARKUP_ALPHABET), max_size=6),
                max_size=12).map("".join) | st.text())
def test_strip_markup_is_every_pattern_in_turn(text):
    """The patterns skipped on a line without their characters would not have changed it."""
    expected = text
    for pattern, _ in _MARKUP:
        expected = pattern.sub(" ", expected)
    assert strip_markup(text) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(_FOLD_ALPHABET + "the of recovery procedures")) | st.text())
def test_a_probe_keeps_the_stem_of_each_meaningful_word(text):
    probe = Probe.of(text)
    assert probe.stems == tuple(None if (w in _STOP or _is_cjk(w[0])) else stem(w) for w in probe.words)
    assert probe.stem_set == frozenset(s for s in probe.stems if s)


def test_fold_ignores_case_punctuation_and_full_width_forms():
    assert fold("３．Ｒｅｃｏｖｅｒｙ　Ｔａｒｇｅｔｓ：") == "3 recovery targets"
    assert fold("恢复目标（RTO）") == "恢复目标 rto"
    assert fold("Change Categories & Control Framework") == "change categories and control framework"


@pytest.mark.parametrize("a, b", [
    ("recovery", "recovering"), ("procedures", "procedural"), ("organisation", "organization"),
    ("responsibilities", "responsible"), ("criteria", "criterion"), ("operations", "operating"),
    ("fulfilment", "fulfillment"), ("categories", "category"), ("catalogue", "catalog"),
])
def test_stemmer_joins_forms_of_one_word(a, b):
    assert stem(a) == stem(b)


@pytest.mark.parametrize("a, b", [("response", "responsibility"), ("process", "proces"), ("status", "state")])
def test_stemmer_keeps_different_words_apart(a, b):
    assert stem(a) != stem(b)


def test_term_words_match_in_any_order_but_close_together():
    term = Term.of("recovery procedures")
    assert Probe.of("Procedures for recovery").find(term) is not None
    far = "recovery " + "word " * 10 + "procedures"
    assert Probe.of(far).find(term) is None


# ------------------------------------------------------------------------------------------- by meaning


def test_the_issue_continuity_plan_headings_satisfy_the_catalog_concepts():
    outline = md("# Continuity plan\n\n## Activation Triggers\n\ntext\n\n## Emergency Response Procedures\n\ntext\n")
    invocation, recovery = match_concepts(outline, [INVOCATION, RECOVERY])
    assert invocation.presence is Presence.PRESENT
    assert (invocation.mention.text, invocation.mention.line) == ("Activation Triggers", 3)
    assert recovery.presence is Presence.PRESENT
    assert recovery.mention.where == "plan.md:7"
    assert recovery.describe() == 'Recovery procedures: heading "Emergency Response Procedures" (plan.md:7)'
    assert recovery.describe("zh") == "恢复程序：章节标题“Emergency Response Procedures”（plan.md:7）"


def test_numbering_and_case_do_not_matter():
    outline = md("## 4.2 RECOVERY-PROCEDURES\n")
    assert match_concept(outline, RECOVERY).presence is Presence.PRESENT


def test_chinese_headings_with_full_width_punctuation():
    outline = md("# 业务连续性计划\n\n## 一、预案启动条件：\n\n内容\n\n## ２．应急响应程序\n")
    invocation, recovery = match_concepts(outline, [INVOCATION, RECOVERY])
    assert invocation.presence is Presence.PRESENT and invocation.mention.line == 3
    assert recovery.presence is Presence.PRESENT and recovery.mention.line == 7


def test_chinese_bigram_overlap_matches_a_near_wording():
    concept = Concept("rtn", {"en": "Return to normal", "zh": "恢复正常运行"})
    assert match_concept(md("## 恢复正常运作\n"), concept).presence is Presence.PRESENT
    assert match_concept(md("## 恢复\n"), concept).presence is Presence.MISSING


def test_bold_lead_in_and_table_header_count_as_sections():
    outline = md("Our **activation triggers**:\n\n- a site is lost\n\n| Recovery steps | Owner |\n|---|---|\n| a | b |\n")
    invocation, recovery = match_concepts(outline, [INVOCATION, RECOVERY])
    assert invocation.presence is Presence.PRESENT and invocation.mention.place is Place.LEAD_IN
    assert recovery.presence is Presence.PRESENT and recovery.mention.place is Place.TABLE_HEADER
    assert recovery.mention.line == 5


def test_html_table_header_in_markdown():
    outline = md("<table>\n<tr><th>恢复步骤</th><th>负责人</th></tr>\n</table>\n")
    found = match_concept(outline, RECOVERY)
    assert found.presence is Presence.PRESENT and found.mention.line == 2


def test_found_only_in_body_text_is_partial_and_names_the_line():
    outline = md("# Plan\n\n## Scope\n\nThe duty manager may invoke the plan when the site is lost.\n")
    found = match_concept(outline, INVOCATION)
    assert found.presence is Presence.PARTIAL
    assert found.mention.line == 5
    assert found.describe().startswith("Invocation criteria: only mentioned in body text")


def test_missing_concept():
    found = match_concept(md("# Plan\n\n## Scope\n\nNothing here.\n"), INVOCATION)
    assert found.presence is Presence.MISSING and found.mention is None
    assert found.describe("zh") == "启动条件：未找到"


def test_best_heading_is_the_one_most_about_the_concept():
    outline = md("## Activation of the plan and many other things besides\n\n## Activation\n")
    assert match_concept(outline, INVOCATION).mention.line == 3


def test_front_matter_title_and_lines_are_counted_from_the_top_of_the_file():
    outline = md("---\ntitle: Contingency plan\nlayout: docs\nlayout: ops\n---\n\n## Activation\n")
    assert outline.title == "Contingency plan" and outline.title_line == 2
    assert match_concept(outline, INVOCATION).mention.line == 7


# ------------------------------------------------------------------------------------ false positives


def test_heading_inside_a_code_fence_is_not_a_section():
    outline = md("## Users\n\n```sh\n# Activation triggers\nrun-me\n```\n")
    assert match_concept(outline, INVOCATION).presence is Presence.MISSING


def test_shell_comment_that_a_line_splitter_reads_as_a_heading_does_not_count():
    # what a naive reader (or a reader of lane i14 without fence tracking) could hand over
    shell = Concept("jumpbox", {"en": "Production jumpbox"})
    outline = Outline("users.md", headings=(Heading("on a production jumpbox, run:", 1, 62),))
    assert match_concept(outline, shell).presence is Presence.MISSING
    outline = md("## Managing Admins\n\n```\n# on a production jumpbox, run:\n./add-admin.sh\n```\n")
    assert match_concept(outline, shell).presence is Presence.MISSING


def test_see_x_link_text_is_not_the_section_nor_a_mention():
    outline = md("## Related\n\nSee [Recovery procedures](recovery.md) for details.\n\n## [Recovery procedures](recovery.md)\n")
    assert match_concept(outline, RECOVERY).presence is Presence.MISSING


def test_plain_see_pointer_is_not_a_mention():
    outline = md("## Related\n\nSee the recovery procedures in the runbook.\n")
    assert match_concept(outline, RECOVERY).presence is Presence.MISSING


def test_table_of_contents_does_not_count():
    outline = md("# Plan\n\n## Contents\n\n- Recovery procedures\n- Activation triggers\n\n## Scope\n\ntext\n")
    assert [m.presence for m in match_concepts(outline, [INVOCATION, RECOVERY])] == [Presence.MISSING] * 2
    printed = md("# Plan\n\nRecovery procedures ........ 12\n")
    assert match_concept(printed, RECOVERY).presence is Presence.MISSING


def test_html_comment_does_not_count():
    outline = md("# Plan\n\n<!--\n## Activation triggers\nTo the team: invoke the plan when ...\n-->\n\n## Scope\n")
    assert match_concept(outline, INVOCATION).presence is Presence.MISSING
    assert outline.headings[-1].line == 8  # lines are kept


def test_negated_mention_does_not_satisfy_the_concept():
    text = "We publish our SOs in lieu of establishing a Service Level Agreement (SLA).\n"
    assert match_concept(md(text), SLA).presence is Presence.MISSING
    assert match_concept(md("We do not have a service level agreement.\n"), SLA).presence is Presence.MISSING
    assert match_concept(md("我们没有签订服务级别协议。\n"), SLA).presence is Presence.MISSING
    assert match_concept(md("Each customer signs a service level agreement.\n"), SLA).presence is Presence.PARTIAL


def test_negation_stops_at_the_end_of_the_sentence():
    text = "We have no formal contract. The SLA is reviewed every year.\n"
    assert match_concept(md(text), SLA).presence is Presence.PARTIAL


def test_example_mention_does_not_count():
    assert match_concept(md("Documents such as an SLA are kept in the register.\n"), SLA).presence is Presence.MISSING
    assert match_concept(md("例如服务级别协议。\n"), SLA).presence is Presence.MISSING


def test_heading_that_says_there_is_none_is_not_the_section():
    assert match_concept(md("## Why we have no SLA\n"), SLA).presence is Presence.MISSING
    scope = Concept("boundaries", {"en": "Boundaries"}, {"en": ("out of scope", "not in scope")})
    assert match_concept(md("## Not in scope\n"), scope).presence is Presence.PRESENT


def test_discount_kinds():
    probe = Probe.of("as described in the change policy")
    assert discount(probe, probe.words.index("change"), Term.of("change policy")) is Discount.POINTER
    probe = Probe.of("for example an incident report")
    assert discount(probe, probe.words.index("incident"), Term.of("incident report")) is Discount.EXAMPLE


def test_document_value_of_another_reader_is_accepted():
    """Lane i14's document value: headings with .title/.level/.line, lead-ins and body lines with .text/.line."""

    class Doc:
        path = "x.docx"
        title = None
        headings = (Heading("Recovery steps", 2, 4),)
        lead_ins = ()
        table_headers = ()
        body_lines = (TextLine("The duty manager may invoke the plan.", 9),)

    invocation, recovery = match_concepts(Doc(), [INVOCATION, RECOVERY])
    assert (invocation.presence, invocation.mention.where) == (Presence.PARTIAL, "x.docx:9")
    assert (recovery.presence, recovery.mention.where) == (Presence.PRESENT, "x.docx:4")


def test_literal_section_keeps_working_with_alternatives():
    concept = Concept.literal(["Post-incident review", "Lessons learned"])
    assert match_concept(md("## Lessons Learned\n"), concept).presence is Presence.PRESENT
    assert match_concept(md("## Post incident reviews\n"), concept).presence is Presence.PRESENT
    assert match_concept(md("## Roles\n"), concept).presence is Presence.MISSING
