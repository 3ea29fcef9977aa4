"""The command line: JSONL/CSV contract, stdin, folders, bad input."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from pathlib import Path

import pytest

import stancelens as sl


def jsonl_lines(out: str) -> list:
    """JSONL rows: split on "\\n" only (splitlines() also cuts at U+2028...)."""
    return [line for line in out.split("\n") if line]


FIELDS = [
    "doc",
    "kind",
    "content",
    "content_start",
    "content_end",
    "speaker_mention",
    "speaker_start",
    "speaker_end",
    "speaker",
    "cue",
    "cue_start",
    "cue_end",
    "stances",
    "scores",
]

NOTE = "The envoy 😀 arrived on Tuesday. “We want calm,” she said.\nTalks follow.\n"
OTHER = "Ministers met in Lindgrad. Nobody spoke to the press.\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder with two good notes (one nested), a non-text file, and an
    invalid UTF-8 file."""
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "b-note.txt").write_text(NOTE, encoding="utf-8")
    (root / "sub" / "a-other.txt").write_text(OTHER, encoding="utf-8")
    (root / "ignored.md").write_text("# not a txt file\n", encoding="utf-8")
    return root


def rows(result) -> list[dict]:
    return [json.loads(line) for line in result.lines]


def test_analyze_jsonl_has_the_contract_fields(run_cli, corpus):
    path = corpus / "b-note.txt"
    r = run_cli("analyze", path, "--format", "jsonl", "--author", "Desk")
    assert r.returncode == 0, r.stderr
    out = rows(r)
    assert out
    for row in out:
        assert list(row) == FIELDS
        assert row["doc"] == "b-note.txt"
        assert NOTE[row["content_start"] : row["content_end"]] == row["content"]
        if row["speaker_mention"] is not None:
            assert NOTE[row["speaker_start"] : row["speaker_end"]] == row["speaker_mention"]
        if row["cue"] is not None:
            assert NOTE[row["cue_start"] : row["cue_end"]] == row["cue"]
        assert isinstance(row["stances"], list)
        assert set(row["scores"]) == {"deterrence", "dialogue", "denial"}
    assert any(row["kind"] == "authored" and row["speaker"] == "Desk" for row in out)


def test_jsonl_is_identical_to_the_python_api(run_cli, corpus):
    path = corpus / "b-note.txt"
    r = run_cli("analyze", path, "--author", "Desk")
    assert r.stdout == sl.Analyzer().analyze_jsonl(NOTE, "b-note.txt", author="Desk")


def test_folders_are_walked_for_txt_in_sorted_order(run_cli, corpus):
    r = run_cli("sentences", corpus)
    assert r.returncode == 0, r.stderr
    docs = [row["doc"] for row in rows(r)]
    # sorted by path: b-note.txt comes before sub/a-other.txt; .md skipped
    assert docs[0] == "b-note.txt" and docs[-1] == "a-other.txt"
    assert set(docs) == {"b-note.txt", "a-other.txt"}


def test_sentences_jsonl_offsets(run_cli, corpus):
    r = run_cli("sentences", corpus / "b-note.txt")
    out = rows(r)
    assert [list(row) for row in out] == [["doc", "start", "end", "text"]] * len(out)
    assert [row["text"] for row in out] == sl.split_sentences(NOTE)
    for row in out:
        assert NOTE[row["start"] : row["end"]] == row["text"]


def test_stdin_is_read_with_dash(run_cli):
    r = run_cli("analyze", "-", "--author", "Desk", stdin=NOTE.encode("utf-8"))
    assert r.returncode == 0, r.stderr
    out = rows(r)
    assert out and all(row["doc"] == "-" for row in out)
    r2 = run_cli("sentences", "-", stdin=b"Hello there. Bye.")
    assert [row["text"] for row in rows(r2)] == ["Hello there.", "Bye."]


def test_bad_utf8_is_reported_with_path_and_offset_and_good_files_still_print(run_cli, corpus):
    bad = corpus / "c-bad.txt"
    good = b"Fine sentence here. "
    bad.write_bytes(good + b"\xff\xfe broken")
    r = run_cli("analyze", corpus, "--author", "Desk")
    assert r.returncode != 0
    assert str(bad) in r.stderr
    assert f"byte {len(good)}" in r.stderr
    docs = {row["doc"] for row in rows(r)}
    assert docs == {"b-note.txt", "a-other.txt"}, "the good files' rows are all there"


def test_missing_file_is_reported_and_counted(run_cli, corpus):
    r = run_cli("sentences", corpus / "b-note.txt", corpus / "nope.txt")
    assert r.returncode == 1
    assert "nope.txt" in r.stderr and "1 input(s) failed" in r.stderr
    assert rows(r), "the readable file still printed"


def test_csv_has_one_column_per_stance(run_cli, corpus):
    r = run_cli("analyze", corpus / "b-note.txt", "--format", "csv", "--author", "Desk")
    assert r.returncode == 0, r.stderr
    table = list(csv.reader(io.StringIO(r.stdout)))
    header, body = table[0], table[1:]
    assert header == [*FIELDS[:-1], "score_deterrence", "score_dialogue", "score_denial"]
    api = [
        json.loads(x)
        for x in jsonl_lines(sl.Analyzer().analyze_jsonl(NOTE, "b-note.txt", author="Desk"))
    ]
    assert len(body) == len(api)
    for cells, row in zip(body, api, strict=True):
        rec = dict(zip(header, cells, strict=True))
        assert rec["content"] == row["content"]
        assert int(rec["content_start"]) == row["content_start"]
        assert rec["stances"] == ";".join(row["stances"])
        assert rec["speaker_mention"] == (row["speaker_mention"] or "")
        for s in ("deterrence", "dialogue", "denial"):
            assert float(rec[f"score_{s}"]) == pytest.approx(row["scores"][s])


def test_aliases_file_and_bad_lexicon(run_cli, corpus, tmp_path):
    aliases = tmp_path / "aliases.json"
    aliases.write_text(json.dumps({"she": "Ilse Maarten"}), encoding="utf-8")
    r = run_cli("analyze", corpus / "b-note.txt", "--aliases", aliases)
    assert r.returncode == 0, r.stderr
    r = run_cli("analyze", corpus / "b-note.txt", "--lexicon", tmp_path / "missing.toml")
    assert r.returncode == 2
    assert "missing.toml" in r.stderr
    assert r.stdout == ""


def test_usage_errors_exit_2(run_cli):
    assert run_cli("analyze").returncode == 2
    assert run_cli("analyze", "-", "--format", "xml").returncode == 2
    assert run_cli("frobnicate", "x").returncode == 2


def test_bundled_sample_runs(run_cli, sample_dir):
    r = run_cli("analyze", sample_dir, "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    for row in rows(r):
        text = (sample_dir / row["doc"]).read_text(encoding="utf-8")
        assert text[row["content_start"] : row["content_end"]] == row["content"]


def test_console_script_is_installed():
    exe = Path(sys.executable).parent / (
        "stancelens.exe" if sys.platform == "win32" else "stancelens"
    )
    found = exe if exe.exists() else shutil.which("stancelens")
    assert found, "the stancelens console script is on the PATH of this environment"


def test_main_is_callable_in_process(capsys, corpus):
    from stancelens.cli import main

    assert main(["sentences", str(corpus / "sub" / "a-other.txt")]) == 0
    out = capsys.readouterr().out
    assert [json.loads(x)["text"] for x in jsonl_lines(out)] == sl.split_sentences(OTHER)


def test_line_separators_inside_content_do_not_split_rows(run_cli, tmp_path):
    # U+2028, U+0085 and U+001C are line breaks for str.splitlines() but not
    # for JSONL/CSV: each statement must stay one row.
    text = "Alpha\u2028beta said calm.\x85Gamma\x1cdelta. “Quote\u2029here,” she said.\n"
    path = tmp_path / "seps.txt"
    path.write_text(text, encoding="utf-8")
    expected = sl.analyze(text, author="Desk").statements
    r = run_cli("analyze", path, "--author", "Desk")
    assert r.returncode == 0, r.stderr
    assert [row["content"] for row in rows(r)] == [st.content for st in expected]
    r = run_cli("analyze", path, "--author", "Desk", "--format", "csv")
    body = list(csv.reader(io.StringIO(r.stdout, newline="")))[1:]
    assert [cells[2] for cells in body] == [st.content for st in expected]


def test_custom_lexicon_sets_the_score_columns(run_cli, tmp_path):
    lex = tmp_path / "hawk.json"
    lex.write_text(
        json.dumps(
            {
                "stances": ["hawk", "dove"],
                "terms": {"hawk": {"retaliate": 1.5}, "dove": {"ceasefire": 1.5}},
            }
        ),
        encoding="utf-8",
    )
    note = tmp_path / "note.txt"
    note.write_text("“We will retaliate,” the general said.\n", encoding="utf-8")
    r = run_cli("analyze", note, "--lexicon", lex, "--format", "csv")
    assert r.returncode == 0, r.stderr
    table = list(csv.reader(io.StringIO(r.stdout, newline="")))
    assert table[0][-2:] == ["score_hawk", "score_dove"]
    rec = dict(zip(table[0], table[1], strict=True))
    assert rec["stances"] == "hawk" and float(rec["score_hawk"]) > 0
    r = run_cli("analyze", note, "--lexicon", lex)
    assert rows(r)[0]["stances"] == ["hawk"]
    assert set(rows(r)[0]["scores"]) == {"hawk", "dove"}


def test_a_file_saved_with_a_byte_order_mark_loses_no_statement(run_cli, tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text(NOTE, encoding="utf-8")
    marked = tmp_path / "marked.txt"
    marked.write_text(NOTE, encoding="utf-8-sig")  # as Notepad saves it
    by_doc: dict[str, list[dict]] = {}
    r = run_cli("analyze", plain, marked, "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    for row in rows(r):
        by_doc.setdefault(row["doc"], []).append(row)
    text = "\ufeff" + NOTE  # the BOM is part of the text the offsets index
    assert len(by_doc["marked.txt"]) == len(by_doc["plain.txt"]) > 0
    for a, b in zip(by_doc["plain.txt"], by_doc["marked.txt"], strict=True):
        assert b["content"] == a["content"]
        assert b["content_start"] == a["content_start"] + 1
        assert text[b["content_start"] : b["content_end"]] == b["content"]


def test_a_file_name_that_is_not_utf8_keeps_its_row(run_cli, tmp_path):
    import os

    folder = tmp_path / "names"
    folder.mkdir()
    try:
        with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as f:
            f.write(NOTE.encode())
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    for command in ("analyze", "sentences"):
        args = (command, folder) + (("--format", "jsonl") if command == "analyze" else ())
        r = run_cli(*args)
        assert r.returncode == 0, r.stderr
        out = rows(r)
        assert out and {row["doc"] for row in out} == {"caf\\xe9.txt"}
