"""Runs on the project's shared news data when it sits beside the checkout
(read only; skipped cleanly when absent). Checks the offset contract and the
CLI on real articles; no text from the data is copied here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import stancelens as sl

# Enough articles to meet real-world punctuation and layout, few enough to
# keep the suite quick.
MAX_DEV_DOCS = 40


def jsonl_lines(out: str) -> list:
    """JSONL rows: split on "\\n" only (splitlines() also cuts at U+2028...)."""
    return [line for line in out.split("\n") if line]


def articles(shared: Path) -> list[Path]:
    seeds = sorted((shared / "seeds").glob("*.txt"))
    dev = sorted((shared / "data" / "polnear" / "dev" / "text").glob("*.txt"))[:MAX_DEV_DOCS]
    return seeds + dev


def test_offsets_hold_on_real_articles(shared_dir):
    paths = articles(shared_dir)
    assert paths, "the shared folder holds articles"
    texts = [p.read_text(encoding="utf-8") for p in paths]
    docs = sl.Analyzer().analyze_many(texts)
    for path, text, doc in zip(paths, texts, docs, strict=True):
        assert doc.sentences, path.name
        for s in doc.sentences:
            assert text[s.start : s.end] == s.text
        for t in doc.tokens:
            assert text[t.start : t.end] == t.text
        for st in doc.statements:
            assert text[st.start : st.end] == st.content, path.name
            if st.speaker_mention is not None:
                assert text[st.speaker_start : st.speaker_end] == st.speaker_mention
            if st.cue is not None:
                assert text[st.cue_start : st.cue_end] == st.cue
        assert doc.scores.shape == (len(doc.statements), 3)


def test_cli_on_the_seed_folder(shared_dir, run_cli):
    seeds = shared_dir / "seeds"
    r = run_cli("analyze", seeds, "--format", "jsonl", "--author", "Newsroom")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in jsonl_lines(r.stdout)]
    names = {p.name for p in seeds.glob("*.txt")}
    assert {row["doc"] for row in rows} == names, "every seed article yields statements"
    texts = {n: (seeds / n).read_text(encoding="utf-8") for n in names}
    for row in rows:
        text = texts[row["doc"]]
        assert text[row["content_start"] : row["content_end"]] == row["content"]


def test_gold_file_names_match_the_cli_doc_field(shared_dir):
    gold = shared_dir / "gold" / "seeds.jsonl"
    if not gold.is_file():
        pytest.skip("no gold file")
    names = {json.loads(line)["doc"] for line in jsonl_lines(gold.read_text(encoding="utf-8"))}
    seeds = {p.name for p in (shared_dir / "seeds").glob("*.txt")}
    assert names <= seeds, "the CLI's doc field (file name) is what the gold keys on"
