"""The apps stand on their own: none imports the project package (`newsroom`), which holds the
settings, the URLconf and the deployment's middleware and is free to import them."""

import ast
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
APPS = ["articles", "pictures", "review", "archive", "search", "pagecache", "frontpage"]


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


@pytest.mark.parametrize("app", APPS)
def test_no_app_module_imports_the_project_package(app):
    folder = PROJECT / app
    assert (folder / "apps.py").is_file()
    offenders = {
        str(path.relative_to(PROJECT)): module
        for path in folder.rglob("*.py")
        for module in imported_modules(path)
        if module == "newsroom" or module.startswith("newsroom.")
    }
    assert offenders == {}


def test_the_article_admin_form_does_not_import_the_project_package():
    modules = set(imported_modules(PROJECT / "articles" / "admin" / "forms.py"))
    assert modules and not {m for m in modules if m.split(".")[0] == "newsroom"}
