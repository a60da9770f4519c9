"""The staff list's bulk actions as an API: export the selected rows, print their forms 2C in one PDF, record their
due raises. The same services as the list page's buttons (hrm/views/staff.py StaffBulkView); a selection with any
record the requester may not see is a 404 that names none of them."""

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import job_accepted, request_object
from hrm import serializers
from hrm.permissions import IsHRStaff
from hrm.selectors.staff import employee_list_selected_for_hr
from hrm.services.exports import staff_export_start
from hrm.services.form2c import form2c_pdf_many
from hrm.services.salary_changes import salary_raises_due_record

NOT_VISIBLE = OpenApiResponse(description="A selected record is not one you may see (none is named).")


def _selected(request, serializer_class=serializers.StaffBulkInput) -> tuple[list, dict]:
    data = serializer_class(data=request_object(request))
    data.is_valid(raise_exception=True)
    staff = employee_list_selected_for_hr(user=request.user, ids=data.validated_data["ids"])
    if staff is None:
        raise Http404  # one he may not see, or not there: the same answer, for the whole selection
    return staff, data.validated_data


class _FileApi(APIView):
    permission_classes = [IsHRStaff]

    def perform_content_negotiation(self, request, force=False):
        # The answers are files (or JSON errors): no renderer is chosen from ?format= or Accept.
        return JSONRenderer(), JSONRenderer.media_type


class StaffBulkExportApi(_FileApi):
    """The selected staff records as an xlsx or csv file (the list's export columns); 202 with a job when large."""

    @extend_schema(
        request=serializers.StaffBulkExportInput,
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY,
            (200, "text/csv"): OpenApiTypes.BINARY,
            202: serializers.JobAcceptedOutput,
            404: NOT_VISIBLE,
        },
    )
    def post(self, request):
        from hrm.views.imports import _download

        staff, data = _selected(request, serializers.StaffBulkExportInput)
        outcome = staff_export_start(user=request.user, filters={"ids": [e.pk for e in staff]}, fmt=data["format"])
        if outcome.queued:
            return job_accepted(outcome.job)
        return _download(outcome.content, outcome.filename)


class StaffBulkForm2CApi(_FileApi):
    """Form 2C of each selected staff member in one PDF, each form on its own pages; each one audited as viewed."""

    @extend_schema(
        request=serializers.StaffBulkInput,
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: NOT_VISIBLE},
    )
    def post(self, request):
        staff, _data = _selected(request)
        response = HttpResponse(form2c_pdf_many(employees=staff, actor=request.user), content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="2C-selected.pdf"'
        return response


class StaffBulkRaisesApi(APIView):
    """Record the due regular raise of every selected staff member, all or none: 200 with the new steps, or 400
    listing each refusal and writing nothing."""

    permission_classes = [IsHRStaff]

    @extend_schema(
        request=serializers.StaffBulkInput,
        responses={200: serializers.StaffBulkRaisesOutput, 400: serializers.StaffBulkRefusedOutput, 404: NOT_VISIBLE},
    )
    def post(self, request):
        staff, _data = _selected(request)
        result = salary_raises_due_record(employees=staff, actor=request.user)
        if result["refused"]:
            refused = [{"employee": e, "reason": reason} for e, reason in result["refused"]]
            body = {"detail": _("No raise was recorded."), "refused": refused}
            return Response(serializers.StaffBulkRefusedOutput(body).data, status=400)
        for employee in result["done"]:
            employee.refresh_from_db()
        return Response(serializers.StaffBulkRaisesOutput({"done": result["done"]}).data)
