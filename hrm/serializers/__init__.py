"""Input and output shapes of the registry's API (no logic): one module per page group, every name re-exported here."""

from hrm.serializers.bulk import (  # noqa: F401
    JobAcceptedOutput,
    StaffBulkExportInput,
    StaffBulkInput,
    StaffBulkRaisesOutput,
    StaffBulkRefusedOutput,
)
from hrm.serializers.histories import (  # noqa: F401
    CareerEntryInput,
    CareerEntryOutput,
    DisciplineInput,
    DisciplineOutput,
    FamilyMemberInput,
    FamilyMemberOutput,
    QualificationInput,
    QualificationOutput,
    RatingInput,
    RatingOutput,
    RewardInput,
    RewardOutput,
)
from hrm.serializers.reports import (  # noqa: F401
    ReminderListInput,
    ReminderOutput,
    ReportInput,
    StaffExportInput,
    StaffImportInput,
)
from hrm.serializers.salary import (  # noqa: F401
    SalaryChangeInput,
    SalaryChangeOutput,
    TitleOutput,
    TitlesImportInput,
)
from hrm.serializers.staff import (  # noqa: F401
    YES_NO,
    AssignmentOutput,
    AttachmentInput,
    AttachmentOutput,
    CccdField,
    EmployeeUpdateInput,
    PendingChangeOutput,
    PersonOutput,
    PersonUpdateInput,
    SalaryRecordOutput,
    StaffDetailOutput,
    StaffHireInput,
    StaffIncomingOutput,
    StaffListInput,
    StaffListOutput,
    StaffOnDateOutput,
    StaffTransferInput,
    UnitChoiceOutput,
    UnitChoicesInput,
    UnitOutput,
)
from hrm.serializers.units import (  # noqa: F401
    DissolveInput,
    EmployeeUnitOnOutput,
    MergeInput,
    MoveInput,
    OnInput,
    RenameInput,
    StaffQuotaInput,
    StaffQuotaOutput,
)
