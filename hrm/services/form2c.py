"""Form 2C-BNV/2008 (sơ yếu lý lịch) of one staff member: every item of regulations §7.1, in order, ready to print.

Written as the printed form is: Vietnamese decimals (3,00), names instead of stored codes, periods as ranges
("02/2015 – 02/2019", an open one "02/2019 – nay"); a viên chức's form is HS02-VC/BNV.
"""

import copy
import datetime as dt
import io

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.dated import in_force_q, short_date
from common.errors import ApplicationError
from common.services import audit_record
from common.vietnamese import number_vi
from hrm.models import Employee, OrgUnitVersion, Person, Qualification, SalaryRecord
from hrm.models.people import (
    EducationLevel,
    ForeignLanguage,
    ITLevel,
    PoliticalTheory,
    QualificationLevel,
    StateManagement,
)
from hrm.services.current import employee_present_on


def _month(value: dt.date | None) -> str:
    return value.strftime("%m/%Y") if value else ""


def _period(start: dt.date | None, end: dt.date | None) -> str:
    """ "02/2015 – 02/2019"; an open period "02/2019 – nay"; without a start, just the end."""
    if start is None:
        return _month(end)
    return f"{_month(start)} – {_month(end) if end else _('now')}"


def _join(*parts) -> str:
    return ", ".join(str(p) for p in parts if p not in (None, ""))


def _item(no: str, label: str, value="") -> dict:
    return {"no": no, "label": label, "value": value}


def _table(no: str, label: str, headers: list[str], rows: list[list]) -> dict:
    return {"no": no, "label": label, "headers": headers, "rows": rows}


def _form_title(employee: Employee) -> tuple[str, str]:
    """(form number, heading): a public employee's is mẫu HS02-VC/BNV, everyone else's 2C-BNV/2008."""
    if _is_vien_chuc(employee):
        return _("Form HS02-VC/BNV"), _("CURRICULUM VITAE OF PUBLIC EMPLOYEES")
    return _("Form 2C-BNV/2008"), _("CURRICULUM VITAE OF CADRES AND CIVIL SERVANTS")


def _header(employee: Employee) -> dict:
    unit = employee.unit
    form_no, title = _form_title(employee)
    return {
        "form_no": form_no,
        "title": title,
        "managing_agency": unit.parent.name if unit.parent_id else unit.name,
        "using_agency": unit.name,
        "code": employee.code,
        "photo": reverse("hrm:staff-photo", args=[employee.pk]) if employee.person.photo else "",  # scoped, not /media/
    }


def _identity_items(employee: Employee, p: Person) -> list[dict]:
    return [
        _item("1", _("Full name at birth"), p.full_name.upper()),
        _item("2", _("Other names"), p.other_names),
        _item(
            "3",
            _("Date of birth; sex"),
            _join(str(p.date_of_birth.year) if p.birth_year_only else short_date(p.date_of_birth), p.get_sex_display()),
        ),
        _item("4", _("Place of birth"), p.birthplace),
        _item("5", _("Native place"), p.native_place),
        _item("6", _("Ethnicity"), p.ethnicity),
        _item("7", _("Religion"), p.religion or "Không"),
        _item("8", _("Permanent residence"), p.permanent_address),
        _item("9", _("Current address"), p.current_address),
        _item("10", _("Occupation when recruited"), employee.occupation_before),
        _item("11", _("Recruited on, by"), _join(short_date(employee.recruited_on), employee.recruiting_agency)),
        _item("12", _("Current position (title)"), employee.position),
        _item("13", _("Main duties"), employee.main_duties),
    ]


def _is_vien_chuc(employee: Employee) -> bool:
    return employee.staff_type == Employee.StaffType.VIEN_CHUC


def _kept(difference) -> str:
    """The kept difference coefficient (hệ số chênh lệch bảo lưu) as the form prints it; '' when there is none."""
    return _("kept difference coefficient %(k)s") % {"k": number_vi(difference)} if difference else ""


def _rank_item(employee: Employee) -> dict:
    rank = employee.rank
    code = _("title code %(code)s") if _is_vien_chuc(employee) else _("code %(code)s")
    value = _join(
        rank.name if rank else "",
        code % {"code": rank.code} if rank else "",
        _("step %(step)s") % {"step": employee.salary_step} if employee.salary_step else "",
        _("coefficient %(c)s") % {"c": number_vi(employee.coefficient)} if employee.coefficient is not None else "",
        _("since %(date)s") % {"date": short_date(employee.step_since)} if employee.step_since else "",
        _kept(getattr(employee, "kept_difference", 0)),
        _("position allowance %(a)s") % {"a": number_vi(employee.position_allowance)}
        if employee.position_allowance
        else "",
        _("other allowances %(a)s") % {"a": number_vi(employee.other_allowance)} if employee.other_allowance else "",
    )
    if _is_vien_chuc(employee):
        label = _("Professional title, title code, grade, salary step, coefficient, since; allowances")
        return _item("14", label, value)
    return _item("14", _("Rank, rank code, salary step, coefficient, since; allowances"), value)


def _qualification_items(p: Person) -> list[dict]:
    return [
        _item("15.1", _("General education"), p.general_education),
        _item("15.2", _("Highest professional level"), _join(p.get_education_level_display(), p.education_major)),
        _item("15.3", _("Political theory"), p.get_political_theory_display()),
        _item("15.4", _("State management"), p.get_state_management_display()),
        _item("15.5", _("Foreign language"), p.language_summary),
        _item("15.6", _("Information technology"), p.it_summary),
    ]


def _political_items(employee: Employee, p: Person) -> list[dict]:
    official = _("official %(date)s") % {"date": short_date(p.party_official_on)} if p.party_official_on else ""
    party = _join(short_date(p.party_joined_on), official)
    mass_org = _join(short_date(p.mass_org_joined_on), p.mass_org_name)
    military = _join(short_date(p.military_enlisted_on), short_date(p.military_discharged_on), p.military_rank)
    rewards = "; ".join(_join(short_date(r.date), r.form, r.authority) for r in employee.rewards.all())
    disciplines = "; ".join(
        _join(short_date(d.valid_from), d.form.name, d.reason) for d in employee.disciplines.select_related("form")
    )
    return [
        _item("16", _("Joined the Party on; official member on"), party),
        _item("17", _("Joined a socio-political organisation on"), mass_org),
        _item("18", _("Enlisted on, discharged on, highest military rank"), military),
        _item("19", _("Highest honorary title"), p.honorary_title),
        _item("20", _("Strengths"), p.strengths),
        _item("21", _("Rewards"), rewards),
        _item("22", _("Discipline"), disciplines),
    ]


def _personal_items(p: Person) -> list[dict]:
    health = _join(
        p.health_status,
        _("height %(n)s cm") % {"n": p.height_cm} if p.height_cm else "",
        _("weight %(n)s kg") % {"n": p.weight_kg} if p.weight_kg else "",
        p.blood_type,
    )
    return [
        _item("23", _("Health, height, weight, blood type"), health),
        _item("24", _("War invalid grade; policy family"), _join(p.war_invalid_grade, p.policy_family)),
        _item(
            "25",
            _("ID number (CCCD), issued on"),
            _join(p.cccd or p.old_id_number, short_date(p.cccd_issued_on), p.cccd_issued_by),
        ),
        _item("26", _("Social insurance number"), p.social_insurance_no),
    ]


# A qualification's level is stored as the code of the matching person field's choice ("dai_hoc", "cu_nhan").
_LEVEL_NAMES = {
    Qualification.Kind.PROFESSIONAL: EducationLevel,
    Qualification.Kind.POLITICAL: PoliticalTheory,
    Qualification.Kind.STATE_MANAGEMENT: StateManagement,
    Qualification.Kind.LANGUAGE: QualificationLevel,
    Qualification.Kind.IT: ITLevel,
}


def level_name(kind: str, level: str) -> str:
    """The name of a qualification's level ("Đại học" for "dai_hoc"); a level typed as text is kept as it is."""
    choices = _LEVEL_NAMES.get(kind)
    if choices is not None and level in choices.values:
        return str(choices(level).label)
    if kind == Qualification.Kind.LANGUAGE and level in ForeignLanguage.values:
        return str(ForeignLanguage(level).label)
    return level


def _credential(q: Qualification) -> str:
    level = level_name(q.kind, q.level)
    return q.credential if level.casefold() == q.credential.casefold() else _join(q.credential, level)


def _training(p: Person) -> dict:
    rows = [
        [q.institution, _join(q.get_kind_display(), q.major), _period(q.start, q.end), q.mode, _credential(q)]
        for q in p.qualifications.all()
    ]
    headers = [_("School or institution"), _("Field"), _("From – to"), _("Mode"), _("Degree or certificate")]
    return _table("27", _("Training and further training"), headers, rows)


def _unit_name_on(unit_id: int, on: dt.date, fallback: str) -> str:
    version = OrgUnitVersion.objects.filter(in_force_q(on), unit_id=unit_id).order_by("-valid_from").first()
    return version.name if version else fallback


def _career(employee: Employee, p: Person, on: dt.date) -> dict:
    periods = [(c.start, c.end, c.description) for c in p.career.all()]
    for a in employee.assignments.filter(valid_from__lte=on).select_related("unit").order_by("valid_from"):
        where = _unit_name_on(a.unit_id, a.valid_from, a.unit.name)
        periods.append((a.valid_from, a.valid_to, _join(a.position, where)))
    rows = [[_period(start, end), text] for start, end, text in sorted(periods, key=lambda x: x[0])]
    return _table("28", _("Summary of working history"), [_("From – to"), _("Title, position, unit")], rows)


def _family(p: Person, side: str, no: str, label: str) -> dict:
    rows = [[m.relation, m.full_name, m.birth_year or "", m.details] for m in p.family.filter(side=side)]
    headers = [_("Relation"), _("Full name"), _("Year of birth"), _("Native place, occupation, workplace, residence")]
    return _table(no, label, headers, rows)


def _salary(employee: Employee, on: dt.date) -> dict:
    rows = [
        [_month(s.valid_from), f"{s.rank.code}/{s.step}", _join(number_vi(s.coefficient), _kept(s.kept_difference))]
        for s in employee.salary_records.filter(valid_from__lte=on).select_related("rank").order_by("valid_from")
    ]
    return _table("31", _("Salary history"), [_("Month/year"), _("Rank code/step"), _("Coefficient")], rows)


def _assessment_label(employee: Employee) -> str:
    if _is_vien_chuc(employee):
        return _("Comments and assessment of the agency managing and employing the public employee")
    return _("Comments and assessment of the managing and employing agency")


def _as_on(employee: Employee, on: dt.date) -> Employee:
    """The record as it stood on `on`: unit, position, rank and pay from the dated rows in force then (a change
    recorded from a later date is not on the form yet)."""
    standing = copy.copy(employee)
    for name, value in employee_present_on(employee_ids=[employee.pk], on=on).get(employee.pk, {}).items():
        setattr(standing, name, value)
    record = SalaryRecord.objects.filter(employee=employee).in_force_one(on)
    standing.kept_difference = record.kept_difference if record else 0
    return standing


def form2c_data(*, employee: Employee, on: dt.date | None = None) -> dict:
    """Every item of form 2C for `employee` as on `on` (today by default), in the form's order; histories as
    tables (27, 28, 30, 31) up to that day."""
    on = on or timezone.localdate()
    employee = _as_on(employee, on)
    p = employee.person
    return {
        "employee": employee,
        "person": p,
        "header": _header(employee),
        "items": [
            *_identity_items(employee, p),
            _rank_item(employee),
            *_qualification_items(p),
            *_political_items(employee, p),
            *_personal_items(p),
            _training(p),
            _career(employee, p, on),
            _item("29", _("Personal history"), p.personal_history),
            _family(p, "own", "30a", _("Family: parents, spouse, children, siblings")),
            _family(p, "spouse", "30b", _("Family of the spouse: parents, siblings")),
            _salary(employee, on),
            _item("32", _assessment_label(employee), ""),
        ],
    }


def _pdf_context(employee: Employee) -> dict:
    data = form2c_data(employee=employee)
    photo = employee.person.photo
    data["header"]["photo"] = photo.path if photo and photo.storage.exists(photo.name) else ""
    data["font_regular"] = finders.find("fonts/DejaVuSans.ttf")
    data["font_bold"] = finders.find("fonts/DejaVuSans-Bold.ttf")
    return data


def form2c_pdf(*, employee: Employee) -> bytes:
    """Form 2C of `employee` as a PDF (DejaVu Sans, so every Vietnamese letter prints)."""
    from xhtml2pdf import pisa  # heavy import, needed only here

    html = render_to_string("hrm/form2c_pdf.html", {"form": _pdf_context(employee)})
    out = io.BytesIO()
    result = pisa.CreatePDF(html, dest=out, encoding="utf-8")
    if result.err:
        raise RuntimeError(f"form 2C PDF failed for employee {employee.pk}")
    return out.getvalue()


FORM2C_MANY_MAX = 100  # one request renders them all: keep it to a print run


def form2c_pdf_many(*, employees: list[Employee], actor) -> bytes:
    """Form 2C of each of `employees` in one PDF, each form starting on a new page; each one audited as viewed."""
    from pypdf import PdfWriter

    if not employees:
        raise ApplicationError(_("Select at least one staff member."), field="ids")
    if len(employees) > FORM2C_MANY_MAX:
        message = _("At most %(n)s forms can be printed at once.") % {"n": FORM2C_MANY_MAX}
        raise ApplicationError(message, field="ids")
    writer = PdfWriter()
    for employee in employees:
        writer.append(io.BytesIO(form2c_pdf(employee=employee)))
        audit_record(actor=actor, action="view", obj=employee, unit_id=employee.unit_id, note="form 2C PDF")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
