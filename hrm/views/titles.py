"""Ranks and professional titles as data (province administrators): the list with the salary group each is paid in
today, and the titles file they download, change and import again (hrm.services.titles), page and API."""

import io

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from hrm.forms import TitlesImportForm
from hrm.permissions import CanChangeRules, RulesChangeRequiredMixin
from hrm.selectors.salary import ranks_with_groups
from hrm.serializers import TitleOutput, TitlesImportInput
from hrm.services.exports import rows_write
from hrm.services.titles import titles_file_rows, titles_import_upload
from hrm.views.imports import _download


class TitlesView(LoginRequiredMixin, RulesChangeRequiredMixin, View):
    template_name = "hrm/titles.html"

    def _page(self, request, form):
        context = {"form": form, "ranks": ranks_with_groups(on=timezone.localdate())}
        return render(request, self.template_name, context, status=400 if form.errors else 200)

    def get(self, request):
        return self._page(request, TitlesImportForm())

    def post(self, request):
        form = TitlesImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._page(request, form)
        try:
            counts = titles_import_upload(upload=form.cleaned_data["file"], actor=request.user)
        except ValidationError as exc:
            form.add_error("file", exc.messages)
            return self._page(request, form)
        text = _("Imported: %(created)s added, %(updated)s changed, %(unchanged)s unchanged.")
        messages.success(request, text % counts)
        return redirect("hrm:titles")


class TitlesFileView(LoginRequiredMixin, RulesChangeRequiredMixin, View):
    """Every rank and title as a titles file (.xlsx), its salary group today: edit it and import it back."""

    def get(self, request):
        rows = titles_file_rows(on=timezone.localdate())
        out = io.BytesIO()
        rows_write(rows=rows[1:], out=out, fmt="xlsx", headers=rows[0])
        return _download(out.getvalue(), "ngach-chuc-danh.xlsx")


class TitlesApi(APIView):
    """Ranks and titles with the salary group each is paid in today; POST a titles file (.xlsx or .json) to add or
    change them: all rows or none, 400 naming each bad row and key."""

    permission_classes = [CanChangeRules]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=TitleOutput(many=True))
    def get(self, request):
        rows = [
            {
                **{name: getattr(rank, name) for name in ("code", "name", "kind", "field", "series", "grade")},
                "group": group.group_code if group else None,
                "table": group.table if group else None,
                "group_from": group.valid_from if group else None,
            }
            for rank, group in ranks_with_groups(on=timezone.localdate())
        ]
        return Response(TitleOutput(rows, many=True).data)

    @extend_schema(request={"multipart/form-data": TitlesImportInput}, responses={200: dict})
    def post(self, request):
        data = TitlesImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(titles_import_upload(upload=data.validated_data["file"], actor=request.user))
