"""Pages of the question banks: bank list, bank (topic tree, items with filters), item editor and history,
preview as the candidate sees it, import and export, images. Only the bank's board gets in (404 otherwise)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from common.errors import ApplicationError
from exams import selectors
from exams.forms.banks import (
    AssetForm,
    BankEditForm,
    BankForm,
    ExportForm,
    ImportForm,
    ItemFilterForm,
    ItemForm,
    OptionFormSet,
    ReturnForm,
    TopicForm,
    item_draft,
    option_initial,
)
from exams.models import ItemVersion
from exams.roles import EXAM_MANAGE
from exams.services import banks as services
from exams.services.banks.formats.xlsx import COLUMNS, EXAMPLES
from exams.services.banks.rendering import bank_asset_urls
from hrm.forms import add_service_errors
from hrm.selectors import may

PAGE_SIZE = 50
EXTRA_ROWS = 4


class BankPageMixin(LoginRequiredMixin):
    """Signed-in users with an exam-board role only (403 to others); a bank not his is a 404."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not may(request.user, EXAM_MANAGE):
            raise Http404
        if "bank_id" in kwargs:
            self.bank = selectors.bank_get_for_user(user=request.user, bank_id=kwargs["bank_id"])
            if self.bank is None:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def item(self, item_id):
        item = selectors.item_get_for_user(user=self.request.user, item_id=item_id)
        if item is None or item.bank_id != self.bank.pk:
            raise Http404
        return item


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- banks -------------------------------------------------------------------------------------------------
class BankListView(BankPageMixin, View):
    def get(self, request, form=None, status=200):
        context = {
            "banks": selectors.bank_list_with_counts_for_user(user=request.user),
            "can_create": selectors.bank_creator(request.user),
            "form": form or BankForm(),
        }
        return render(request, "exams/banks/bank_list.html", context, status=status)

    def post(self, request):
        if not selectors.bank_creator(request.user):
            raise Http404
        form = BankForm(request.POST)
        if form.is_valid():
            try:
                bank = services.bank_create(actor=request.user, **form.cleaned_data)
                messages.success(request, _("The bank was created."))
                return redirect("exams:bank-detail", bank_id=bank.pk)
            except ValidationError as exc:
                add_service_errors(form, exc)
        return self.get(request, form=form, status=400)


class BankEditView(BankPageMixin, View):
    def _page(self, request, form, status=200):
        return render(request, "exams/banks/bank_edit.html", {"bank": self.bank, "form": form}, status=status)

    def get(self, request, bank_id):
        bank = self.bank
        return self._page(
            request, BankEditForm(initial={"name": bank.name, "subject": bank.subject, "description": bank.description})
        )

    def post(self, request, bank_id):
        form = BankEditForm(request.POST)
        if form.is_valid():
            try:
                services.bank_update(actor=request.user, bank=self.bank, **form.cleaned_data)
                messages.success(request, _("The bank was saved."))
                return redirect("exams:bank-detail", bank_id=bank_id)
            except ValidationError as exc:
                add_service_errors(form, exc)
        return self._page(request, form, status=400)


class BankDetailView(BankPageMixin, View):
    def get(self, request, bank_id, topic_form=None, status=200):
        filters = ItemFilterForm(request.GET or None, bank=self.bank)
        items = selectors.item_list(bank=self.bank, filters=filters.filters())
        page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "bank": self.bank,
            "tree": selectors.topic_tree(bank=self.bank),
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "topic_form": topic_form or TopicForm(bank=self.bank),
            "statuses": ItemVersion.Status.choices,
            "kinds": ItemVersion.Kind.choices,
            "difficulties": range(1, 5),
        }
        return render(request, "exams/banks/bank_detail.html", context, status=status)


class TopicActionView(BankPageMixin, View):
    """Add, rename, move or delete a topic of the bank (one form, `action` says which)."""

    def post(self, request, bank_id):
        form = TopicForm(request.POST, bank=self.bank)
        if form.is_valid():
            data = form.cleaned_data
            try:
                self._act(request.user, data)
                messages.success(request, _("The topics were saved."))
                return redirect("exams:bank-detail", bank_id=bank_id)
            except ValidationError as exc:
                add_service_errors(form, exc)
        return BankDetailView.get(self, request, bank_id, topic_form=form, status=400)

    def _act(self, actor, data):
        action, topic = data["action"], data.get("topic")
        if action == "create":
            return services.topic_create(actor=actor, bank=self.bank, name=data["name"], parent=data.get("parent"))
        if topic is None:
            raise ApplicationError(_("Choose a topic."), field="topic")
        if action == "rename":
            return services.topic_rename(actor=actor, topic=topic, name=data["name"])
        if action == "move":
            return services.topic_move(actor=actor, topic=topic, parent=data.get("parent"))
        return services.topic_delete(actor=actor, topic=topic)


class BulkDecisionView(BankPageMixin, View):
    """Review or approve the ticked items' newest versions (each by the one-version rules: four eyes)."""

    def post(self, request, bank_id):
        decision = request.POST.get("decision")
        if decision not in ("review", "approve"):
            raise Http404
        ids = [v for v in request.POST.getlist("version") if v.isdigit()]
        outcome = services.versions_decide(actor=request.user, bank=self.bank, version_ids=ids, decision=decision)
        messages.success(request, _("%(n)s question(s) done.") % {"n": outcome["done"]})
        for refusal in outcome["refused"][:10]:
            messages.error(request, f"{refusal['item']}: {refusal['message']}")
        return redirect(reverse("exams:bank-detail", args=[bank_id]) + "?" + request.POST.get("query", ""))


# --- items -------------------------------------------------------------------------------------------------
class ItemEditorMixin(BankPageMixin):
    template_name = "exams/banks/item_edit.html"

    def _page(self, request, form, options, item=None, status=200):
        context = {"bank": self.bank, "form": form, "options": options, "item": item}
        return render(request, self.template_name, context, status=status)

    def _forms(self, request):
        form = ItemForm(request.POST, bank=self.bank)
        data = request.POST.copy()
        if "more" in request.POST:  # another few empty option rows, nothing saved yet
            total = int(data.get("form-TOTAL_FORMS", 0) or 0)
            data["form-TOTAL_FORMS"] = str(min(total + EXTRA_ROWS, 20))
        return form, OptionFormSet(data)

    def _save(self, request, save, item=None):
        form, options = self._forms(request)
        if "more" in request.POST or not (form.is_valid() and options.is_valid()):
            return self._page(request, form, options, item, status=200 if "more" in request.POST else 400)
        try:
            result = save(form.cleaned_data["topic"], item_draft(form, options))
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self._page(request, form, options, item, status=400)
        target = result if item is None else item
        messages.success(request, _("The question was saved."))
        return redirect("exams:item-detail", bank_id=self.bank.pk, item_id=target.pk)


class ItemCreateView(ItemEditorMixin, View):
    def get(self, request, bank_id):
        kind = request.GET.get("kind", ItemVersion.Kind.SINGLE)
        form = ItemForm(bank=self.bank, initial={"kind": kind, "topic": request.GET.get("topic")})
        rows = [{"percent": 100}, {}, {}, {}]
        return self._page(request, form, OptionFormSet(initial=rows))

    def post(self, request, bank_id):
        return self._save(
            request,
            lambda topic, draft: services.item_create(actor=request.user, bank=self.bank, topic=topic, draft=draft),
        )


class ItemEditView(ItemEditorMixin, View):
    def get(self, request, bank_id, item_id):
        item = self.item(item_id)
        version = selectors.item_latest_version(item=item)
        draft = services.draft_from_version(version)
        services.item_viewed(actor=request.user, item=item, what="edit")
        initial = {
            "topic": item.topic,
            "kind": draft.kind,
            "difficulty": draft.difficulty,
            "code": draft.code,
            "stem_format": draft.stem_format,
            "stem": draft.stem,
            "general_feedback": draft.general_feedback,
            "points": draft.points,
            "shuffle_options": draft.shuffle_options,
            "case_sensitive": draft.case_sensitive,
            "true_false": "1" if draft.kind != "true_false" or draft.options[0].fraction == 1 else "0",
        }
        rows = option_initial(draft) + [{}] * 2
        return self._page(request, ItemForm(bank=self.bank, initial=initial), OptionFormSet(initial=rows), item)

    def post(self, request, bank_id, item_id):
        item = self.item(item_id)
        return self._save(
            request,
            lambda topic, draft: services.item_edit(actor=request.user, item=item, topic=topic, draft=draft),
            item=item,
        )


class ItemDetailView(BankPageMixin, View):
    """The board's view of an item: its newest version with the key and feedback, the history, the actions."""

    def get(self, request, bank_id, item_id):
        item = self.item(item_id)
        services.item_viewed(actor=request.user, item=item, what="view")
        versions = list(selectors.item_versions(item=item).prefetch_related("options"))
        assets = bank_asset_urls(bank_id=self.bank.pk)
        shown = versions[0]
        wanted = request.GET.get("version")
        if wanted and wanted.isdigit():
            shown = next((v for v in versions if v.number == int(wanted)), shown)
        context = {
            "bank": self.bank,
            "item": item,
            "versions": versions,
            "shown": shown,
            "latest": versions[0],
            "board": services.version_render_for_board(version=shown, assets=assets),
            "return_form": ReturnForm(),
            "user_id": request.user.pk,
        }
        return render(request, "exams/banks/item_detail.html", context)


class ItemPreviewView(BankPageMixin, View):
    """The item as the candidate will see it (the live exam page's own rendering), without any key."""

    def get(self, request, bank_id, item_id):
        item = self.item(item_id)
        wanted = request.GET.get("version")
        number = int(wanted) if wanted and wanted.isdigit() else None
        version = selectors.item_version_get(item=item, number=number) or selectors.item_version_get(item=item)
        services.item_viewed(actor=request.user, item=item, what="preview")
        view = services.version_render_for_candidate(version=version, assets=bank_asset_urls(bank_id=self.bank.pk))
        return render(
            request,
            "exams/banks/item_preview.html",
            {"bank": self.bank, "item": item, "version": version, "view": view},
        )


class VersionActionView(BankPageMixin, View):
    ACTIONS = {"review": services.version_review, "approve": services.version_approve}

    def post(self, request, bank_id, item_id, version_id, action):
        item = self.item(item_id)
        version = selectors.item_version_get(item=item, version_id=version_id)
        if version is None or action not in (*self.ACTIONS, "return"):
            raise Http404
        try:
            if action == "return":
                form = ReturnForm(request.POST)
                reason = form.cleaned_data["reason"] if form.is_valid() else ""
                services.version_return(actor=request.user, version=version, reason=reason)
            else:
                self.ACTIONS[action](actor=request.user, version=version)
            messages.success(request, _("Done."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("exams:item-detail", bank_id=bank_id, item_id=item_id)


class ItemRetireView(BankPageMixin, View):
    def post(self, request, bank_id, item_id, action):
        item = self.item(item_id)
        act = {"retire": services.item_retire, "restore": services.item_restore}.get(action)
        if act is None:
            raise Http404
        try:
            act(actor=request.user, item=item)
            messages.success(request, _("Done."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("exams:item-detail", bank_id=bank_id, item_id=item_id)


# --- import, export, images ----------------------------------------------------------------------------------
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
