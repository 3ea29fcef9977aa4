"""The type stubs describe the compiled module as it is (mypy's stubtest)
and type-check the package (mypy --strict)."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("mypy", reason="mypy is in the test extra")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", *args], capture_output=True, text=True, timeout=600
    )


def test_stubs_match_the_compiled_module():
    # Disjoint-base checks (PEP 800) contradict @final for pyo3 classes.
    r = run("mypy.stubtest", "--ignore-disjoint-bases", "stancelens._core")
    assert r.returncode == 0, r.stdout + r.stderr


def test_package_type_checks_strictly(tmp_path):
    # By package name, so mypy reads the installed package and its stubs.
    r = run("mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), "-p", "stancelens")
    assert r.returncode == 0, r.stdout + r.stderr
