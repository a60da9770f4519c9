"""Admin of the registry: every change audited (AuditedAdminMixin); HR officers see only their units.

Staff export uses django-import-export with the shared column set (hrm.resources.StaffResource); staff
import goes through hrm.services.imports (every row checked first, all rows or none), never row by row.
One module per sub-domain: base (scoping and read-only rules), staff, org, rules, access."""

from hrm.admin.access import (  # noqa: F401 - importing a module registers its admins
    GrantAdmin,
    GrantInline,
    UserAdmin,
)
from hrm.admin.base import (  # noqa: F401 - importing a module registers its admins
    AssignmentInline,
    DatedHistoryReadOnlyMixin,
    SalaryRecordInline,
    ScopedUnitChoicesMixin,
    UnitScopedAdmin,
    dated_rows_editable,
)
from hrm.admin.org import (  # noqa: F401 - importing a module registers its admins
    OrgUnitAdmin,
    OrgUnitVersionAdmin,
    StaffQuotaFormSet,
    StaffQuotaInline,
)
from hrm.admin.rules import (  # noqa: F401 - importing a module registers its admins
    RankAdmin,
    RankGroupInline,
    SalaryGroupAdmin,
    SalaryStepInline,
)
from hrm.admin.staff import (  # noqa: F401 - importing a module registers its admins
    EmployeeAdmin,
    EmployeeAdminForm,
    EmployeeScopedAdmin,
    PersonAdmin,
    PersonAdminForm,
    PersonScopedAdmin,
)
