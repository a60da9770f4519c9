import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_modules_with_items(api_client, trainer):
    api_client.force_authenticate(trainer)
    response = api_client.get(reverse("skills-api:modules"))
    assert response.status_code == 200
    assert [m["code"] for m in response.data][:2] == ["IU01", "IU02"] and len(response.data) == 15
    iu01 = response.data[0]
    assert iu01["standard"] == "TT03/2014" and iu01["level"] == "basic"
    item = next(i for i in iu01["items"] if i["code"] == "IU01.5.2.2")
    assert item == {**item, "parent": "IU01.5.2", "excluded_for_foreign_certificates": True}


def test_on_before_the_standard_gives_no_modules(api_client, trainer):
    api_client.force_authenticate(trainer)
    response = api_client.get(reverse("skills-api:modules"), {"on": "2014-01-01"})
    assert response.status_code == 200 and response.data == []


def test_bad_on_gets_400_naming_the_field(api_client, trainer):
    api_client.force_authenticate(trainer)
    response = api_client.get(reverse("skills-api:modules"), {"on": "yesterday"})
    assert response.status_code == 400 and "on" in response.data


def test_outsider_gets_403(api_client, outsider):
    api_client.force_authenticate(outsider)
    assert api_client.get(reverse("skills-api:modules")).status_code == 403
