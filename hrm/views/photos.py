"""A staff member's photo: shown only to those who may see the record, changed only by its HR officers."""

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

from hrm.selectors import employee_get_for_user
from hrm.selectors.edit import employee_for_writer_or_refuse
from hrm.services.photos import person_photo_remove, person_photo_set
from hrm.views.edit import profile_url


class StaffPhotoView(LoginRequiredMixin, View):
    """The photo file itself (GET), or a new photo / its removal from the edit page (POST)."""

    def get(self, request, employee_id: int):
        employee = employee_get_for_user(user=request.user, employee_id=employee_id)
        if employee is None or not employee.person.photo:
            raise Http404
        photo = employee.person.photo
        if not photo.storage.exists(photo.name):
            raise Http404
        response = FileResponse(photo.open("rb"), content_type="image/jpeg")
        response["Cache-Control"] = "private, max-age=300"
        return response

    def post(self, request, employee_id: int):
        employee = employee_for_writer_or_refuse(user=request.user, employee_id=employee_id)
        try:
            if request.POST.get("remove"):
                person_photo_remove(employee=employee, actor=request.user)
                messages.success(request, _("The photo was removed."))
            elif "photo" in request.FILES:
                person_photo_set(employee=employee, actor=request.user, upload=request.FILES["photo"])
                messages.success(request, _("The photo was saved."))
            else:
                messages.error(request, _("Choose a photo file first."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(profile_url(employee, "photo"))


PHOTO_UPLOAD = {"type": "object", "properties": {"photo": {"type": "string", "format": "binary"}}}


class StaffPhotoApi(APIView):
    """PUT a photo (multipart field `photo`) or DELETE it; the same rules as the page."""

    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": PHOTO_UPLOAD}, responses={200: OpenApiTypes.OBJECT})
    def put(self, request, employee_id: int):
        employee = employee_for_writer_or_refuse(user=request.user, employee_id=employee_id)
        if "photo" not in request.FILES:
            return Response({"photo": [_("Choose a photo file first.")]}, status=status.HTTP_400_BAD_REQUEST)
        person_photo_set(employee=employee, actor=request.user, upload=request.FILES["photo"])
        return Response({"photo": True})

    @extend_schema(responses={204: None})
    def delete(self, request, employee_id: int):
        employee = employee_for_writer_or_refuse(user=request.user, employee_id=employee_id)
        person_photo_remove(employee=employee, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
