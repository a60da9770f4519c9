"""What the registry gives to the shared pages and commands (common.registry), registered in HrmConfig.ready().

Menu and home tiles with who sees them, who may open the jobs and audit pages, the roles shown on the home
page, the registry's part of the audit trail, and the demo data loader (first: the other apps build on it).
"""

from django.utils.translation import gettext_lazy as _

from common import registry

GROUP = "hrm"


def _hr(user) -> bool:
    from hrm.access import STAFF_LIST
    from hrm.selectors import may

    return may(user, STAFF_LIST)


def _rules(user) -> bool:
    from hrm.access import RULES_CHANGE
    from hrm.selectors import may

    return may(user, RULES_CHANGE)


def _staff(user) -> bool:
    """Self-service: offered to whoever has a staff record of his own (the page is a 404 for anyone else)."""
    from hrm.selectors.staff import employee_get_own

    return employee_get_own(user=user) is not None


def _demo_load() -> dict:
    from hrm.demo.load import demo_load
    from hrm.services.reminders import reminders_refresh

    counts = demo_load()
    # The daily job would compute them tomorrow morning; a fresh demo shows them at once.
    return {**counts, "reminders": reminders_refresh()}


def _demo_logins() -> list[dict]:
    from hrm.demo.users import demo_logins

    return demo_logins()


def _audit_entries(user):
    from hrm.selectors.audit import audit_entries_q_for_user

    return audit_entries_q_for_user(user)


def _audit_record_visible(*, user, model: str, object_id: str) -> bool:
    from hrm.selectors.audit import audit_staff_record_visible

    return audit_staff_record_visible(user=user, model=model, object_id=object_id)


def _audit_refs(*, user, entries, wanted):
    from hrm.selectors.audit import audit_staff_refs

    return audit_staff_refs(user=user, entries=entries, wanted=wanted)


def register() -> None:
    """Register everything the registry contributes (safe to call twice)."""
    from hrm.selectors.audit import FIELD_FALLBACK, NAMED_MODELS, STAFF_MODELS

    pages = [
        ("hrm:staff-list", _("Staff registry"), _("Find, open and edit staff records."), _hr),
        ("hrm:units", _("Organisation units"), _("The tree of units and their staff quotas."), _hr),
        ("hrm:dashboard", _("HR dashboard"), _("Staff numbers at a glance."), _hr),
        ("hrm:report", _("Quantity and quality report"), _("Staff numbers and quality, unit by unit."), _hr),
        ("hrm:reminders", _("Reminders"), _("Raises, retirements and ratings coming due."), _hr),
        ("hrm:import", _("Import staff"), _("Add or update staff from an xlsx or csv file."), _hr),
        (
            "hrm:titles",
            _("Ranks and titles"),
            _("Ranks, professional titles and their salary groups, as data."),
            _rules,
        ),
        ("hrm:my-record", _("My record"), _("Your own staff record."), _staff),
    ]
    registry.nav_group_register(key=GROUP, label=_("Personnel"))
    for order, (url_name, label, description, visible) in enumerate(pages, start=10):
        registry.nav_register(
            url_name=url_name, label=label, description=description, visible=visible, group=GROUP, order=order
        )
    registry.audit_visibility_register(app="hrm", entries=_audit_entries)
    registry.audit_record_register(models=STAFF_MODELS, visible=_audit_record_visible)
    registry.audit_models_register(app="hrm", named=NAMED_MODELS, field_fallback=FIELD_FALLBACK, refs=_audit_refs)
    registry.demo_loader_register(name="hrm", order=10, load=_demo_load, logins=_demo_logins)
