"""One way to each thing in hrm: view modules hold no ORM query, form, serializer or permission class."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VIEW_MODULES = sorted(
    [*ROOT.glob("*/views.py"), *ROOT.glob("*/views/*.py")], key=lambda path: str(path.relative_to(ROOT))
)
ORM = re.compile(r"\.objects\.|\.filter\(|select_related\(")
SHAPES = {"Form", "ModelForm", "Serializer", "ModelSerializer", "BasePermission"}


def _bases(node: ast.ClassDef) -> set[str]:
    return {base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "") for base in node.bases}


def test_view_modules_hold_no_orm_query():
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in VIEW_MODULES
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if ORM.search(line)
    ]
    assert found == []


def test_forms_serializers_and_permission_classes_live_in_their_modules():
    found = [
        f"{path.relative_to(ROOT)}:{node.name}"
        for path in VIEW_MODULES
        if path.relative_to(ROOT).parts[0] == "hrm"
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ClassDef) and _bases(node) & SHAPES
    ]
    assert found == []
