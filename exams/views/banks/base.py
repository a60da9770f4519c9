"""What every bank page shares: finding the bank in the user's scope (404 otherwise) and file downloads."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse

from exams import selectors
from exams.roles import EXAM_MANAGE
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
