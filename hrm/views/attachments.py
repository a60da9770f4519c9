"""Attachments of a staff record: listed on the profile's Documents tab, downloaded only within the record's scope
(404 otherwise), added and deleted by its HR officers; pages and API call the same selectors and services."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from hrm.forms import AttachmentForm
from hrm.selectors import employee_get_for_user
from hrm.selectors.attachments import attachment_get_for_user, attachment_list_for_user
from hrm.selectors.edit import employee_for_writer_or_refuse
from hrm.serializers import AttachmentInput, AttachmentOutput
from hrm.services.attachments import attachment_add, attachment_delete, attachment_downloaded
from hrm.views.edit import profile_url


def _download(request, employee_id: int, attachment_id: int) -> FileResponse:
    attachment = attachment_get_for_user(user=request.user, employee_id=employee_id, attachment_id=attachment_id)
    if attachment is None or not attachment.file.storage.exists(attachment.file.name):
        raise Http404  # not his to see, or not there: the same answer
    attachment_downloaded(attachment=attachment, actor=request.user)
    name = f"{attachment.pk}.{attachment.file.name.rsplit('.', 1)[-1]}"
    response = FileResponse(
        attachment.file.open("rb"), content_type=attachment.content_type, as_attachment=True, filename=name
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _for_writer(request, employee_id: int, attachment_id: int):
    employee_for_writer_or_refuse(user=request.user, employee_id=employee_id)  # 403 to himself, 404 to others
    attachment = attachment_get_for_user(user=request.user, employee_id=employee_id, attachment_id=attachment_id)
    if attachment is None:
        raise Http404
    return attachment


class AttachmentAddView(LoginRequiredMixin, View):
    """The upload form of the Documents tab."""

    def post(self, request, employee_id: int):
        employee = employee_for_writer_or_refuse(user=request.user, employee_id=employee_id)
        form = AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, " ".join(m for msgs in form.errors.values() for m in msgs))
            return redirect(profile_url(employee, "documents"))
        try:
            values = dict(form.cleaned_data)
            attachment_add(employee=employee, actor=request.user, upload=values.pop("file"), **values)
            messages.success(request, _("The document was attached."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(profile_url(employee, "documents"))


class AttachmentDownloadView(LoginRequiredMixin, View):
    def get(self, request, employee_id: int, pk: int):
        return _download(request, employee_id, pk)


class AttachmentDeleteView(LoginRequiredMixin, View):
    def post(self, request, employee_id: int, pk: int):
        attachment = _for_writer(request, employee_id, pk)
        employee = attachment.employee
        attachment_delete(attachment=attachment, actor=request.user)
        messages.success(request, _("The document was deleted."))
        return redirect(profile_url(employee, "documents"))


class AttachmentListApi(APIView):
    """The documents of a staff record (GET), or a new one (POST, multipart: kind, title, file)."""

    parser_classes = [MultiPartParser]

    @extend_schema(responses=AttachmentOutput(many=True))
    def get(self, request, employee_id: int):
        employee = employee_get_for_user(user=request.user, employee_id=employee_id)
        if employee is None:
            raise Http404
        attachments = attachment_list_for_user(user=request.user, employee=employee)
        return Response(AttachmentOutput(attachments, many=True).data)

    @extend_schema(request={"multipart/form-data": AttachmentInput}, responses={201: AttachmentOutput})
    def post(self, request, employee_id: int):
        employee = employee_for_writer_or_refuse(user=request.user, employee_id=employee_id)
        data = AttachmentInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        attachment = attachment_add(employee=employee, actor=request.user, upload=values.pop("file"), **values)
        return Response(AttachmentOutput(attachment).data, status=status.HTTP_201_CREATED)


class AttachmentDetailApi(APIView):
    """The document's file (GET), or its deletion by the record's HR officers (DELETE)."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, employee_id: int, pk: int):
        return _download(request, employee_id, pk)

    @extend_schema(responses={204: None})
    def delete(self, request, employee_id: int, pk: int):
        attachment_delete(attachment=_for_writer(request, employee_id, pk), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
