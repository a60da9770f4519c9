"""REST API of the question banks: the same selectors and services as the pages. A user without an exam-board role
gets 403; a bank, topic, item or image not his gets 404."""

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import job_accepted, request_object
from common.errors import ApplicationError
from exams import selectors
from exams.roles import EXAM_MANAGE
from exams.serializers.banks import (
    AssetInput,
    AssetOutput,
    BankInput,
    BankOutput,
    BankUpdateInput,
    CandidateViewOutput,
    DecisionOutput,
    ExportInput,
    ImportInput,
    ImportOutput,
    ItemDetailOutput,
    ItemFilterInput,
    ItemInput,
    ItemSummaryOutput,
    ReturnInput,
    SubjectInput,
    SubjectOutput,
    TopicInput,
    TopicOutput,
    TopicTreeOutput,
    TopicUpdateInput,
)
from exams.services import banks as services
from exams.services.banks.rendering import bank_asset_urls
from hrm.selectors import may


class CanManageExams(BasePermission):
    """Exam board members (of any exam or bank) and administrators."""

    def has_permission(self, request, view):
        return may(request.user, EXAM_MANAGE)


class BankApi(APIView):
    permission_classes = [CanManageExams]

    def bank(self, bank_id):
        bank = selectors.bank_get_for_user(user=self.request.user, bank_id=bank_id)
        if bank is None:
            raise Http404
        return bank

    def item(self, bank, item_id):
        item = selectors.item_get_for_user(user=self.request.user, item_id=item_id)
        if item is None or item.bank_id != bank.pk:
            raise Http404
        return item

    def topic(self, bank, topic_id):
        if topic_id is None:
            return None
        topic = selectors.topic_get(bank=bank, topic_id=topic_id)
        if topic is None:
            raise ApplicationError(_("This topic is not in the bank."), field="topic")
        return topic


class SubjectListApi(BankApi):
    @extend_schema(responses=SubjectOutput(many=True))
    def get(self, request):
        return Response(SubjectOutput(selectors.subject_list(), many=True).data)

    @extend_schema(request=SubjectInput, responses={201: SubjectOutput})
    def post(self, request):
        if not selectors.bank_creator(request.user):
            return Response(status=status.HTTP_403_FORBIDDEN)
        data = SubjectInput(data=request_object(request))
        data.is_valid(raise_exception=True)
        subject = services.subject_create(actor=request.user, **data.validated_data)
        return Response(SubjectOutput(subject).data, status=status.HTTP_201_CREATED)


class BankListApi(BankApi):
    @extend_schema(responses=BankOutput(many=True))
    def get(self, request):
        return Response(BankOutput(selectors.bank_list_with_counts_for_user(user=request.user), many=True).data)

    @extend_schema(request=BankInput, responses={201: BankOutput})
    def post(self, request):
        if not selectors.bank_creator(request.user):
            return Response(status=status.HTTP_403_FORBIDDEN)
        data = BankInput(data=request_object(request))
        data.is_valid(raise_exception=True)
        bank = services.bank_create(actor=request.user, **data.validated_data)
        return Response(BankOutput(bank).data, status=status.HTTP_201_CREATED)


class BankDetailApi(BankApi):
    @extend_schema(responses=BankOutput)
    def get(self, request, bank_id: int):
        return Response(BankOutput(self.bank(bank_id)).data)

    @extend_schema(request=BankUpdateInput, responses=BankOutput)
    def patch(self, request, bank_id: int):
        bank = self.bank(bank_id)
        data = BankUpdateInput(data=request_object(request))
        data.is_valid(raise_exception=True)
        return Response(BankOutput(services.bank_update(actor=request.user, bank=bank, **data.validated_data)).data)


class TopicListApi(BankApi):
    @extend_schema(responses=TopicTreeOutput(many=True))
    def get(self, request, bank_id: int):
        return Response(TopicTreeOutput(selectors.topic_tree(bank=self.bank(bank_id)), many=True).data)

    @extend_schema(request=TopicInput, responses={201: TopicOutput})
    def post(self, request, bank_id: int):
        bank = self.bank(bank_id)
        data = TopicInput(data=request_object(request))
        data.is_valid(raise_exception=True)
        parent = self.topic(bank, data.validated_data["parent"])
        topic = services.topic_create(actor=request.user, bank=bank, name=data.validated_data["name"], parent=parent)
        return Response(TopicOutput(topic).data, status=status.HTTP_201_CREATED)


class TopicDetailApi(BankApi):
    def _topic(self, bank_id, topic_id):
        bank = self.bank(bank_id)
        topic = selectors.topic_get(bank=bank, topic_id=topic_id)
        if topic is None:
            raise Http404
        return bank, topic

    @extend_schema(request=TopicUpdateInput, responses=TopicOutput)
    def patch(self, request, bank_id: int, topic_id: int):
        bank, topic = self._topic(bank_id, topic_id)
        data = TopicUpdateInput(data=request_object(request))
        data.is_valid(raise_exception=True)
        if "name" in data.validated_data:
            topic = services.topic_rename(actor=request.user, topic=topic, name=data.validated_data["name"])
        if "parent" in data.validated_data:
            parent = self.topic(bank, data.validated_data["parent"])
            topic = services.topic_move(actor=request.user, topic=topic, parent=parent)
        return Response(TopicOutput(topic).data)

    @extend_schema(responses={204: None})
    def delete(self, request, bank_id: int, topic_id: int):
        _bank, topic = self._topic(bank_id, topic_id)
        services.topic_delete(actor=request.user, topic=topic)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ItemListApi(BankApi):
    @extend_schema(parameters=[ItemFilterInput], responses=ItemSummaryOutput(many=True))
    def get(self, request, bank_id: int):
        bank = self.bank(bank_id)
        filters = ItemFilterInput(data=request.query_params)
        filters.is_valid(raise_exception=True)
        items = selectors.item_list(bank=bank, filters=filters.validated_data)[:1000]
        return Response(ItemSummaryOutput(items, many=True).data)

    @extend_schema(request=ItemInput, responses={201: ItemDetailOutput})
    def post(self, request, bank_id: int):
        bank = self.bank(bank_id)
        data = ItemInput(data=request_object(request))
        data.is_valid(raise_exception=True)
        topic = self.topic(bank, data.validated_data["topic"])
        item = services.item_create(actor=request.user, bank=bank, topic=topic, draft=data.draft())
        return Response(_detail(item), status=status.HTTP_201_CREATED)


def _detail(item) -> dict:
    item.versions_newest_first = list(selectors.item_versions(item=item).prefetch_related("options"))
    return ItemDetailOutput(item).data


class ItemDetailApi(BankApi):
    @extend_schema(responses=ItemDetailOutput)
    def get(self, request, bank_id: int, item_id: int):
        item = self.item(self.bank(bank_id), item_id)
        services.item_viewed(actor=request.user, item=item, what="api")
        return Response(_detail(item))

    @extend_schema(request=ItemInput, responses=ItemDetailOutput)
    def put(self, request, bank_id: int, item_id: int):
        bank = self.bank(bank_id)
        item = self.item(bank, item_id)
        data = ItemInput(data=request_object(request))
        data.is_valid(raise_exception=True)
        topic = self.topic(bank, data.validated_data["topic"])
        services.item_edit(actor=request.user, item=item, topic=topic, draft=data.draft())
        item.refresh_from_db()
        return Response(_detail(item))


class ItemPreviewApi(BankApi):
    @extend_schema(responses=CandidateViewOutput)
    def get(self, request, bank_id: int, item_id: int):
        bank = self.bank(bank_id)
        item = self.item(bank, item_id)
        version = selectors.item_latest_version(item=item)
        services.item_viewed(actor=request.user, item=item, what="preview")
        view = services.version_render_for_candidate(version=version, assets=bank_asset_urls(bank_id=bank.pk))
        return Response(CandidateViewOutput(view).data)


class VersionDecisionApi(BankApi):
    @extend_schema(request=ReturnInput, responses=DecisionOutput)
    def post(self, request, bank_id: int, item_id: int, version_id: int, action: str):
        item = self.item(self.bank(bank_id), item_id)
        version = selectors.item_version_get(item=item, version_id=version_id)
        if version is None or action not in ("review", "approve", "return"):
            raise Http404
        if action == "return":
            data = ReturnInput(data=request.data if isinstance(request.data, dict) else {})
            data.is_valid(raise_exception=True)
            version = services.version_return(actor=request.user, version=version, reason=data.validated_data["reason"])
        else:
            act = services.version_review if action == "review" else services.version_approve
            version = act(actor=request.user, version=version)
        return Response(DecisionOutput(version).data)


class ItemRetireApi(BankApi):
    @extend_schema(request=None, responses=ItemDetailOutput, operation_id="exams_banks_items_retire_or_restore")
    def post(self, request, bank_id: int, item_id: int, action: str):
        item = self.item(self.bank(bank_id), item_id)
        act = {"retire": services.item_retire, "restore": services.item_restore}.get(action)
        if act is None:
            raise Http404
        return Response(_detail(act(actor=request.user, item=item)))


class ImportApi(BankApi):
    """Upload a question file: 200 with the result when small, 202 with a job when large; 400 lists every error."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ImportInput}, responses={200: ImportOutput, 202: dict, 400: ImportOutput}
    )
    def post(self, request, bank_id: int):
        bank = self.bank(bank_id)
        data = ImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        outcome = services.questions_import_start(
            user=request.user, bank=bank, upload=data.validated_data["file"], dry_run=data.validated_data["dry_run"]
        )
        if outcome.queued:
            return job_accepted(outcome.job)
        code = status.HTTP_400_BAD_REQUEST if outcome.result["errors"] else status.HTTP_200_OK
        return Response(ImportOutput(outcome.result).data, status=code)


class ExportApi(BankApi):
    """The bank's items as a file (?format=gift|aiken|moodlexml|xlsx)."""

    def perform_content_negotiation(self, request, force=False):
        return JSONRenderer(), JSONRenderer.media_type  # ?format= names the file, not a renderer

    @extend_schema(parameters=[ExportInput], responses={200: bytes})
    def get(self, request, bank_id: int):
        bank = self.bank(bank_id)
        data = ExportInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        out = services.questions_export(
            bank=bank,
            fmt=data.validated_data["format"],
            user=request.user,
            approved_only=data.validated_data["approved_only"],
        )
        response = HttpResponse(out["content"], content_type=out["content_type"])
        response["Content-Disposition"] = f'attachment; filename="{out["filename"]}"'
        response["Cache-Control"] = "private, no-store"
        return response


class AssetListApi(BankApi):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=AssetOutput(many=True))
    def get(self, request, bank_id: int):
        return Response(AssetOutput(selectors.asset_list(bank=self.bank(bank_id)), many=True).data)

    @extend_schema(request={"multipart/form-data": AssetInput}, responses={201: AssetOutput})
    def post(self, request, bank_id: int):
        bank = self.bank(bank_id)
        data = AssetInput(data=request.data)
        data.is_valid(raise_exception=True)
        asset = services.asset_add(actor=request.user, bank=bank, upload=data.validated_data["file"])
        return Response(AssetOutput(asset).data, status=status.HTTP_201_CREATED)
