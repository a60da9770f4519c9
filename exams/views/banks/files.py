"""Import, export and images of a bank."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from exams import selectors
from exams.forms.banks import (
    AssetForm,
    ExportForm,
    ImportForm,
)
from exams.services import banks as services
from exams.services.banks.formats.xlsx import COLUMNS, EXAMPLES
from exams.views.banks.base import BankPageMixin, _download
from hrm.forms import add_service_errors


class ImportView(BankPageMixin, View):
    def _page(self, request, form, result=None, status=200):
        context = {"bank": self.bank, "form": form, "result": result, "columns": COLUMNS, "examples": EXAMPLES}
        return render(request, "exams/banks/import.html", context, status=status)

    def get(self, request, bank_id):
        return self._page(request, ImportForm())

    def post(self, request, bank_id):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._page(request, form, status=400)
        try:
            outcome = services.questions_import_start(
                user=request.user,
                bank=self.bank,
                upload=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self._page(request, form, status=400)
        if outcome.queued:
            return redirect("common:job-detail", job_id=outcome.job.pk)
        status = 400 if outcome.result["errors"] else 200
        return self._page(request, ImportForm(initial={"dry_run": False}), outcome.result, status=status)


class TemplateDownloadView(BankPageMixin, View):
    def get(self, request):
        content = services.template_content()
        return _download(
            content, "mau-ngan-hang-cau-hoi.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )


class ExportView(BankPageMixin, View):
    def get(self, request, bank_id):
        form = ExportForm(request.GET)
        if not form.is_valid():
            return HttpResponse(_("Choose a format."), status=400, content_type="text/plain; charset=utf-8")
        out = services.questions_export(
            bank=self.bank,
            fmt=form.cleaned_data["format"],
            user=request.user,
            approved_only=form.cleaned_data["approved_only"],
        )
        return _download(out["content"], out["filename"], out["content_type"])


class AssetListView(BankPageMixin, View):
    def _page(self, request, form, status=200):
        context = {"bank": self.bank, "assets": selectors.asset_list(bank=self.bank), "form": form}
        return render(request, "exams/banks/assets.html", context, status=status)

    def get(self, request, bank_id):
        return self._page(request, AssetForm())

    def post(self, request, bank_id):
        form = AssetForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                asset = services.asset_add(actor=request.user, bank=self.bank, upload=form.cleaned_data["file"])
                messages.success(
                    request,
                    _("The image was added: write @@PLUGINFILE@@/%(name)s in a text to show it.")
                    % {"name": asset.name},
                )
                return redirect("exams:bank-assets", bank_id=bank_id)
            except ValidationError as exc:
                add_service_errors(form, exc)
        return self._page(request, form, status=400)


class AssetView(BankPageMixin, View):
    """One image of the bank, to its board only, audited; never cached by a browser or a proxy."""

    def get(self, request, bank_id, asset_id):
        asset = selectors.asset_get_for_user(user=request.user, bank_id=bank_id, asset_id=asset_id)
        if asset is None or not asset.file.storage.exists(asset.file.name):
            raise Http404
        services.asset_downloaded(actor=request.user, asset=asset)
        response = FileResponse(asset.file.open("rb"), content_type=asset.content_type)
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
