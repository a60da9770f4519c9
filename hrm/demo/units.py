"""The demo organisation: province-level departments with their divisions, district divisions, staff quotas.

The province, districts and communes come from migration 0002; this adds what sits beside them.
Creating is set-based (bulk_create in two passes) and skips units whose code already exists.
"""

import datetime as dt
import json
from pathlib import Path

from hrm.models import OrgUnit, OrgUnitVersion

SOURCE = Path(__file__).resolve().parents[2] / "common" / "reference" / "bentre-units.json"
FROM = dt.date(2015, 1, 1)
PROVINCE = "83"
OFFICE = "Văn phòng Sở"
DEPARTMENTS = [
    (
        "VP",
        "Văn phòng UBND tỉnh",
        "Chánh Văn phòng",
        ["Phòng Tổng hợp", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội", "Phòng Hành chính - Tổ chức"],
    ),
    (
        "SNV",
        "Sở Nội vụ",
        "Giám đốc",
        [
            OFFICE,
            "Phòng Tổ chức, biên chế và tổ chức phi chính phủ",
            "Phòng Công chức, viên chức",
            "Phòng Xây dựng chính quyền và công tác thanh niên",
        ],
    ),
    (
        "STTTT",
        "Sở Thông tin và Truyền thông",
        "Giám đốc",
        [OFFICE, "Phòng Công nghệ thông tin", "Phòng Thông tin - Báo chí - Xuất bản"],
    ),
    (
        "STC",
        "Sở Tài chính",
        "Giám đốc",
        [OFFICE, "Phòng Quản lý ngân sách", "Phòng Tài chính doanh nghiệp", "Phòng Quản lý giá và công sản"],
    ),
    ("SKHDT", "Sở Kế hoạch và Đầu tư", "Giám đốc", [OFFICE, "Phòng Tổng hợp, quy hoạch", "Phòng Đăng ký kinh doanh"]),
    (
        "SKHCN",
        "Sở Khoa học và Công nghệ",
        "Giám đốc",
        [OFFICE, "Phòng Quản lý khoa học", "Phòng Quản lý công nghệ và chuyên ngành"],
    ),
    ("STP", "Sở Tư pháp", "Giám đốc", [OFFICE, "Phòng Xây dựng và kiểm tra văn bản", "Phòng Hành chính tư pháp"]),
    ("SCT", "Sở Công Thương", "Giám đốc", [OFFICE, "Phòng Quản lý thương mại", "Phòng Quản lý công nghiệp"]),
    ("SXD", "Sở Xây dựng", "Giám đốc", [OFFICE, "Phòng Quản lý xây dựng", "Phòng Quy hoạch - Kiến trúc"]),
    (
        "SGTVT",
        "Sở Giao thông vận tải",
        "Giám đốc",
        [OFFICE, "Phòng Quản lý vận tải", "Phòng Quản lý kết cấu hạ tầng giao thông"],
    ),
    (
        "SNN",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Giám đốc",
        [OFFICE, "Phòng Kế hoạch - Tài chính", "Phòng Quản lý xây dựng công trình", "Phòng Tổ chức cán bộ"],
    ),
    ("STNMT", "Sở Tài nguyên và Môi trường", "Giám đốc", [OFFICE, "Phòng Quản lý đất đai", "Phòng Môi trường"]),
    (
        "SLDTBXH",
        "Sở Lao động - Thương binh và Xã hội",
        "Giám đốc",
        [OFFICE, "Phòng Lao động - Việc làm", "Phòng Người có công", "Phòng Bảo trợ xã hội"],
    ),
    (
        "SVHTTDL",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Giám đốc",
        [OFFICE, "Phòng Quản lý văn hóa", "Phòng Quản lý thể dục thể thao", "Phòng Quản lý du lịch"],
    ),
    (
        "SGDDT",
        "Sở Giáo dục và Đào tạo",
        "Giám đốc",
        [
            OFFICE,
            "Phòng Giáo dục mầm non - tiểu học",
            "Phòng Giáo dục trung học",
            "Phòng Khảo thí và Kiểm định chất lượng",
        ],
    ),
    ("SYT", "Sở Y tế", "Giám đốc", [OFFICE, "Phòng Nghiệp vụ y", "Phòng Nghiệp vụ dược", "Phòng Tổ chức cán bộ"]),
    ("TTR", "Thanh tra tỉnh", "Chánh Thanh tra", ["Văn phòng", "Phòng Nghiệp vụ 1", "Phòng Nghiệp vụ 2"]),
    ("BDT", "Ban Dân tộc", "Trưởng ban", ["Văn phòng Ban", "Phòng Chính sách dân tộc"]),
]
DISTRICT_DIVISIONS = [
    ("VP", "Văn phòng HĐND và UBND"),
    ("NV", "Phòng Nội vụ"),
    ("TCKH", "Phòng Tài chính - Kế hoạch"),
    ("TP", "Phòng Tư pháp"),
    ("TNMT", "Phòng Tài nguyên và Môi trường"),
    ("LDTBXH", "Phòng Lao động - Thương binh và Xã hội"),
    ("VHTT", "Phòng Văn hóa và Thông tin"),
    ("GDDT", "Phòng Giáo dục và Đào tạo"),
    ("YT", "Phòng Y tế"),
    ("KTHT", "Phòng Kinh tế và Hạ tầng"),
    ("NN", "Phòng Nông nghiệp và Phát triển nông thôn"),
    ("TTR", "Thanh tra huyện"),
]
CITY_DIVISIONS = {"KTHT": "Phòng Quản lý đô thị", "NN": "Phòng Kinh tế", "TTR": "Thanh tra thành phố"}


def department_code(key: str) -> str:
    return f"{PROVINCE}-{key}"


def _specs_level_one(province: OrgUnit, districts: list[OrgUnit]) -> list[tuple]:
    specs = [
        (department_code(key), name, OrgUnit.Kind.DEPARTMENT, province, 10 + i)
        for i, (key, name, _head, _divs) in enumerate(DEPARTMENTS)
    ]
    for district in districts:
        city = district.name.startswith("Thành phố")
        for i, (key, name) in enumerate(DISTRICT_DIVISIONS):
            name = CITY_DIVISIONS.get(key, name) if city else name
            specs.append((f"{district.code}-{key}", name, OrgUnit.Kind.DIVISION, district, 500 + i))
    return specs


def _specs_level_two(departments: dict[str, OrgUnit]) -> list[tuple]:
    return [
        (f"{department_code(key)}-{i + 1:02d}", division, OrgUnit.Kind.DIVISION, departments[department_code(key)], i)
        for key, _name, _head, divisions in DEPARTMENTS
        for i, division in enumerate(divisions)
    ]


def _units_bulk(specs: list[tuple]) -> None:
    """Create (code, name, kind, parent, order) units that do not exist yet, with their first versions."""
    existing = set(OrgUnit.objects.filter(code__in=[s[0] for s in specs]).values_list("code", flat=True))
    units = [
        OrgUnit(code=code, name=name, kind=kind, parent=parent, sort_order=order, valid_from=FROM, path="/")
        for code, name, kind, parent, order in specs
        if code not in existing
    ]
    OrgUnit.objects.bulk_create(units)
    for unit in units:
        unit.path = f"{unit.parent.path}{unit.pk}/"
        unit.depth = unit.path.count("/") - 2
    OrgUnit.objects.bulk_update(units, ["path", "depth"])
    OrgUnitVersion.objects.bulk_create(
        [OrgUnitVersion(unit=u, parent=u.parent, path=u.path, name=u.name, valid_from=FROM) for u in units]
    )


# Public service units with viên chức (đơn vị sự nghiệp): per commune a preschool, a primary school and a health
# station (trạm y tế), a lower-secondary school for each cluster of communes, and per district an upper-secondary
# school (Sở Giáo dục) and a health centre (Sở Y tế). Commune units sit under their commune, so the 2025 demo reform
# carries them into the merged communes.
THCS_CLUSTER = 3  # communes sharing a lower-secondary school


def _place(unit_name: str) -> str:
    """'An Hiệp' for 'Xã An Hiệp'; a numbered ward keeps its word ('Phường 8'), as its schools are named."""
    for prefix in ("Thị trấn ", "Phường ", "Xã ", "Huyện ", "Thành phố "):
        if unit_name.startswith(prefix) and not unit_name.removeprefix(prefix).isdigit():
            return unit_name.removeprefix(prefix)
    return unit_name


def _station_name(commune_name: str) -> str:
    """'Trạm Y tế xã An Hiệp' for 'Xã An Hiệp' (the commune word in lower case, as stations are named)."""
    word = next((w for w in ("Thị trấn", "Phường", "Xã") if commune_name.startswith(f"{w} ")), "")
    return f"Trạm Y tế {word.lower()} {commune_name.removeprefix(word).strip()}".replace("  ", " ")


def _commune_agency_rows(commune: dict, index: int) -> list[tuple[str, str, str, int]]:
    code, place = commune["code"], _place(commune["name"])
    rows = [
        (f"{code}-MN", f"Trường Mầm non {place}", code, 699),
        (f"{code}-TH", f"Trường Tiểu học {place}", code, 700),
        (f"{code}-TYT", _station_name(commune["name"]), code, 702),
    ]
    if index % THCS_CLUSTER == 0:
        rows.append((f"{code}-THCS", f"Trường THCS {place}", code, 701))
    return rows


def _agency_rows(districts: list[dict]) -> list[tuple[str, str, str, int]]:
    """(code, name, parent code, order) of the demo's public service units."""
    rows = []
    for district in districts:
        for i, commune in enumerate(district["communes"]):
            rows += _commune_agency_rows(commune, i)
        school, centre = department_code("SGDDT"), department_code("SYT")
        rows.append((f"{school}-THPT{district['code']}", f"Trường THPT {_place(district['name'])}", school, 800))
        rows.append((f"{centre}-TTYT{district['code']}", f"Trung tâm Y tế {district['name']}", centre, 800))
    return rows


def _specs_agencies(districts: list[dict], units: dict[str, OrgUnit]) -> list[tuple]:
    return [
        (code, name, OrgUnit.Kind.AGENCY, units[parent], order) for code, name, parent, order in _agency_rows(districts)
    ]


def agency_codes() -> list[str]:
    """Codes of the demo's public service units (schools, health centres)."""
    return [row[0] for row in _agency_rows(seeded_tree()["districts"])]


def demo_units_ensure(*, agencies: bool = True) -> OrgUnit:
    """Add the demo departments, divisions, district divisions and (with `agencies`) the schools and health units
    under the seeded province; safe twice."""
    province = OrgUnit.objects.get(code=PROVINCE)
    districts = list(OrgUnit.objects.filter(parent=province, kind=OrgUnit.Kind.DISTRICT).order_by("code"))
    _units_bulk(_specs_level_one(province, districts))
    departments = {u.code: u for u in OrgUnit.objects.filter(parent=province, kind=OrgUnit.Kind.DEPARTMENT)}
    _units_bulk(_specs_level_two(departments))
    tree = seeded_tree()["districts"]
    wanted = [c["code"] for d in tree for c in d["communes"]] + list(departments)
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=wanted)}
    if agencies and len(units) == len(
        wanted
    ):  # after the 2025 reform the old communes are closed: the schools exist already
        _units_bulk(_specs_agencies(tree, units))
    return province


def department_key(unit: OrgUnit) -> str:
    """'SNV' for Sở Nội vụ and its divisions; '' elsewhere."""
    parts = unit.code.split("-")
    return parts[1] if parts[0] == PROVINCE and len(parts) > 1 else ""


def head_title(key: str) -> str:
    return next((head for k, _name, head, _divs in DEPARTMENTS if k == key), "Giám đốc")


def seeded_tree() -> dict:
    """The 2015 districts and communes from the project's reference copy."""
    return json.loads(SOURCE.read_text(encoding="utf-8"))


def demo_unit_codes() -> list[str]:
    """Codes of every unit of the demo below the province: districts, communes, departments and divisions."""
    districts = seeded_tree()["districts"]
    codes = [d["code"] for d in districts] + [c["code"] for d in districts for c in d["communes"]]
    codes += [department_code(key) for key, _n, _h, _d in DEPARTMENTS]
    codes += [f"{department_code(key)}-{i + 1:02d}" for key, _n, _h, divs in DEPARTMENTS for i in range(len(divs))]
    codes += [f"{d['code']}-{key}" for d in districts for key, _name in DISTRICT_DIVISIONS]
    return codes + agency_codes()
