import pytest
from django.urls import reverse

from common.models import AuditEntry
from skills.models import ITModule
from tests.hrm.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize("model", ["itstandard", "itmodule", "itskillitem"])
def test_changelists_open(superuser_client, model):
    assert superuser_client.get(reverse(f"admin:skills_{model}_changelist")).status_code == 200


def test_module_change_page_shows_items_inline(superuser_client):
    module = ITModule.objects.get(code="IU01")
    response = superuser_client.get(reverse("admin:skills_itmodule_change", args=[module.pk]))
    assert response.status_code == 200
    assert "IU01.5.2.2" in response.content.decode()


def test_skill_item_import_page_opens(superuser_client):
    assert superuser_client.get(reverse("admin:skills_itskillitem_import")).status_code == 200


def _inline_post_data(response):
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    formset = response.context["inline_admin_formsets"][0].formset
    data.update({f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()})
    for index, item_form in enumerate(formset.forms):
        for name in item_form.fields:
            value = item_form[name].value()
            if value not in (None, False):
                data[f"{formset.prefix}-{index}-{name}"] = value
    return data, formset


def test_editing_an_inline_item_is_audited(superuser_client):
    module = ITModule.objects.get(code="IU06")
    url = reverse("admin:skills_itmodule_change", args=[module.pk])
    data, formset = _inline_post_data(superuser_client.get(url))
    data[f"{formset.prefix}-0-name_vi"] = "Khái niệm Internet (sửa)"
    response = superuser_client.post(url, data)
    assert response.status_code == 302
    item = module.items.get(name_vi="Khái niệm Internet (sửa)")
    entry = AuditEntry.objects.get(model="skills.itskillitem", object_id=str(item.pk))
    assert entry.action == "update" and "name_vi" in entry.changes
