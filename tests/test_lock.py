"""requirements.lock: matches pyproject.toml, hashes every package, and is what is installed."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, version

import pytest
from conftest import ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

LOCK = ROOT / "requirements.lock"
PYPROJECT = ROOT / "pyproject.toml"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}\b")


def read_lock(text: str) -> dict[str, tuple[str, int]]:
    """Locked packages: canonical name -> (version, number of sha256 hashes)."""
    locked: dict[str, tuple[str, int]] = {}
    name = None
    for line in text.splitlines():
        pin = PIN.match(line)
        if pin:
            name = canonicalize_name(pin[1])
            locked[name] = (pin[2], 0)
        elif name and line.startswith(" "):
            locked[name] = (locked[name][0], locked[name][1] + len(HASH.findall(line)))
        elif line.strip() and not line.startswith("#"):
            raise ValueError(f"requirements.lock: unexpected line {line!r}: run `make lock`")
    return locked


def declared(pyproject: dict) -> list[str]:
    """Every requirement pyproject.toml declares: dependencies, extras and dependency groups."""
    project = pyproject["project"]
    reqs = list(project.get("dependencies", []))
    for group in project.get("optional-dependencies", {}).values():
        reqs += group
    for group in pyproject.get("dependency-groups", {}).values():
        reqs += [r for r in group if isinstance(r, str)]
    return reqs


def stale(reqs: list[str], locked: dict[str, tuple[str, int]]) -> list[str]:
    """One line per declared requirement the lock does not satisfy."""
    problems = []
    for text in reqs:
        req = Requirement(text)
        name = canonicalize_name(req.name)
        if name not in locked:
            problems.append(f"{req.name}: in pyproject.toml, not in requirements.lock")
        elif not req.specifier.contains(locked[name][0], prereleases=True):
            problems.append(
                f"{req.name}: pyproject.toml wants {req.specifier}, lock has {locked[name][0]}"
            )
    return problems


def test_lock_matches_pyproject() -> None:
    pyproject = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    problems = stale(declared(pyproject), read_lock(LOCK.read_text(encoding="utf-8")))
    assert not problems, "requirements.lock is out of date, run `make lock`:\n" + "\n".join(
        problems
    )


def test_every_locked_package_has_a_hash() -> None:
    locked = read_lock(LOCK.read_text(encoding="utf-8"))
    assert {"pip", "setuptools", "mkdocs", "pytest"} <= locked.keys()
    assert not [name for name, (_, hashes) in locked.items() if hashes == 0]


def test_stale_lock_is_reported() -> None:
    locked = read_lock("mkdocs==1.6.0 \\\n    --hash=sha256:" + "a" * 64 + "\n")
    assert locked == {"mkdocs": ("1.6.0", 1)}
    problems = stale(["mkdocs==1.6.1", "PyYAML==6.0.4"], locked)
    assert problems == [
        "mkdocs: pyproject.toml wants ==1.6.1, lock has 1.6.0",
        "PyYAML: in pyproject.toml, not in requirements.lock",
    ]
    with pytest.raises(ValueError, match="make lock"):
        read_lock("mkdocs>=1.6\n")


def test_environment_is_the_lock() -> None:
    """What `make` installed: every locked package at its locked version."""
    wrong = []
    for name, (locked, _) in read_lock(LOCK.read_text(encoding="utf-8")).items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = "not installed"
        if installed != locked:
            wrong.append(f"{name}: {installed}, locked {locked}")
    assert not wrong, "the environment differs from requirements.lock (run `make test`):\n" + (
        "\n".join(wrong)
    )


def test_declared_reads_every_section() -> None:
    pyproject = {
        "project": {"dependencies": ["a==1"], "optional-dependencies": {"test": ["b==2"]}},
        "dependency-groups": {"bootstrap": ["c==3", {"include-group": "x"}]},
    }
    assert declared(pyproject) == ["a==1", "b==2", "c==3"]
