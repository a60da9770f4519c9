"""Where the demo staff sit: a deterministic plan of (unit, position, staff type, leader) slots and quotas."""

import random
from dataclasses import dataclass

from hrm.demo.units import OFFICE, PROVINCE, demo_unit_codes, department_key, head_title
from hrm.models import OrgUnit

COMMUNE_POSTS = [
    "Công chức Văn phòng - Thống kê",
    "Công chức Tài chính - Kế toán",
    "Công chức Tư pháp - Hộ tịch",
    "Công chức Địa chính - Xây dựng",
    "Công chức Văn hóa - Xã hội",
]


@dataclass
class Slot:
    unit: OrgUnit
    position: str
    staff_type: str
    leader: bool
    level: str  # province | district | commune: the education profile
    major_key: str
    rank_hint: (
        str  # leader | deputy | chief | specialist | accountant | clerk | treasurer | commune | title:S:lead|staff
    )


def _commune_word(unit: OrgUnit) -> str:
    for prefix in ("Phường", "Thị trấn"):
        if unit.name.startswith(prefix):
            return prefix.lower()
    return "xã"


def _commune_slots(rng: random.Random, unit: OrgUnit) -> list[Slot]:
    word = _commune_word(unit)
    posts = [
        (f"Chủ tịch UBND {word}", "can_bo", True, "leader"),
        (f"Phó Chủ tịch UBND {word}", "can_bo", False, "deputy"),
    ]
    posts += [(p, "cong_chuc", False, "commune") for p in rng.sample(COMMUNE_POSTS, 3)]
    return [Slot(unit, p, t, lead, "commune", "", hint) for p, t, lead, hint in posts[: rng.randint(1, 5)]]


def _leaders(unit: OrgUnit, head: str, deputy: str, deputies: int, staff_type: str, level: str) -> list[Slot]:
    key = department_key(unit)
    slots = [Slot(unit, head, staff_type, True, level, key, "leader")]
    return slots + [Slot(unit, deputy, staff_type, True, level, key, "deputy") for _ in range(deputies)]


def _division_slots(rng: random.Random, unit: OrgUnit, size: int, level: str) -> list[Slot]:
    key = department_key(unit)
    office = unit.name.startswith("Văn phòng")
    head = "Chánh Văn phòng" if office else ("Chánh Thanh tra" if unit.name.startswith("Thanh tra") else "Trưởng phòng")
    deputy = head.replace("Chánh", "Phó Chánh") if head != "Trưởng phòng" else "Phó Trưởng phòng"
    slots = [Slot(unit, head, "cong_chuc", False, level, key, "chief")]
    slots += [Slot(unit, deputy, "cong_chuc", False, level, key, "chief") for _ in range(rng.randint(1, 2))]
    if office:
        slots += [
            Slot(unit, "Kế toán", "cong_chuc", False, level, "STC", "accountant"),
            Slot(unit, "Văn thư", "cong_chuc", False, level, "", "clerk"),
            Slot(unit, "Thủ quỹ", "cong_chuc", False, level, "", "treasurer"),
        ]
    while len(slots) < size:
        slots.append(Slot(unit, "Chuyên viên", "cong_chuc", False, level, key, "specialist"))
    return slots


# Public service units: (leader, deputy, how many deputies, leaders' title series, staff: [(position, title series,
# how many)]). Leaders and deputies hold a title of the unit's profession (a head teacher teaches, a health centre's
# director is a doctor; a commune station's head is a doctor or a y sĩ). Schools and health units also have a few
# administrative viên chức (TT 05/2024/TT-BNV titles, the hanh_chinh series).
CLERK = ("Nhân viên văn thư", "hanh_chinh", (0, 1))
AGENCIES = {
    "MN": (
        "Hiệu trưởng",
        "Phó Hiệu trưởng",
        (1, 2),
        ("giao_vien_mam_non",),
        [("Giáo viên", "giao_vien_mam_non", (3, 5)), CLERK],
    ),
    "TH": (
        "Hiệu trưởng",
        "Phó Hiệu trưởng",
        (1, 2),
        ("giao_vien_tieu_hoc",),
        [("Giáo viên", "giao_vien_tieu_hoc", (4, 6)), CLERK],
    ),
    "THCS": (
        "Hiệu trưởng",
        "Phó Hiệu trưởng",
        (1, 2),
        ("giao_vien_thcs",),
        [("Giáo viên", "giao_vien_thcs", (8, 12)), ("Nhân viên văn thư", "hanh_chinh", (1, 1))],
    ),
    "THPT": (
        "Hiệu trưởng",
        "Phó Hiệu trưởng",
        (2, 3),
        ("giao_vien_thpt",),
        [("Giáo viên", "giao_vien_thpt", (18, 28)), ("Nhân viên văn thư", "hanh_chinh", (1, 1))],
    ),
    "TYT": (
        "Trạm trưởng",
        "Phó Trạm trưởng",
        (0, 1),
        ("bac_si", "y_si", "y_si"),
        [
            ("Bác sĩ", "bac_si", (0, 1)),
            ("Y sĩ", "y_si", (1, 2)),
            ("Điều dưỡng", "dieu_duong", (1, 2)),
            ("Dược sĩ", "duoc", (0, 1)),
        ],
    ),
    "TTYT": (
        "Giám đốc",
        "Phó Giám đốc",
        (1, 2),
        ("bac_si",),
        [
            ("Bác sĩ", "bac_si", (5, 9)),
            ("Điều dưỡng", "dieu_duong", (8, 14)),
            ("Y sĩ", "y_si", (2, 4)),
            ("Dược sĩ", "duoc", (2, 3)),
            ("Nhân viên Tổ chức - Hành chính", "hanh_chinh", (1, 2)),
        ],
    ),
}
KINDS = ("THPT", "THCS", "TTYT", "TYT", "TH", "MN")  # longest first: a code's tail starts with its kind


def agency_kind(unit: OrgUnit) -> str:
    """MN, TH, THCS, THPT, TYT or TTYT: the kind of school or health unit a demo unit is (its code says)."""
    tail = unit.code.rsplit("-", 1)[-1]
    return next(kind for kind in KINDS if tail.startswith(kind))


def _agency_slots(rng: random.Random, unit: OrgUnit) -> list[Slot]:
    kind = agency_kind(unit)
    head, deputy, deputies, lead_series, staff = AGENCIES[kind]
    leads = [head] + [deputy] * rng.randint(*deputies)
    role = "staff" if kind == "TYT" else "lead"  # a commune station's head is a bác sĩ (hạng III/II), not cao cấp
    slots = [
        Slot(unit, position, "vien_chuc", True, "province", "", f"title:{rng.choice(lead_series)}:{role}")
        for position in leads
    ]
    for position, title, count in staff:
        slots += [
            Slot(unit, position, "vien_chuc", False, "province", "", f"title:{title}:staff")
            for _ in range(rng.randint(*count))
        ]
    return slots


def _unit_slots(rng: random.Random, unit: OrgUnit) -> list[Slot]:
    if unit.kind == OrgUnit.Kind.AGENCY:
        return _agency_slots(rng, unit)
    if unit.kind == OrgUnit.Kind.COMMUNE:
        return _commune_slots(rng, unit)
    if unit.kind == OrgUnit.Kind.DISTRICT:
        return _leaders(unit, "Chủ tịch UBND", "Phó Chủ tịch UBND", 2, "can_bo", "district")
    if unit.kind == OrgUnit.Kind.DEPARTMENT:
        head = head_title(department_key(unit))
        deputy = f"Phó {head}"
        return _leaders(unit, head, deputy, rng.randint(2, 3), "cong_chuc", "province")
    if unit.parent.kind == OrgUnit.Kind.DEPARTMENT:
        big = unit.parent.code == f"{PROVINCE}-VP" or unit.name == OFFICE
        return _division_slots(rng, unit, rng.randint(7, 13) if big else rng.randint(5, 11), "province")
    return _division_slots(rng, unit, rng.randint(3, 5), "district")


def demo_units() -> list[OrgUnit]:
    """The units that get demo staff, in a fixed order (by code), wherever a restructuring has put them."""
    units = OrgUnit.objects.filter(code__in=demo_unit_codes()).select_related("parent")
    return sorted(units, key=lambda u: (u.kind, u.code))


def staff_plan(rng: random.Random, units: list[OrgUnit]) -> tuple[list[Slot], dict[int, int]]:
    """Slots for every unit and each unit's staff quota (its own slots plus a few spare posts)."""
    slots, quotas = [], {}
    for unit in units:
        unit_slots = _unit_slots(rng, unit)
        slots += unit_slots
        quotas[unit.pk] = len(unit_slots) + rng.randint(0, 3)
    return slots, quotas
