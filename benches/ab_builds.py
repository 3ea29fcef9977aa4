"""Two or more builds of stancelens in one process, timed round by round.

Usage::

    python benches/ab_builds.py NAME=DIR [NAME=DIR ...] [--rounds N] [--corpus DIR]

Each DIR is an installed ``stancelens`` package directory (the folder that
holds ``_core*.so``, e.g. copied out of site-packages before installing a
new build). Each is copied under a name of its own (``stancelens_NAME``),
with its imports of ``stancelens`` rewritten, so that all of them load side
by side; each build's Rust core has its own thread pools.

Why one process: on a shared machine the speed of the second core drifts by
tens of percent from minute to minute, so separate processes, even
alternating, cannot tell a few percent apart. Here every round times every
build's one- and two-thread ``statements_frame`` (builds in rotating order,
the two calls of each in alternating order), so that all builds see the
same drift, and compares them round by round.
"""

from __future__ import annotations

import argparse
import importlib
import re
import shutil
import statistics
import sys
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from compare import DEFAULT_CORPUS, timed

IMPORT = re.compile(r"\b(from|import) stancelens\b")


def side_by_side(name: str, package: Path, into: Path) -> ModuleType:
    """Imports the build in `package` as ``stancelens_<name>``."""
    target = into / f"stancelens_{name}"
    shutil.copytree(package, target, ignore=shutil.ignore_patterns("__pycache__"))
    for source in target.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        source.write_text(IMPORT.sub(rf"\1 stancelens_{name}", text), encoding="utf-8")
    return importlib.import_module(target.name)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("builds", nargs="+", metavar="NAME=DIR")
    ap.add_argument("--rounds", type=int, default=40)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args()
    pairs = [b.split("=", 1) for b in args.builds]
    if any(len(p) != 2 or not p[0].isidentifier() for p in pairs):
        ap.error("each build is NAME=DIR, NAME a Python identifier")
    if not args.corpus.is_dir():
        ap.error(f"no corpus at {args.corpus}")
    docs = [p.read_text(encoding="utf-8") for p in sorted(args.corpus.glob("*.txt"))]

    scratch = Path(tempfile.mkdtemp(prefix="stancelens-ab-"))
    sys.path.insert(0, str(scratch))
    warnings.simplefilter("ignore")  # each build registers the pandas accessor again
    try:
        mods = {name: side_by_side(name, Path(d), scratch) for name, d in pairs}
        compare(mods, docs, args.rounds)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def compare(mods: dict[str, ModuleType], docs: list[str], rounds: int) -> None:
    analyzers = {name: m.Analyzer() for name, m in mods.items()}

    def frame(name: str, threads: int) -> Callable[[], object]:
        return lambda: mods[name].statements_frame(docs, analyzer=analyzers[name], threads=threads)

    for name in mods:  # warm-up: pools, allocator caches
        timed(frame(name, 1), frame(name, 2), b_first=False)
    names = list(mods)
    seen: dict[str, list[tuple[float, float, float, float]]] = {n: [] for n in names}
    for r in range(rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            # Even rounds time one thread first, odd rounds two.
            (w2, c2), (w1, c1) = timed(frame(name, 2), frame(name, 1), b_first=r % 2 == 0)
            seen[name].append((w1 / w2, c2 / w2, c2 / c1, w2))

    median = statistics.median
    print(f"{len(docs)} docs, {rounds} rounds; medians of rounds")
    print(f"{'build':<12} {'2t ÷ 1t':>8} {'busy':>6} {'CPU 2t÷1t':>10} {'best 2t':>9}")
    for name in names:
        v = seen[name]
        print(
            f"{name:<12} {median(x[0] for x in v):8.3f} {median(x[1] for x in v):6.3f} "
            f"{median(x[2] for x in v):10.3f} {min(x[3] for x in v) * 1e3:7.1f}ms"
        )
    first = names[0]
    for name in names[1:]:
        ratio = [a[0] / b[0] for a, b in zip(seen[name], seen[first], strict=True)]
        ahead = sum(x > 1 for x in ratio)
        print(
            f"{name} vs {first}: speed-up ratio per round, median {median(ratio):.3f}; "
            f"ahead in {ahead} of {len(ratio)} rounds"
        )


if __name__ == "__main__":
    main()
