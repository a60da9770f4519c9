"""Demo details around a staff record: family, training, earlier career, ratings, rewards, discipline."""

import datetime as dt
import random

from hrm.demo import names as N
from hrm.demo.people import day_between, weighted, years_after
from hrm.demo.units import FROM
from hrm.models import (
    AnnualRating,
    CareerEntry,
    Discipline,
    DisciplineForm,
    Employee,
    FamilyMember,
    Qualification,
    RatingLevel,
    Reward,
)

CREDENTIALS = {
    "tien_si": "Bằng tiến sĩ",
    "thac_si": "Bằng thạc sĩ",
    "dai_hoc": "Bằng đại học",
    "cao_dang": "Bằng cao đẳng",
    "trung_cap": "Bằng trung cấp",
    "so_cap": "Chứng chỉ sơ cấp",
}
POLITICAL = {"cu_nhan": "cử nhân", "cao_cap": "cao cấp", "trung_cap": "trung cấp", "so_cap": "sơ cấp"}
RATING_SHARES = {"HTXSNV": 14, "HTTNV": 66, "HTNV": 17, "KHTNV": 3}


def family_rows(rng: random.Random, person, family_name: str) -> list[FamilyMember]:
    """Father, mother, and for most people over 27 a spouse and children (form 2C item 30)."""
    year = person.date_of_birth.year
    father_year = year - rng.randint(24, 34)
    rows = [
        ("own", "Cha", f"{family_name} Văn {rng.choice(N.MALE_GIVEN)}", father_year),
        (
            "own",
            "Mẹ",
            f"{weighted(rng, N.FAMILY_NAMES)} Thị {rng.choice(N.FEMALE_GIVEN)}",
            father_year + rng.randint(0, 6),
        ),
    ]
    if dt.date(2026, 1, 1).year - year > 27 and rng.random() < 0.85:
        male = person.sex == "female"
        spouse = f"{weighted(rng, N.FAMILY_NAMES)} {'Văn' if male else 'Thị'} " + rng.choice(
            N.MALE_GIVEN if male else N.FEMALE_GIVEN
        )
        rows.append(("own", "Chồng" if male else "Vợ", spouse, year + rng.randint(-4, 4)))
        for _i in range(rng.randint(0, 2)):
            child_year = min(year + rng.randint(24, 36), 2024)
            rows.append(
                (
                    "own",
                    "Con",
                    f"{family_name} {rng.choice(['Minh', 'Ngọc', 'Gia', 'Bảo'])} "
                    f"{rng.choice(N.MALE_GIVEN + N.FEMALE_GIVEN)}",
                    child_year,
                )
            )
    return [
        FamilyMember(
            person=person,
            side=side,
            relation=relation,
            full_name=name,
            birth_year=born,
            details=f"{rng.choice(N.JOBS)}, tỉnh Bến Tre",
        )
        for side, relation, name, born in rows
    ]


def qualification_rows(rng: random.Random, person, recruited: dt.date) -> list[Qualification]:
    rows = []
    if person.education_level:
        end = recruited - dt.timedelta(days=rng.randint(60, 400))
        rows.append(
            Qualification(
                person=person,
                kind=Qualification.Kind.PROFESSIONAL,
                level=person.education_level,
                institution=rng.choice(N.INSTITUTIONS[person.education_level]),
                major=person.education_major,
                start=years_after(end, -4),
                end=end,
                mode="Chính quy",
                credential=person.get_education_level_display(),
            )
        )
    if person.political_theory:
        end = day_between(rng, recruited, dt.date(2024, 12, 31))
        rows.append(
            Qualification(
                person=person,
                kind=Qualification.Kind.POLITICAL,
                level=person.political_theory,
                institution="Trường Chính trị tỉnh Bến Tre",
                start=years_after(end, -1),
                end=end,
                mode="Tại chức",
                credential=person.get_political_theory_display(),
            )
        )
    return rows


def career_rows(employee: Employee, first_unit_name: str) -> list[CareerEntry]:
    """Work between recruitment and 2015, when the registry's dated assignments start."""
    if employee.recruited_on >= FROM:
        return []
    return [
        CareerEntry(
            person=employee.person, start=employee.recruited_on, end=FROM, description=f"Chuyên viên, {first_unit_name}"
        )
    ]


class Ratings:
    """Rating levels and discipline forms in force, read once."""

    def __init__(self):
        self.levels = list(RatingLevel.objects.filter(staff_type=""))
        self.forms = list(DisciplineForm.objects.filter(code__in=["khien_trach", "canh_cao"]))

    def level(self, code: str, year: int):
        end = dt.date(year, 12, 31)
        return next((x for x in self.levels if x.code == code and x.in_force_on(end)), None)


def rating_rows(rng: random.Random, ratings: Ratings, employee: Employee) -> list[AnnualRating]:
    rows = []
    for year in (2023, 2024, 2025):
        if employee.recruited_on > dt.date(year, 9, 30):
            continue
        level = ratings.level(weighted(rng, RATING_SHARES), year)
        if level is not None:
            rows.append(AnnualRating(employee=employee, year=year, level=level))
    return rows


def reward_rows(rng: random.Random, employee: Employee) -> list[Reward]:
    if rng.random() > 0.14:
        return []
    form, authority, suffix = rng.choice(N.REWARDS)
    day = day_between(rng, max(employee.recruited_on, dt.date(2016, 1, 1)), dt.date(2025, 12, 31))
    return [
        Reward(
            employee=employee,
            date=day,
            form=form,
            authority=authority,
            decision_no=f"{rng.randint(100, 3000)}/{suffix}",
        )
    ]


def discipline_rows(rng: random.Random, ratings: Ratings, employee: Employee) -> list[Discipline]:
    if rng.random() > 0.012 or not any(form.applies_to(employee.staff_type) for form in ratings.forms):
        return []
    start = day_between(rng, max(employee.recruited_on, dt.date(2021, 1, 1)), dt.date(2024, 12, 31))
    return [
        Discipline(
            employee=employee,
            form=rng.choice([form for form in ratings.forms if form.applies_to(employee.staff_type)]),
            valid_from=start,
            valid_to=start + dt.timedelta(days=365),
            reason="Vi phạm quy chế làm việc của cơ quan",
            decision_no=f"{rng.randint(10, 999)}/QĐ-KL",
        )
    ]
