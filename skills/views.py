"""Pages and API of the IT-skill standard (TT 03/2014/TT-BTTTT)."""

from django.contrib.auth.mixins import UserPassesTestMixin
from django.views.generic import TemplateView
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from skills import selectors
from skills.permissions import CanReadITStandard, can_read_it_standard
from skills.serializers import ModuleOutput, OnDateInput

ON_PARAMETER = OpenApiParameter(
    "on",
    type=OpenApiTypes.DATE,
    location=OpenApiParameter.QUERY,
    description="Modules of the standard in force on this date (YYYY-MM-DD); today by default.",
)


class StandardView(UserPassesTestMixin, TemplateView):
    """The standard in force: modules by level, the rule, and each module's item tree."""

    template_name = "skills/standard.html"

    def test_func(self):
        return can_read_it_standard(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        standard = selectors.standard_get_in_force()
        context["standard"] = standard
        if standard is not None:
            modules = list(selectors.module_list(standard=standard))
            context["rule"] = selectors.standard_rule(standard=standard, modules=modules)
            context["modules"] = [(module, selectors.item_tree(module=module)) for module in modules]
        return context


class ModuleListApi(APIView):
    permission_classes = [CanReadITStandard]

    @extend_schema(parameters=[ON_PARAMETER], responses=ModuleOutput(many=True))
    def get(self, request):
        data = OnDateInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        standard = selectors.standard_get_in_force(on=data.validated_data.get("on"))
        modules = selectors.module_list(standard=standard) if standard else []
        return Response(ModuleOutput(modules, many=True).data)
