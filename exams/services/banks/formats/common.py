"""What every question format shares: the parse result, errors by line, category paths and numbers as text."""

from dataclasses import dataclass, field
from decimal import Decimal

from exams.services.banks.content import ItemDraft, number_text

__all__ = ["Parsed", "category_path", "category_text", "number_text", "percent_text"]
MOODLE_ROOTS = ("$course$", "$system$", "$module$", "$cat1$", "$coursecategory$", "$user$")


@dataclass
class Parsed:
    """The items read from a file, the problems found (each {"line": n, "message": text}) and what was skipped
    (descriptions, which are not questions), with images embedded in the file ({name: bytes})."""

    drafts: list[ItemDraft] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)

    def error(self, line: int, message: str) -> None:
        self.errors.append({"line": line, "message": message})


def category_path(text: str) -> tuple[str, ...]:
    """Topic names from a Moodle category ("$course$/top/Luật/Cán bộ" → ("Luật", "Cán bộ")); "//" is a slash
    inside a name, as Moodle writes it."""
    names = [part.replace("\ue010", "/").strip() for part in text.replace("//", "\ue010").split("/")]
    names = [n for n in names if n]
    if names and names[0].lower() in MOODLE_ROOTS:
        names = names[1:]
    if names and names[0] == "top":
        names = names[1:]
    return tuple(names)


def category_text(path: tuple[str, ...]) -> str:
    """The Moodle category text of a topic path (under `$course$/top`, slashes in names doubled)."""
    return "/".join(["$course$", "top", *(name.replace("/", "//") for name in path)])


def percent_text(fraction: Decimal) -> str:
    """A share of the points as a percentage ("0.33333" → "33.333")."""
    return number_text(fraction * 100)
