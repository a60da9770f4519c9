"""Items: the editor, the item page with its versions, the preview as the candidate sees it, decisions and
retirement."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from exams import selectors
from exams.forms.banks import (
    ItemForm,
    OptionFormSet,
    ReturnForm,
    item_draft,
    option_initial,
)
from exams.models import ItemVersion
from exams.services import banks as services
from exams.services.banks.rendering import bank_asset_urls
from exams.services.grading import version_statistics
from exams.views.banks.base import EXTRA_ROWS, BankPageMixin
from hrm.forms import add_service_errors


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
            "statistics": version_statistics(version=shown),
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
