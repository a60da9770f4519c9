"""common/ knows no app: no module under it imports hrm, exams, skills or training (conventions B1)."""

import ast
from pathlib import Path

import common

APPS = {"hrm", "exams", "skills", "training"}
ROOT = Path(common.__file__).resolve().parent


def _imported(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
            "import_module",
            "__import__",
        ):
            yield from (
                arg.value for arg in node.args[:1] if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            )


def app_imports() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.relative_to(ROOT).parts:
            continue
        for name in _imported(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if name.split(".")[0] in APPS:
                found.append(f"{path.relative_to(ROOT.parent)}: {name}")
    return found


def test_common_imports_no_app():
    assert app_imports() == []


def test_the_check_sees_imports_anywhere_in_a_module(tmp_path):
    source = "def f():\n    from hrm.selectors import user_roles\n    import exams.models\n"
    assert list(_imported(ast.parse(source))) == ["hrm.selectors", "exams.models"]
