"""Forms of the registry's pages: input shapes only; the services check the rules and write.

One module per page group; every name is re-exported here."""

from hrm.forms.fields import (  # noqa: F401
    BLANK,
    DATE_PLACEHOLDER,
    UNIT_PICKER_ATTRS,
    CccdField,
    UnitChoiceField,
    UnitMultipleChoiceField,
    UnitPicker,
    UnitPickerMultiple,
    _UnitChoiceIterator,
    add_service_errors,
    date_field,
    form_field_for,
)
from hrm.forms.histories import (  # noqa: F401
    CareerEntryForm,
    DisciplineEntryForm,
    FamilyMemberForm,
    QualificationForm,
    RatingForm,
    RewardForm,
)
from hrm.forms.imports import (  # noqa: F401
    StaffImportForm,
    TitlesImportForm,
    _check_suffix,
)
from hrm.forms.salary import (  # noqa: F401
    SalaryChangeForm,
)
from hrm.forms.staff import (  # noqa: F401
    STAFF_SECTIONS,
    AttachmentForm,
    PhotoForm,
    StaffBulkForm,
    StaffEditForm,
    StaffHireForm,
    StaffTransferForm,
    _IdsField,
)
from hrm.forms.units import (  # noqa: F401
    DissolveForm,
    MergeForm,
    MoveForm,
    RenameForm,
    StaffQuotaForm,
    _OnForm,
)
