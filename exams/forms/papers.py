"""The blueprint editor's form: a count and points field per topic × difficulty cell of the grid."""

from django import forms
from django.utils.translation import gettext_lazy as _


class BlueprintForm(forms.Form):
    """Built from `blueprint_grid`: fields `<cell key>-count` and `<cell key>-points` for every cell."""

    def __init__(self, grid: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = grid
        for row in grid["rows"]:
            for cell in row["cells"]:
                self.fields[f"{cell['key']}-count"] = forms.IntegerField(
                    label=_("items"), min_value=0, max_value=500, required=False, initial=cell["count"] or None
                )
                self.fields[f"{cell['key']}-points"] = forms.DecimalField(
                    label=_("points each"),
                    min_value=0,
                    max_digits=6,
                    decimal_places=2,
                    required=False,
                    localize=True,
                    initial=cell["points"],
                )

    def cells(self) -> list[dict]:
        """The cells as `blueprint_save` takes them (empty counts are 0; empty points are 1)."""
        data = self.cleaned_data
        return [
            {
                "topic": cell["topic"],
                "difficulty": cell["difficulty"],
                "count": data.get(f"{cell['key']}-count") or 0,
                "points": data.get(f"{cell['key']}-points") or 1,
            }
            for row in self.grid["rows"]
            for cell in row["cells"]
        ]

    def cell_errors(self) -> dict[str, list]:
        """Field errors by cell key (for the grid)."""
        found: dict[str, list] = {}
        for name, errors in self.errors.items():
            key = name.rsplit("-", 1)[0]
            found.setdefault(key, []).extend(errors)
        return found
