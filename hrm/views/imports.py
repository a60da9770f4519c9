"""Staff import and export: the upload page, the template file, exports of filtered lists, and their API."""

import io

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views import View
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import job_accepted
from hrm.forms import StaffImportForm
from hrm.permissions import HasHRScope, HRRequiredMixin, HRScopeRequiredMixin, IsHRStaff
from hrm.serializers import StaffExportInput, StaffImportInput
from hrm.services.exports import rows_write, staff_export_start
from hrm.services.imports import COLUMNS, HEADERS, staff_import_start

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
EXAMPLE = {  # one cell per header of columns.COLUMNS (a test checks that none is missing)
    "Số hiệu CBCCVC": "CB00001",
    "Họ và tên": "Nguyễn Văn An",
    "Ngày sinh": "15/04/1985",
    "Giới tính": "Nam",
    "Số CCCD": "083085000123",
    "Mã đơn vị": "831",
    "Đối tượng": "Công chức",
    "Trạng thái": "Đang công tác",
    "Chức vụ": "Chuyên viên",
    "Mã ngạch / chức danh": "01.003",
    "Bậc lương": "3",
    "Hệ số": "3.00",
    "Ngày hưởng bậc lương": "01/01/2023",
    "Phụ cấp chức vụ": "0.00",
    "Dân tộc": "Kinh",
    "Tôn giáo": "Không",
    "Quê quán": "Châu Thành, Bến Tre",
    "Trình độ chuyên môn": "Đại học",
    "Lý luận chính trị": "Trung cấp",
    "Quản lý nhà nước": "Chuyên viên",
    "Ngoại ngữ": "Tiếng Anh",
    "Tin học": "Chứng chỉ",
    "Ngày vào Đảng": "",
    "Ngày tuyển dụng": "01/06/2010",
    "Điện thoại": "0912 345 678",
    "Ngày nghỉ việc": "",  # only for a leaver: his leaving date (later: pending until then)
}


def _download(content: bytes, filename: str) -> HttpResponse:
    fmt = filename.rsplit(".", 1)[-1]
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class StaffImportView(LoginRequiredMixin, HRScopeRequiredMixin, View):
    template_name = "hrm/import.html"

    def _page(self, request, form, result=None):
        context = {"form": form, "result": result, "columns": COLUMNS}
        return render(request, self.template_name, context, status=400 if form.errors else 200)

    def get(self, request):
        return self._page(request, StaffImportForm())

    def post(self, request):
        form = StaffImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._page(request, form)
        try:
            outcome = staff_import_start(
                user=request.user, upload=form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"]
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
            return self._page(request, form)
        if outcome.queued:
            return redirect("common:job-detail", job_id=outcome.job.pk)
        return self._page(request, StaffImportForm(initial={"dry_run": form.cleaned_data["dry_run"]}), outcome.result)


class StaffImportTemplateView(LoginRequiredMixin, HRRequiredMixin, View):
    """An xlsx with the column headers and one example row."""

    def get(self, request):
        out = io.BytesIO()
        rows_write(rows=[[EXAMPLE.get(c.header, "") for c in COLUMNS]], out=out, fmt="xlsx", headers=HEADERS)
        return _download(out.getvalue(), "mau-nhap-can-bo.xlsx")


def _filled(params) -> dict:
    """The query's filled-in parameters (a form submits its empty filters too)."""
    return {k: v for k, v in params.dict().items() if v not in ("", None)}


def _export(request, data: dict):
    return staff_export_start(user=request.user, filters=data, fmt=data["format"])


class StaffExportView(LoginRequiredMixin, HRRequiredMixin, View):
    """The filtered staff list as a file; a large list goes to a job page."""

    def get(self, request):
        data = StaffExportInput(data=_filled(request.GET))
        if not data.is_valid():
            return HttpResponse(str(data.errors), status=400, content_type="text/plain; charset=utf-8")
        try:
            outcome = _export(request, data.validated_data)
        except ValidationError as exc:
            return HttpResponse("; ".join(exc.messages), status=400, content_type="text/plain; charset=utf-8")
        if outcome.queued:
            return redirect("common:job-detail", job_id=outcome.job.pk)
        return _download(outcome.content, outcome.filename)


class StaffImportApi(APIView):
    """Upload a staff file: 200 with the result when small, 202 with a job when large."""

    permission_classes = [HasHRScope]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": StaffImportInput}, responses={200: dict, 202: dict})
    def post(self, request):
        data = StaffImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        outcome = staff_import_start(
            user=request.user, upload=data.validated_data["file"], dry_run=data.validated_data["dry_run"]
        )
        if outcome.queued:
            return job_accepted(outcome.job)
        return Response(outcome.result)


class StaffExportApi(APIView):
    """The filtered staff list as xlsx or csv; 202 with a job when the list is large."""

    permission_classes = [IsHRStaff]

    def perform_content_negotiation(self, request, force=False):
        # ?format= names the file format here, not DRF's renderer: answers are files or JSON.
        return JSONRenderer(), JSONRenderer.media_type

    @extend_schema(parameters=[StaffExportInput], responses={200: bytes, 202: dict})
    def get(self, request):
        data = StaffExportInput(data=_filled(request.query_params))
        data.is_valid(raise_exception=True)
        outcome = _export(request, data.validated_data)
        if outcome.queued:
            return job_accepted(outcome.job)
        return _download(outcome.content, outcome.filename)
