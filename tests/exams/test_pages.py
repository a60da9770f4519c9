import pytest
from django.urls import reverse

from exams.models import RegulationProfile
from exams.roles import ExamRole
from tests.hrm.factories import GrantFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def proctor(db):
    user = UserFactory(username="proctor")
    GrantFactory(user=user, role=ExamRole.PROCTOR, unit=None)
    return user


def _profile():
    return RegulationProfile.objects.get(code="congchuc_ND170_2025")


def test_examiner_sees_profiles_and_which_one_is_in_force(client, examiner):
    client.force_login(examiner)
    response = client.get(reverse("exams:profiles"), {"on": "01/01/2024"})
    assert response.status_code == 200
    assert [p.code for p in response.context["current"]] == [
        "it_certificate_TTLT17_2016",
        "congchuc_nang_ngach_ND138_2020",
        "vienchuc_thang_hang_ND85_2023",
        "congchuc_ND138_2020",
        "vienchuc_ND115_2020_as_amended_ND85_2023",
    ]
    assert len(response.context["profiles"]) == 8  # 5 recruitment and certificate profiles, 3 promotion


def test_proctor_sees_profile_detail_as_definition_lists(client, proctor, english):
    client.force_login(proctor)
    response = client.get(reverse("exams:profile-detail", args=[_profile().pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<dl" in html and "Round 1" in html and "Tie-break" in html
    assert '"chuyen_vien_can_su_posts"' not in html  # not raw JSON


def test_profile_detail_does_not_show_the_machine_readable_rules(client, examiner, english):
    client.force_login(examiner)
    response = client.get(reverse("exams:profile-detail", args=[_profile().pk]))
    labels = _labels(response.context["outline"])
    assert "Round 1" in labels and "Rules" not in labels and "Tie break" not in labels
    html = response.content.decode()
    assert "head_decides" not in html and "part_pass_fraction_when_combined" not in html


def _labels(nodes):
    return [label for node in nodes for label in (str(node["label"]), *_labels(node["children"]))]


def test_unknown_profile_gets_404(client, examiner):
    client.force_login(examiner)
    assert client.get(reverse("exams:profile-detail", args=[999999])).status_code == 404


def test_priority_page_filters_by_date(client, examiner):
    client.force_login(examiner)
    response = client.get(reverse("exams:priority"), {"on": "15/06/2015"})
    assert response.status_code == 200
    assert sorted(int(c.points) for c in response.context["categories"]) == [10, 20, 30]
    assert "15/06/2015" in response.content.decode()


def test_priority_page_with_bad_date_shows_an_error_and_today(client, examiner):
    client.force_login(examiner)
    response = client.get(reverse("exams:priority"), {"on": "31/02/2024"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["is_today"]


@pytest.mark.parametrize("name", ["exams:profiles", "exams:priority"])
def test_outsider_gets_403(client, outsider, name):
    client.force_login(outsider)
    assert client.get(reverse(name)).status_code == 403


def test_trainer_gets_403_on_profile_detail(client, trainer):
    client.force_login(trainer)
    assert client.get(reverse("exams:profile-detail", args=[_profile().pk])).status_code == 403


@pytest.mark.parametrize("name", ["exams:profiles", "exams:priority"])
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_superuser_passes(client):
    client.force_login(UserFactory(username="root", is_superuser=True))
    assert client.get(reverse("exams:profiles")).status_code == 200
