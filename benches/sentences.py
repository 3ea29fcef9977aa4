#!/usr/bin/env python3
"""Sentence splitting throughput: stancelens vs blingfire vs pysbd.

Run by hand (not part of the test suite):

    python benches/sentences.py [PATH] [--runs N] [--pysbd-docs N]

PATH is a folder of .txt articles (default: data/polnear/train/text under
$STANCELENS_SHARED, ../shared beside the repository, or /work/shared); when
it is missing, a synthetic news-like corpus is generated so the script still
runs. Each library splits the same texts in
the same process:

- per document: every article one call at a time (how an analyzer uses it);
- whole corpus: the articles joined by blank lines in one call (the unit of
  `cargo run --release --example bench_segment`), for stancelens and
  blingfire only, since pysbd slows down super-linearly on long inputs.

MB/s counts UTF-8 bytes. Libraries that are not installed are skipped:
`pip install blingfire pysbd`, and build stancelens with `maturin develop
--release`. Prints MB/s per library and the ratios stancelens/blingfire and
stancelens/pysbd.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS_IN_SHARED = Path("data") / "polnear" / "train" / "text"


def default_corpus() -> Path:
    """`$STANCELENS_SHARED`, else `../shared` beside the repository, else
    `/work/shared` (where helpers' worktrees live)."""
    roots = [os.environ.get("STANCELENS_SHARED"), REPO.parent / "shared", "/work/shared"]
    for root in roots:
        if root and (Path(root) / CORPUS_IN_SHARED).is_dir():
            return Path(root) / CORPUS_IN_SHARED
    return REPO.parent / "shared" / CORPUS_IN_SHARED


Splitter = Callable[[str], list[str]]


def load_corpus(path: Path) -> list[str]:
    files = sorted(p for p in path.rglob("*") if p.is_file())
    return [p.read_text(encoding="utf-8") for p in files]


def synthetic_corpus(n_docs: int = 800, seed: int = 7) -> list[str]:
    """News-like articles made from templates: titles, abbreviations,
    quotations with attributions, numbers, dates."""
    rng = random.Random(seed)
    names = ["Ana Ruiz", "Tom Hale", "Li Wei", "Mary K. Olsen", "J. R. Diaz", "Omar Said"]
    titles = ["Sen.", "Gov.", "Rep.", "Dr.", "Gen.", "Mr.", "Ms."]
    places = ["the U.S.", "Austin, Tex.", "the U.K.", "Washington, D.C.", "Geneva"]
    verbs = ["said", "told reporters", "added", "wrote"]
    quotes = [
        "We will not back down.",
        "Are we ready for this?",
        "The numbers rose 2.5 percent in Jan. and fell in Feb.",
        "Nobody expected it... But here we are.",
    ]
    docs = []
    for _ in range(n_docs):
        paras = []
        for _ in range(rng.randint(8, 20)):
            name = rng.choice(names)
            sents = [
                f"{rng.choice(titles)} {name} arrived in {rng.choice(places)} at "
                f"{rng.randint(1, 12)} {rng.choice(['a.m.', 'p.m.'])} on Monday.",
                f"“{rng.choice(quotes)}” {name.split()[-1]} {rng.choice(verbs)}.",
                f"The No. {rng.randint(2, 9)} official met Acme Inc. executives for "
                f"{rng.randint(2, 90)} minutes, e.g. about trade.",
            ]
            rng.shuffle(sents)
            paras.append(" ".join(sents))
        docs.append("\n\n".join(paras))
    return docs


def splitters(skip_pysbd: bool) -> dict[str, Splitter | None]:
    found: dict[str, Splitter | None] = {}
    try:
        import stancelens

        found["stancelens"] = stancelens.split_sentences
    except (ImportError, AttributeError) as e:
        print(f"stancelens: not available ({e}); skipped")
        found["stancelens"] = None
    try:
        import blingfire

        found["blingfire"] = lambda t: blingfire.text_to_sentences(t).split("\n")
    except ImportError as e:
        print(f"blingfire: not available ({e}); skipped")
        found["blingfire"] = None
    if skip_pysbd:
        found["pysbd"] = None
    else:
        try:
            import pysbd

            seg = pysbd.Segmenter(language="en", clean=False)
            found["pysbd"] = seg.segment
        except ImportError as e:
            print(f"pysbd: not available ({e}); skipped")
            found["pysbd"] = None
    return found


def time_docs(split: Splitter, docs: list[str], runs: int) -> tuple[float, int]:
    """Best wall time over `runs` of splitting every document, and the
    number of sentences found."""
    times = []
    count = 0
    for _ in range(runs):
        t0 = time.perf_counter()
        count = sum(len(split(d)) for d in docs)
        times.append(time.perf_counter() - t0)
    return min(times), count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", nargs="?", type=Path, default=None)
    ap.add_argument("--runs", type=int, default=5, help="runs per library (best is kept)")
    ap.add_argument(
        "--pysbd-docs",
        type=int,
        default=0,
        help="split only the first N documents with pysbd (0 = all; pysbd is slow)",
    )
    ap.add_argument("--no-pysbd", action="store_true")
    args = ap.parse_args()
    if args.path is None:
        args.path = default_corpus()

    if args.path.is_dir():
        docs = load_corpus(args.path)
        source = str(args.path)
    else:
        docs = synthetic_corpus()
        source = f"synthetic corpus ({args.path} not found)"
    corpus = "\n\n".join(docs)
    mb = len(corpus.encode("utf-8")) / 1e6
    print(f"corpus: {source}: {len(docs)} documents, {mb:.2f} MB\n")

    found = splitters(args.no_pysbd)
    per_doc: dict[str, float] = {}
    print("per document:")
    for name, split in found.items():
        if split is None:
            continue
        subset = docs
        runs = args.runs
        if name == "pysbd":
            runs = 1
            if args.pysbd_docs:
                subset = docs[: args.pysbd_docs]
        sub_mb = sum(len(d.encode("utf-8")) for d in subset) / 1e6
        best, count = time_docs(split, subset, runs)
        per_doc[name] = sub_mb / best
        print(
            f"  {name:<10} {per_doc[name]:9.2f} MB/s  ({count} sentences, "
            f"{sub_mb:.2f} MB, best of {runs} in {best:.3f} s)"
        )

    whole: dict[str, float] = {}
    print("whole corpus in one call:")
    for name in ("stancelens", "blingfire"):
        split = found.get(name)
        if split is None:
            continue
        best, count = time_docs(split, [corpus], args.runs)
        whole[name] = mb / best
        print(f"  {name:<10} {whole[name]:9.2f} MB/s  ({count} sentences)")

    print("ratios:")
    for table, label in ((per_doc, "per document"), (whole, "whole corpus")):
        for other in ("blingfire", "pysbd"):
            if "stancelens" in table and other in table:
                ratio = table["stancelens"] / table[other]
                print(f"  stancelens/{other} ({label}): {ratio:.1f}x")
    if "stancelens" not in per_doc:
        print("  (stancelens not importable: no ratios; see the Rust example for its speed)")


if __name__ == "__main__":
    main()
