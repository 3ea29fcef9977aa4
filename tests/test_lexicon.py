"""Lexicons from Python: the default, files in three formats, dicts,
errors with their location, pickling, and a custom lexicon driving scores."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

import stancelens as sl

# A small lexicon of our own with two made-up stances, to show that stances
# are data: the score columns follow the lexicon.
HAWK_DOVE = {
    "stances": ["hawk", "dove"],
    "meta": {"name": "hawk-dove test"},
    "terms": {
        "hawk": {"strike": 1.0, "retaliate": 1.5, "heavy price": 2.0},
        "dove": {"ceasefire": 1.5, "peace talks": 2.0, "negotiate": 1.0},
    },
    "modifiers": {"negators": ["not", "n't", "never"]},
}

TOML_BAD_WEIGHT = """stances = ["hawk", "dove"]

[terms.hawk]
strike = 1.0
retaliate = "a lot"
"""


def test_default_lexicon():
    lex = sl.Lexicon.default()
    assert lex.stances == ["deterrence", "dialogue", "denial"]
    assert len(lex) > 50, "the built-in English lexicon has real entries"
    assert lex == sl.Lexicon.default()
    assert sl.Analyzer().lexicon == lex


@pytest.mark.parametrize("ext", ["toml", "json", "yaml", "yml"])
def test_save_and_load_give_an_equal_lexicon(tmp_path, ext):
    lex = sl.Lexicon.default()
    path = tmp_path / f"lexicon.{ext}"
    lex.save(path)
    back = sl.Lexicon.load(path)
    assert back == lex
    assert len(back) == len(lex) and back.stances == lex.stances


def test_from_dict_and_to_dict_round_trip():
    lex = sl.Lexicon.from_dict(HAWK_DOVE)
    assert lex.stances == ["hawk", "dove"]
    assert len(lex) == 6
    d = lex.to_dict()
    assert d["stances"] == ["hawk", "dove"]
    assert sl.Lexicon.from_dict(d) == lex


def test_custom_stances_drive_the_scores():
    an = sl.Analyzer(lexicon=HAWK_DOVE)
    text = (
        "“We will retaliate and they will pay a heavy price,” the general said. "
        "“We want a ceasefire and peace talks,” the envoy said."
    )
    doc = an.analyze(text)
    assert doc.stances == ["hawk", "dove"]
    assert doc.scores.shape == (len(doc.statements), 2)
    assert len(doc.statements) == 2, doc.statements
    hawkish, dovish = doc.statements
    assert hawkish.scores["hawk"] > hawkish.scores["dove"]
    assert dovish.scores["dove"] > dovish.scores["hawk"]
    assert "hawk" in hawkish.stances and "dove" in dovish.stances
    for st in doc.statements:
        for ev in st.evidence:
            assert st.start <= ev.start <= ev.end <= st.end
            assert text[ev.start : ev.end] == ev.text
            assert ev.stance in ("hawk", "dove")
    assert {ev.entry for ev in hawkish.evidence} >= {"retaliate", "heavy price"}
    np.testing.assert_allclose(
        doc.scores, [[st.scores[s] for s in doc.stances] for st in doc.statements]
    )


def test_lexicon_from_a_file_path(tmp_path):
    path = tmp_path / "hawk.toml"
    sl.Lexicon.from_dict(HAWK_DOVE).save(path)
    assert sl.Analyzer(lexicon=path).stances == ["hawk", "dove"]
    assert sl.Analyzer(lexicon=str(path)).stances == ["hawk", "dove"]


def test_invalid_file_names_file_line_and_entry(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(TOML_BAD_WEIGHT, encoding="utf-8")
    with pytest.raises(sl.LexiconError) as e:
        sl.Lexicon.load(path)
    err = e.value
    assert isinstance(err, ValueError)
    assert err.file == str(path)
    assert err.line == 5
    assert err.entry == "retaliate"
    assert "bad.toml:5" in str(err)


def test_invalid_dict_is_a_lexicon_error():
    bad = {"stances": ["hawk"], "terms": {"owl": {"hoot": 1.0}}}
    with pytest.raises(sl.LexiconError) as e:
        sl.Lexicon.from_dict(bad)
    assert e.value.file is None
    assert "owl" in str(e.value)
    with pytest.raises(sl.LexiconError):
        sl.Analyzer(lexicon=bad)
    with pytest.raises(ValueError, match="JSON values"):
        sl.Lexicon.from_dict({"stances": [object()]})


def test_missing_file_and_unknown_format(tmp_path):
    with pytest.raises(FileNotFoundError) as e:
        sl.Lexicon.load(tmp_path / "absent.toml")
    assert e.value.filename == str(tmp_path / "absent.toml")
    with pytest.raises(ValueError, match="format"):
        sl.Lexicon.default().save(tmp_path / "lexicon.txt")


def test_lexicon_and_analyzer_pickle():
    lex = sl.Lexicon.from_dict(HAWK_DOVE)
    assert pickle.loads(pickle.dumps(lex)) == lex
    an = sl.Analyzer(lexicon=lex, aliases={"the general": "Gen. Ward"})
    back = pickle.loads(pickle.dumps(an))
    assert back.stances == ["hawk", "dove"] and back.aliases == an.aliases
    text = "“We will retaliate,” the general said."
    assert back.analyze(text).statements == an.analyze(text).statements


def test_analyzer_with_custom_tokenizer_pickles(tmp_path):
    import json

    path = tmp_path / "tokenizer.json"
    path.write_text(
        json.dumps(
            {"normalizer": {"type": "Lowercase"}, "pre_tokenizer": {"type": "WhitespaceSplit"}}
        ),
        encoding="utf-8",
    )
    an = sl.Analyzer(tokenizer=path)
    back = pickle.loads(pickle.dumps(an))
    assert back.tokenize("A B, c") == an.tokenize("A B, c")
    assert [t.norm for t in back.tokenize("A B, c")] == ["a", "b,", "c"]


def test_any_mapping_is_taken_where_a_dict_is():
    from types import MappingProxyType

    lex = sl.Lexicon.from_dict(MappingProxyType(HAWK_DOVE))
    assert lex == sl.Lexicon.from_dict(HAWK_DOVE)
    analyzer = sl.Analyzer(
        lexicon=MappingProxyType(HAWK_DOVE), aliases=MappingProxyType({"the envoy": "Envoy X"})
    )
    assert analyzer.stances == ["hawk", "dove"]
    assert analyzer.aliases == {"the envoy": "Envoy X"}


def test_a_bad_weight_in_a_dict_names_its_entry_not_an_internal_line():
    bad = {"stances": ["hawk"], "terms": {"hawk": {"strike": 1.0, "retaliate": "heavy"}}}
    with pytest.raises(sl.LexiconError) as e:
        sl.Lexicon.from_dict(bad)
    assert e.value.entry == "retaliate"
    assert e.value.line is None and e.value.file is None
    assert "line" not in str(e.value)
    nan = {"stances": ["hawk"], "terms": {"hawk": {"strike": float("nan")}}}
    with pytest.raises(ValueError, match="finite numbers"):
        sl.Lexicon.from_dict(nan)


def test_nested_mappings_and_messages_that_quote_the_user():
    from types import MappingProxyType

    nested = {"stances": ["hawk"], "terms": MappingProxyType({"hawk": {"strike": 1.0}})}
    assert sl.Lexicon.from_dict(nested).stances == ["hawk"]
    odd = {"stances": ["a"], "terms": {"b at line 3": {"talks": 1.0}}}
    with pytest.raises(sl.LexiconError, match=r'unknown stance "b at line 3" in \[terms\]'):
        sl.Lexicon.from_dict(odd)
