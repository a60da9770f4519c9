"""Demo persons: names, birth, CCCD, origin, party membership and qualification summary, from one RNG."""

import datetime as dt
import random

from hrm.demo import names as N
from hrm.models import Person
from hrm.services.cccd import cccd_make


def weighted(rng: random.Random, table: dict):
    return rng.choices(list(table), weights=list(table.values()))[0]


def day_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max((end - start).days, 0)))


def years_after(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year + years, day=min(day.day, 28))


def _name(rng: random.Random, sex: str) -> tuple[str, str]:
    ethnicity = "Kinh"
    roll = rng.random()
    for group, share in N.MINORITY_SHARE.items():
        if roll < share:
            ethnicity = group
            break
        roll -= share
    family = rng.choice(N.MINORITIES[ethnicity]) if ethnicity != "Kinh" else weighted(rng, N.FAMILY_NAMES)
    middle = weighted(rng, N.MALE_MIDDLE if sex == "male" else N.FEMALE_MIDDLE)
    given = rng.choice(N.MALE_GIVEN if sex == "male" else N.FEMALE_GIVEN)
    return f"{family} {middle} {given}", ethnicity


def _religion(rng: random.Random, ethnicity: str) -> str:
    if ethnicity == "Khmer":
        return "Phật giáo"
    return weighted(rng, N.RELIGIONS)


def _birth(rng: random.Random, *, sex: str, leader: bool) -> dt.date:
    # Women born before 1971 have reached retirement age by 2026 (NĐ 135/2020), so none are active.
    first = 1971 if sex == "female" else 1966
    last = 1985 if leader else 2001
    return day_between(rng, dt.date(first, 1, 1), dt.date(last, 12, 31))


def _place(rng: random.Random, province_code: str, communes: list[tuple[str, str]]) -> str:
    if province_code != "083":
        return N.PROVINCE_NAMES[province_code]
    commune, district = rng.choice(communes)
    return f"{commune}, {district}, Tỉnh Bến Tre"


def _party(rng: random.Random, person: Person, share: float) -> None:
    if rng.random() >= share:
        return
    joined = day_between(rng, years_after(person.date_of_birth, 24), dt.date(2024, 6, 30))
    person.party_joined_on = joined
    person.party_official_on = min(joined + dt.timedelta(days=365), dt.date(2025, 6, 30))


def _military(rng: random.Random, person: Person) -> None:
    if person.sex != "male" or rng.random() > 0.06:
        return
    person.military_enlisted_on = years_after(person.date_of_birth, 19)
    person.military_discharged_on = years_after(person.date_of_birth, 21)
    person.military_rank = rng.choice(N.MILITARY_RANKS)


def person_build(rng: random.Random, *, leader: bool, serial: int, communes: list[tuple[str, str]]) -> Person:
    """An unsaved Person with every demo field filled (CCCD valid for sex and date of birth)."""
    sex = "female" if rng.random() < (0.3 if leader else 0.52) else "male"
    full_name, ethnicity = _name(rng, sex)
    dob = _birth(rng, sex=sex, leader=leader)
    province = weighted(rng, N.BIRTH_PROVINCES)
    person = Person(
        full_name=full_name,
        sex=sex,
        date_of_birth=dob,
        ethnicity=ethnicity,
        religion=_religion(rng, ethnicity),
        cccd=cccd_make(province_code=province, sex=sex, date_of_birth=dob, serial=serial),
        cccd_issued_on=day_between(rng, dt.date(2021, 3, 1), dt.date(2024, 6, 30)),
        cccd_issued_by=N.CCCD_ISSUER,
        birthplace=_place(rng, province, communes),
        native_place=_place(rng, province, communes),
        permanent_address=f"Ấp {rng.randint(1, 9)}, {_place(rng, '083', communes)}",
        phone=f"09{rng.randint(10_000_000, 99_999_999)}",
        health_status="Tốt",
        height_cm=rng.randint(150, 176) if sex == "male" else rng.randint(145, 165),
        weight_kg=rng.randint(52, 78) if sex == "male" else rng.randint(42, 62),
        blood_type=rng.choice(N.BLOOD_TYPES),
        social_insurance_no=f"83{rng.randint(10_000_000, 99_999_999)}",
        mass_org_joined_on=years_after(dob, 16),
        mass_org_name="Đoàn TNCS Hồ Chí Minh",
    )
    person.current_address = person.permanent_address
    _party(rng, person, 0.85 if leader else 0.33)
    _military(rng, person)
    person.set_name_keys()
    return person


EDUCATION = {
    "leader": {"thac_si": 35, "dai_hoc": 63, "tien_si": 2},
    "province": {"tien_si": 1, "thac_si": 18, "dai_hoc": 76, "cao_dang": 5},
    "district": {"thac_si": 8, "dai_hoc": 82, "cao_dang": 6, "trung_cap": 4},
    "commune": {"dai_hoc": 65, "cao_dang": 10, "trung_cap": 25},
}


def qualifications_fill(rng: random.Random, person: Person, *, level: str, leader: bool, major_key: str) -> None:
    """Highest degree, major, political theory, state management, language and IT summary fields."""
    person.education_level = weighted(rng, EDUCATION["leader" if leader else level])
    person.education_major = rng.choice(N.MAJORS.get(major_key) or N.MAJORS[""])
    if leader:
        person.political_theory = weighted(rng, {"cao_cap": 70, "cu_nhan": 10, "trung_cap": 20})
        person.state_management = weighted(rng, {"cvc": 70, "cvcc": 20, "cv": 10})
    else:
        person.political_theory = weighted(rng, {"trung_cap": 35, "so_cap": 25, "": 38, "cao_cap": 2})
        person.state_management = weighted(rng, {"cv": 55, "cvc": 8, "": 37})
    if rng.random() < 0.82:
        person.foreign_language = weighted(rng, {"en": 92, "fr": 3, "zh": 3, "ko": 2})
        person.foreign_language_level = weighted(rng, {"certificate": 92, "degree": 8})
        person.foreign_language_detail = "Bậc 2 (A2)" if rng.random() < 0.7 else "Bậc 3 (B1)"
    if rng.random() < 0.9:
        person.it_level = weighted(rng, {"certificate": 90, "trung_cap_plus": 10})
        person.it_detail = "Chứng chỉ ứng dụng CNTT cơ bản" if person.it_level == "certificate" else ""
    person.minority_language_cert = person.ethnicity == "Khmer"
