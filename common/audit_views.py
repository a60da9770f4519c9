"""The audit trail page: who changed what in the user's units, filtered, paginated and exported to xlsx."""

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from common import registry, selectors
from common.audit_exports import audit_export_start
from common.models import AuditEntry

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(label=gettext_lazy("From (dd/mm/yyyy)"), required=False)
    date_to = forms.DateField(label=gettext_lazy("To (dd/mm/yyyy)"), required=False)
    action = forms.ChoiceField(label=gettext_lazy("Action"), required=False)
    actor = forms.CharField(label=gettext_lazy("User name contains"), required=False, max_length=150)
    model = forms.ChoiceField(label=gettext_lazy("Record type"), required=False)
    object_id = forms.CharField(label=gettext_lazy("Record ID"), required=False, max_length=64)
    q = forms.CharField(label=gettext_lazy("Record contains"), required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("date_from", "date_to"):
            self.fields[name].widget.attrs.update(placeholder=_("dd/mm/yyyy"), inputmode="numeric")
        everything = [("", _("All"))]
        self.fields["action"].choices = everything + list(AuditEntry.Action.choices) + registry.audit_action_choices()
        self.fields["model"].choices = everything + selectors.audit_model_choices()

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        if data.get("object_id") and not data.get("model"):
            self.add_error("model", _("Choose the record type of this record ID."))
        for key in ("actor", "q", "object_id"):
            data[key] = (data.get(key) or "").strip()
        return data


def _filters(request) -> tuple[AuditFilterForm, dict | None]:
    """The filter form and its values (None when invalid); a record whose trail the user may not read is a 404."""
    form = AuditFilterForm(data={k: v for k, v in request.GET.items() if k != "page"})
    if not form.is_valid():
        return form, None
    filters = {k: v for k, v in form.cleaned_data.items() if v not in ("", None)}
    model, object_id = filters.get("model"), filters.get("object_id")
    if model and object_id:
        if selectors.audit_record_visible(user=request.user, model=model, object_id=object_id) is False:
            raise Http404
    return form, filters


class AuditAccessRequiredMixin:
    """For the audit pages: signed-in users no app admits to the trail get 403 (anonymous users log in)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.audit_access_allowed(user=request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AuditTrailView(LoginRequiredMixin, AuditAccessRequiredMixin, TemplateView):
    template_name = "common/audit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, filters = _filters(self.request)
        entries = (
            selectors.audit_list_for_user(user=self.request.user, filters=filters)
            if filters is not None
            else (AuditEntry.objects.none())
        )
        page = Paginator(entries, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=form,
            page=page,
            rows=selectors.audit_rows_for_user(user=self.request.user, entries=page.object_list),
            query=query.urlencode(),
            filtered=filters is not None and bool(filters),
        )
        return context


class AuditExportView(LoginRequiredMixin, AuditAccessRequiredMixin, View):
    """The filtered trail as xlsx; a long one goes to a job page."""

    def get(self, request):
        form, filters = _filters(request)
        if filters is None:
            errors = "; ".join(
                f"{form.fields[k].label if k in form.fields else k}: {' '.join(v)}" for k, v in form.errors.items()
            )
            return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
        outcome = audit_export_start(user=request.user, filters=filters)
        if outcome.queued:
            return redirect("common:job-detail", job_id=outcome.job.pk)
        response = HttpResponse(outcome.content, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{outcome.filename}"'
        return response
