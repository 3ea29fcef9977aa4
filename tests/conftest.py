"""Shared fixtures: the CLI runner, the bundled samples, the shared data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import stancelens

HERE = Path(__file__).resolve().parent


def _shared_candidates() -> list[Path]:
    """Where the read-only shared data may be: an explicit override, beside
    the checkout (CI), or the development machine's fixed place."""
    if os.environ.get("STANCELENS_SHARED"):
        return [Path(os.environ["STANCELENS_SHARED"])]
    out = []
    if os.environ.get("STANCELENS_REPO"):
        out.append(Path(os.environ["STANCELENS_REPO"]) / ".." / "shared")
    out.append(HERE / ".." / ".." / "shared")
    out.append(Path("/work/shared"))
    return out


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared data folder; the test is skipped when it is absent."""
    for c in _shared_candidates():
        if (c / "seeds").is_dir():
            return c.resolve()
    pytest.skip("shared data folder (../shared) not present")


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    """The sample news items bundled with the installed package."""
    return stancelens.sample_path()


class CliResult:
    """Exit status and decoded output of one CLI run."""

    def __init__(self, proc: subprocess.CompletedProcess) -> None:
        self.returncode = proc.returncode
        self.stdout = proc.stdout.decode("utf-8")
        self.stderr = proc.stderr.decode("utf-8")

    @property
    def lines(self) -> list[str]:
        # JSONL rows end in "\n"; splitlines() would also cut at U+2028 etc.
        return [line for line in self.stdout.split("\n") if line]


@pytest.fixture
def run_cli():
    """Runs ``python -m stancelens ARGS`` in a subprocess (the real entry
    point, real stdin/stdout bytes) and returns a :class:`CliResult`."""

    def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> CliResult:
        proc = subprocess.run(
            [sys.executable, "-m", "stancelens", *map(str, args)],
            input=stdin if stdin is not None else b"",
            capture_output=True,
            cwd=cwd,
            timeout=300,
        )
        return CliResult(proc)

    return run
