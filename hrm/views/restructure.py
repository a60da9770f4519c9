"""The restructuring page: move, merge, dissolve or rename units from a date (province administrators)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from hrm.forms import DissolveForm, MergeForm, MoveForm, RenameForm
from hrm.models import OrgUnit
from hrm.selectors import is_province_admin
from hrm.services import restructure

OPERATIONS = {"move": MoveForm, "merge": MergeForm, "dissolve": DissolveForm, "rename": RenameForm}


def _run(op: str, data: dict, actor) -> OrgUnit:
    if op == "move":
        return restructure.unit_move(actor=actor, **data)
    if op == "merge":
        data["kind"] = data.get("kind") or None
        data.setdefault("target", None)
        return restructure.units_merge(sources=list(data.pop("sources")), actor=actor, **data)
    if op == "dissolve":
        return restructure.unit_dissolve(actor=actor, **data)
    return restructure.unit_rename(actor=actor, **data)


class RestructureView(LoginRequiredMixin, TemplateView):
    template_name = "hrm/restructure.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_province_admin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        forms_ = {op: cls(prefix=op) for op, cls in OPERATIONS.items()}
        forms_.update(kwargs.get("bound", {}))
        context["forms"] = forms_
        return context

    def post(self, request):
        op = request.POST.get("op")
        if op not in OPERATIONS:
            raise PermissionDenied
        form = OPERATIONS[op](request.POST, prefix=op)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if v not in ("", None) or k == "new_parent"}
            try:
                unit = _run(op, data, request.user)
            except ValidationError as exc:
                errors = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
                for field, messages_ in errors:
                    form.add_error(field if field in form.fields else None, messages_)
            else:
                messages.success(request, _("Done: %(unit)s.") % {"unit": unit.name})
                return redirect("hrm:restructure")
        return self.render_to_response(self.get_context_data(bound={op: form}))
