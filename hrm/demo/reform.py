"""The 2025 reform as a demonstration scenario, applied with the restructuring services.

On 01/07/2025 Bến Tre merged into Vĩnh Long (NQ 202/2025/QH15) and the district level was abolished;
the former Bến Tre area became 48 commune-level units. The real grouping of the 164 old communes is not in
the reference data: here each district's communes are grouped in code order into a share of the 48 new
communes proportional to its size, named after the district seat or the group's first commune.
"""

import datetime as dt
import json
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.statistics import tables_analyze
from hrm.demo.units import PROVINCE, department_code
from hrm.models import Assignment, Employee, Grant, OrgUnit, OrgUnitVersion
from hrm.services.org import unit_create
from hrm.services.restructure import unit_dissolve, units_merge

REGULATIONS = Path(__file__).resolve().parents[2] / "common" / "reference" / "regulations.json"
ON = dt.date(2025, 7, 1)
NEW_PROVINCE = ("86", "Tỉnh Vĩnh Long")
SEATS = {
    "829": ["Bến Tre", "An Hội", "Phú Khương", "Sơn Đông", "Phú Tân"],
    "831": ["Châu Thành"],
    "832": ["Chợ Lách"],
    "833": ["Mỏ Cày"],
    "834": ["Giồng Trôm"],
    "835": ["Bình Đại"],
    "836": ["Ba Tri"],
    "837": ["Thạnh Phú"],
    "838": ["Phước Mỹ Trung"],
}
PREFIXES = ("Xã ", "Phường ", "Thị trấn ")


def new_commune_total() -> int:
    data = json.loads(REGULATIONS.read_text(encoding="utf-8"))
    return int(data["ben_tre"]["merger_2025"]["former_ben_tre_commune_units_after_2025"])


def allocation(sizes: dict[str, int], total: int) -> dict[str, int]:
    """Split `total` new communes between districts in proportion to their communes (largest remainder)."""
    whole = sum(sizes.values())
    exact = {code: size * total / whole for code, size in sizes.items()}
    shares = {code: max(1, int(value)) for code, value in exact.items()}
    by_remainder = sorted(sizes, key=lambda code: (-(exact[code] - int(exact[code])), code))
    for code in by_remainder[: total - sum(shares.values())]:
        shares[code] += 1
    return shares


def groups(items: list, count: int) -> list[list]:
    """`items` in order, cut into `count` runs of nearly equal length."""
    size, extra = divmod(len(items), count)
    runs, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        runs.append(items[start:end])
        start = end
    return runs


def _group_name(district: OrgUnit, group: list[OrgUnit], index: int, used: set[str]) -> str:
    prefix = "Phường" if district.name.startswith("Thành phố") else "Xã"
    seats = SEATS.get(district.code, [])
    base = seats[index] if index < len(seats) else group[0].name
    for old in PREFIXES:
        base = base.removeprefix(old)
    name = f"{prefix} {base}"
    if name in used and len(group) > 1:
        name = f"{prefix} {group[1].name.split(' ', 1)[-1]}"
    used.add(name)
    return name


def _district_reform(district: OrgUnit, count: int, *, province: OrgUnit, interior: OrgUnit, actor, state) -> None:
    communes = list(district.children.open().filter(kind=OrgUnit.Kind.COMMUNE).order_by("code"))
    targets = []
    for index, group in enumerate(groups(communes, count)):
        state["serial"] += 1
        name = _group_name(district, group, index, state["names"])
        targets.append(
            units_merge(
                sources=group,
                target=None,
                on=ON,
                actor=actor,
                new_code=f"86-X{state['serial']:02d}",
                new_name=name,
                new_parent=province,
                kind=OrgUnit.Kind.COMMUNE,
            )
        )
    for division in district.children.open().order_by("code"):
        to = interior if division.code.endswith("-NV") else targets[0]
        unit_dissolve(unit=division, on=ON, transfer_to=to, actor=actor)
    unit_dissolve(unit=district, on=ON, transfer_to=targets[0], actor=actor)


@transaction.atomic
def reform_2025_apply(*, actor=None) -> dict:
    """Apply the demonstration 2025 reform on 01/07/2025; refuses to run twice."""
    if OrgUnit.objects.filter(code=NEW_PROVINCE[0]).exists():
        raise ApplicationError(_("The 2025 reform has already been applied."))
    old = OrgUnit.objects.get(code=PROVINCE)
    province = unit_create(
        code=NEW_PROVINCE[0],
        name=NEW_PROVINCE[1],
        kind=OrgUnit.Kind.PROVINCE,
        parent=None,
        valid_from=ON,
        actor=actor,
        gso_code=NEW_PROVINCE[0],
    )
    interior = OrgUnit.objects.get(code=department_code("SNV"))
    districts = list(old.children.open().filter(kind=OrgUnit.Kind.DISTRICT).order_by("code"))
    sizes = {d.code: d.children.open().filter(kind=OrgUnit.Kind.COMMUNE).count() for d in districts}
    shares, state = allocation(sizes, new_commune_total()), {"serial": 0, "names": set()}
    for district in districts:
        _district_reform(
            district, shares[district.code], province=province, interior=interior, actor=actor, state=state
        )
    units_merge(sources=[old], target=province, on=ON, actor=actor)
    Grant.objects.filter(unit=old).update(unit=province)  # province-wide HR officers keep their reach
    moved = Assignment.objects.filter(valid_from=ON).count()
    tables_analyze(models=(OrgUnit, OrgUnitVersion, Assignment, Employee), rows=moved)  # as demo_load does
    return {"new_communes": state["serial"], "districts_dissolved": len(districts), "province": province.name}
