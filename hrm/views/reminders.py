"""HR reminders (raises due, retirements coming, ratings missing, records incomplete): page and API."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.views.generic import TemplateView
from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView

from hrm.models import Reminder
from hrm.permissions import HRRequiredMixin, IsHRStaff
from hrm.selectors.reminders import reminder_list_for_user
from hrm.serializers import ReminderListInput, ReminderOutput


class ReminderListView(LoginRequiredMixin, HRRequiredMixin, TemplateView):
    template_name = "hrm/reminders.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = ReminderListInput(data={k: v for k, v in self.request.GET.items() if v})
        kind = data.validated_data.get("kind") if data.is_valid() else None
        reminders = reminder_list_for_user(user=self.request.user, kind=kind)
        context.update(
            page=Paginator(reminders, 100).get_page(self.request.GET.get("page")),
            kinds=Reminder.Kind.choices,
            kind=kind or "",
            errors=data.errors,
        )
        return context


class ReminderListApi(ListAPIView):
    """Reminders of the units the requester may see, soonest first."""

    permission_classes = [IsHRStaff]
    serializer_class = ReminderOutput

    @extend_schema(parameters=[ReminderListInput])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        data = ReminderListInput(data=self.request.query_params.dict())
        data.is_valid(raise_exception=True)
        return reminder_list_for_user(user=self.request.user, kind=data.validated_data.get("kind"))
