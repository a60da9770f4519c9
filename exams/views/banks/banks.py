"""Banks: the list, a bank's page and settings, its topic tree and bulk decisions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from common.errors import ApplicationError
from exams import selectors
from exams.forms.banks import (
    BankEditForm,
    BankForm,
    ItemFilterForm,
    TopicForm,
)
from exams.models import ItemVersion
from exams.services import banks as services
from exams.views.banks.base import PAGE_SIZE, BankPageMixin
from hrm.forms import add_service_errors


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
