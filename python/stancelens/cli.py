"""The ``stancelens`` command line.

``stancelens sentences PATH...`` prints one JSON object per sentence
(``doc``, ``start``, ``end``, ``text``); ``stancelens analyze PATH...`` prints
one statement per line as JSONL or CSV. ``-`` reads standard input, folders
are walked for ``*.txt`` files (sorted). A file that cannot be read or is not
UTF-8 is reported on standard error with its path (and the byte offset of the
first bad byte); the other files are still processed and the exit status is 1.
Exit status 2 means bad usage or configuration (lexicon, aliases, tokenizer).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from stancelens import _core

#: Statement fields in output order (CSV columns before the score columns).
FIELDS = (
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
)

#: Documents analysed per parallel batch: enough to keep the cores busy,
#: few enough that output starts early and memory stays small.
BATCH_DOCS = 32
BATCH_CHARS = 4_000_000

STDIN = "-"


class _Failures:
    """Counts inputs that could not be processed and reports each on stderr."""

    def __init__(self) -> None:
        self.count = 0

    def report(self, path: str, message: str) -> None:
        self.count += 1
        print(f"stancelens: {path}: {message}", file=sys.stderr)


def _inputs(paths: Sequence[str], failures: _Failures) -> Iterator[str]:
    """Expands PATH arguments: ``-`` as is, folders into their ``*.txt``
    files (recursively, sorted), files as given."""
    for arg in paths:
        if arg == STDIN:
            yield arg
            continue
        p = Path(arg)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*.txt") if f.is_file())
            if not found:
                print(f"stancelens: {arg}: no *.txt files in folder", file=sys.stderr)
            for f in found:
                yield str(f)
        elif p.exists():
            yield arg
        else:
            failures.report(arg, "no such file or folder")


def _read(path: str, failures: _Failures) -> str | None:
    """The text of ``path`` (or stdin) as strict UTF-8, or None after
    reporting why not."""
    try:
        if path == STDIN:
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as f:
                data = f.read()
    except OSError as e:
        failures.report(path, f"cannot read: {e.strerror or e}")
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        failures.report(path, f"not valid UTF-8 at byte {e.start}: {e.reason}")
        return None


def _doc_name(path: str) -> str:
    """The ``doc`` field: the file name, ``-`` for stdin. A name that is not
    valid UTF-8 (its bad bytes arrive as surrogate escapes, which neither
    the core nor JSON can take) keeps them as ``\\xNN`` escapes."""
    if path == STDIN:
        return path
    return os.fsencode(os.path.basename(path)).decode("utf-8", "backslashreplace")


def _documents(paths: Sequence[str], failures: _Failures) -> Iterator[tuple[str, str, str]]:
    """(path, doc name, text) for every readable input, in order."""
    for path in _inputs(paths, failures):
        text = _read(path, failures)
        if text is not None:
            yield path, _doc_name(path), text


def _batches(
    docs: Iterator[tuple[str, str, str]],
) -> Iterator[list[tuple[str, str, str]]]:
    batch: list[tuple[str, str, str]] = []
    size = 0
    for d in docs:
        batch.append(d)
        size += len(d[2])
        if len(batch) >= BATCH_DOCS or size >= BATCH_CHARS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _jsonl_batch(
    analyzer: _core.Analyzer,
    batch: list[tuple[str, str, str]],
    author: str | None,
    failures: _Failures,
) -> Iterator[str]:
    """JSONL rows of each document in the batch, in order. A failing
    document is reported alone; the others still come out."""
    try:
        yield from analyzer.analyze_jsonl_many([(n, t) for _, n, t in batch], author=author)
        return
    except (ValueError, RuntimeError):
        pass  # find which document failed, below
    for path, name, text in batch:
        try:
            yield analyzer.analyze_jsonl(text, name, author=author)
        except (ValueError, RuntimeError) as e:  # RuntimeError: an internal error
            failures.report(path, f"cannot analyse: {e}")


def _csv_writer(out: IO[str], stances: Sequence[str]) -> Any:
    w = csv.writer(out, lineterminator="\n")
    w.writerow([*FIELDS, *(f"score_{s}" for s in stances)])
    return w


def _csv_rows(jsonl: str, stances: Sequence[str]) -> Iterator[list[Any]]:
    # Split on "\n" only: JSON keeps U+0085, U+2028... unescaped, and
    # str.splitlines() would cut rows there.
    for line in jsonl.split("\n"):
        if not line:
            continue
        row = json.loads(line)
        cells = []
        for f in FIELDS:
            v = row.get(f)
            if f == "stances":
                v = ";".join(v or [])
            cells.append("" if v is None else v)
        scores = row.get("scores") or {}
        cells.extend(scores.get(s, "") for s in stances)
        yield cells


def _cmd_sentences(args: argparse.Namespace, out: IO[str], failures: _Failures) -> None:
    for path, name, text in _documents(args.paths, failures):
        try:
            spans = _core.sentence_spans(text)
        except ValueError as e:
            failures.report(path, f"cannot split: {e}")
            continue
        for s in spans:
            row = {"doc": name, "start": s.start, "end": s.end, "text": s.text}
            out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")


def _cmd_analyze(args: argparse.Namespace, out: IO[str], failures: _Failures) -> int:
    try:
        analyzer = _core.Analyzer(
            lexicon=args.lexicon, tokenizer=args.tokenizer, aliases=args.aliases
        )
    except (OSError, ValueError) as e:
        print(f"stancelens: {e}", file=sys.stderr)
        return 2
    stances = analyzer.stances
    writer = _csv_writer(out, stances) if args.format == "csv" else None
    bar = _progress_bar(args.progress)
    for batch in _batches(_documents(args.paths, failures)):
        for jsonl in _jsonl_batch(analyzer, batch, args.author, failures):
            if writer is None:
                out.write(jsonl)
            else:
                writer.writerows(_csv_rows(jsonl, stances))
        if bar is not None:
            bar.update(len(batch))
    if bar is not None:
        bar.close()
    return 0


def _progress_bar(wanted: bool | None) -> Any:
    """A tqdm bar of documents on standard error: on when asked, or by
    default when standard error is a terminal and tqdm is installed."""
    if wanted is False or (wanted is None and not sys.stderr.isatty()):
        return None
    try:
        from tqdm import tqdm  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        if wanted:
            print(
                "stancelens: --progress needs tqdm: pip install 'stancelens[progress]'",
                file=sys.stderr,
            )
        return None
    return tqdm(desc="documents", unit="doc", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = argparse.ArgumentParser(
        prog="stancelens",
        description="Who said what, and with which stance, in news text.",
    )
    parser.add_argument("--version", action="version", version=f"stancelens {_core.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    paths_help = "text files or folders (walked for *.txt); - reads standard input"
    p = sub.add_parser("sentences", help="print sentences as JSONL (doc, start, end, text)")
    p.add_argument("paths", nargs="+", metavar="PATH", help=paths_help)

    p = sub.add_parser("analyze", help="print statements with speakers and stances")
    p.add_argument("paths", nargs="+", metavar="PATH", help=paths_help)
    p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl", help="default: jsonl")
    p.add_argument("--author", metavar="NAME", help="speaker of sentences not attributed to anyone")
    p.add_argument(
        "--aliases", metavar="FILE.json", help="JSON object: mention -> canonical speaker"
    )
    p.add_argument("--lexicon", metavar="PATH", help="lexicon file (.toml, .json, .yaml)")
    p.add_argument("--tokenizer", metavar="PATH", help="tokenizer.json to split words with")
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on standard error (default: when it is a terminal; needs tqdm)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line with ``argv`` (default: ``sys.argv[1:]``) and
    returns the exit status."""
    args = build_parser().parse_args(argv)
    out = sys.stdout
    reconfigure = getattr(out, "reconfigure", None)
    if reconfigure is not None:
        # Output is UTF-8 JSON/CSV whatever the locale says.
        reconfigure(encoding="utf-8")
    failures = _Failures()
    try:
        if args.command == "sentences":
            _cmd_sentences(args, out, failures)
        else:
            status = _cmd_analyze(args, out, failures)
            if status:
                return status
        out.flush()
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as `cat` would.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    if failures.count:
        print(f"stancelens: {failures.count} input(s) failed", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
