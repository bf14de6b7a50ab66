"""The lock file that `make install` and CI install from must match pyproject.toml."""

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def locked_versions():
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith((" ", "#")):
            name, _, version = line.partition("==")
            pins[canonicalize_name(name.split("[")[0])] = version.strip()
    return pins


def declared_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        declared.extend(extra)
    return [Requirement(text) for text in declared]


def test_every_declared_dependency_is_pinned_in_the_lock_file_within_its_range():
    pins = locked_versions()
    stale = [
        str(requirement)
        for requirement in declared_requirements()
        if canonicalize_name(requirement.name) not in pins
        or pins[canonicalize_name(requirement.name)] not in requirement.specifier
    ]
    assert stale == [], f"run `make lock`: requirements.lock does not satisfy {stale}"
