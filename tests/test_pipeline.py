"""What the pipeline finds, seen from Python, on clear sentences written
for these tests: direct quotes with speaker and cue, stance labels with
their evidence. Quality is measured by the evaluation scripts; these only
pin down cases any correct pipeline gets right."""

from __future__ import annotations

import stancelens as sl


def only(statements, kind):
    found = [st for st in statements if st.kind == kind]
    assert len(found) == 1, statements
    return found[0]


def test_direct_quote_with_trailing_attribution():
    text = "“We will never accept these terms,” the defence minister said on Friday."
    st = only(sl.analyze(text).statements, "direct")
    assert st.content.startswith("“We will never accept these terms")
    assert st.speaker_mention is not None and "minister" in st.speaker_mention
    assert st.cue == "said"
    assert text[st.cue_start : st.cue_end] == "said"
    assert st.cue_start > st.end, "the cue follows the quote"


def test_direct_quote_with_leading_attribution_and_straight_quotes():
    text = 'Foreign Minister Lena Ostrova told reporters: "Our door is open to talks."'
    st = only(sl.analyze(text).statements, "direct")
    assert "Our door is open to talks." in st.content
    assert st.speaker_mention is not None and "Ostrova" in st.speaker_mention
    assert st.cue is not None and st.cue.startswith("told")


def test_offsets_after_astral_characters():
    # Emoji before the quote shift UTF-8 bytes and UTF-16 units, not str
    # indices: the content must still be found at the right place.
    text = "Talks 🇫🇷🕊️ resumed 😀. “We are ready to negotiate,” the envoy said."
    st = only(sl.analyze(text).statements, "direct")
    assert text[st.start : st.end] == st.content
    assert st.start == text.index("“")


def test_stances_of_clear_statements():
    text = (
        "“Any attack will be met with a swift and overwhelming response,” the general said. "
        "“We are ready to sit down and negotiate a ceasefire,” the envoy said. "
        "“These reports are completely false,” the spokesman said."
    )
    doc = sl.analyze(text)
    direct = [st for st in doc.statements if st.kind == "direct"]
    assert len(direct) == 3, doc.statements
    best = [max(st.scores, key=st.scores.get) for st in direct]
    assert best == ["deterrence", "dialogue", "denial"]
    for st in direct:
        assert st.stances, st
        assert st.evidence, "a label comes with the matches behind it"
        for ev in st.evidence:
            assert text[ev.start : ev.end] == ev.text


def test_neutral_statement_has_no_stance():
    text = "“The meeting starts at nine,” the spokesman said."
    st = only(sl.analyze(text).statements, "direct")
    assert st.stances == []
