"""The one column set of staff files: export writes it, import reads it, admin and template share it.

Headers and choice labels are the file format (Vietnamese, fixed), not interface text, so they are
not translated: a file exported in English mode still imports anywhere. They are the words of the
Vietnamese screens (the list, the profile, the forms); the words of older files are still read
(`aliases`, `label_aliases`), so a file exported before a rename imports as it did.
"""

from dataclasses import dataclass, field

from hrm.models import Employee, Person
from hrm.models.people import EducationLevel, ForeignLanguage, ITLevel, PoliticalTheory, Sex, StateManagement

CODE = "Số hiệu CBCCVC"
CCCD = "Số CCCD"
UNIT = "Mã đơn vị"
UNIT_NAME = "Đơn vị"  # written beside the unit code by the export, not read back
STAFF_TYPE = "Đối tượng"
STATUS = "Trạng thái"
RANK = "Mã ngạch / chức danh"  # a ngạch code (công chức) or a professional title code (viên chức)
STEP = "Bậc lương"
COEFFICIENT = "Hệ số"
STEP_SINCE = "Ngày hưởng bậc lương"
LEFT_ON = "Ngày nghỉ việc"
DATE_FORMAT = "%d/%m/%Y"


@dataclass(frozen=True)
class Column:
    header: str
    model: type  # Person or Employee
    field: str  # attname on the model ("unit_id", "rank_id" for the code columns)
    kind: str = "text"  # text, date, choice, int, decimal, unit, rank, cccd, phone
    required: bool = False
    labels: dict = field(default_factory=dict)  # stored value -> label written in files
    aliases: tuple[str, ...] = ()  # older headers of this column, still read
    label_aliases: dict = field(default_factory=dict)  # older labels, still read: label -> stored value

    @property
    def max_length(self) -> int | None:
        if self.kind != "text":
            return None
        return self.model._meta.get_field(self.field).max_length


COLUMNS: list[Column] = [
    Column(CODE, Employee, "code", required=True, aliases=("Số hiệu",)),
    Column("Họ và tên", Person, "full_name", required=True),
    Column("Ngày sinh", Person, "date_of_birth", "date", required=True),
    Column("Giới tính", Person, "sex", "choice", required=True, labels={Sex.MALE: "Nam", Sex.FEMALE: "Nữ"}),
    Column(CCCD, Person, "cccd", "cccd"),  # normalised, then its own rules (12 digits), not a text length
    Column(UNIT, Employee, "unit_id", "unit", required=True),
    Column(
        STAFF_TYPE,
        Employee,
        "staff_type",
        "choice",
        required=True,
        labels={
            Employee.StaffType.CAN_BO: "Cán bộ",
            Employee.StaffType.CONG_CHUC: "Công chức",
            Employee.StaffType.VIEN_CHUC: "Viên chức",
            Employee.StaffType.HOP_DONG: "Lao động hợp đồng",
        },
        aliases=("Loại cán bộ",),
        label_aliases={"Hợp đồng": Employee.StaffType.HOP_DONG},
    ),
    Column(
        STATUS,
        Employee,
        "status",
        "choice",
        labels={
            Employee.Status.ACTIVE: "Đang công tác",
            Employee.Status.RETIRED: "Đã nghỉ hưu",
            Employee.Status.LEFT: "Đã nghỉ việc",
            Employee.Status.DECEASED: "Đã từ trần",
        },
        label_aliases={"Đang làm việc": Employee.Status.ACTIVE, "Đã mất": Employee.Status.DECEASED},
    ),
    Column("Chức vụ", Employee, "position"),
    Column(RANK, Employee, "rank_id", "rank", aliases=("Mã ngạch",)),
    Column(STEP, Employee, "salary_step", "int"),
    Column(COEFFICIENT, Employee, "coefficient", "decimal"),
    Column(STEP_SINCE, Employee, "step_since", "date", aliases=("Ngày hưởng bậc",)),
    Column("Phụ cấp chức vụ", Employee, "position_allowance", "decimal"),
    Column("Dân tộc", Person, "ethnicity"),
    Column("Tôn giáo", Person, "religion"),
    Column("Quê quán", Person, "native_place"),
    Column(
        "Trình độ chuyên môn",
        Person,
        "education_level",
        "choice",
        labels={
            EducationLevel.TIEN_SI: "Tiến sĩ",
            EducationLevel.THAC_SI: "Thạc sĩ",
            EducationLevel.DAI_HOC: "Đại học",
            EducationLevel.CAO_DANG: "Cao đẳng",
            EducationLevel.TRUNG_CAP: "Trung cấp",
            EducationLevel.SO_CAP: "Sơ cấp",
        },
    ),
    Column(
        "Lý luận chính trị",
        Person,
        "political_theory",
        "choice",
        labels={
            PoliticalTheory.CU_NHAN: "Cử nhân",
            PoliticalTheory.CAO_CAP: "Cao cấp",
            PoliticalTheory.TRUNG_CAP: "Trung cấp",
            PoliticalTheory.SO_CAP: "Sơ cấp",
        },
    ),
    Column(
        "Quản lý nhà nước",
        Person,
        "state_management",
        "choice",
        labels={
            StateManagement.CVCC: "Chuyên viên cao cấp",
            StateManagement.CVC: "Chuyên viên chính",
            StateManagement.CV: "Chuyên viên",
        },
    ),
    Column(
        "Ngoại ngữ",
        Person,
        "foreign_language",
        "choice",
        labels={
            ForeignLanguage.ENGLISH: "Tiếng Anh",
            ForeignLanguage.FRENCH: "Tiếng Pháp",
            ForeignLanguage.CHINESE: "Tiếng Trung",
            ForeignLanguage.RUSSIAN: "Tiếng Nga",
            ForeignLanguage.GERMAN: "Tiếng Đức",
            ForeignLanguage.JAPANESE: "Tiếng Nhật",
            ForeignLanguage.KOREAN: "Tiếng Hàn",
            ForeignLanguage.OTHER: "Ngoại ngữ khác",
        },
    ),
    Column(
        "Tin học",
        Person,
        "it_level",
        "choice",
        labels={ITLevel.TRUNG_CAP_PLUS: "Trung cấp trở lên", ITLevel.CERTIFICATE: "Chứng chỉ"},
    ),
    Column("Ngày vào Đảng", Person, "party_joined_on", "date"),
    Column("Ngày tuyển dụng", Employee, "recruited_on", "date"),
    Column("Điện thoại", Person, "phone", "phone"),  # common.phones: stored as 0912345678
    # How he leaves is "Trạng thái"; from a later date the leaving is pending until that day (imports.pending)
    Column(LEFT_ON, Employee, "left_on", "date"),
]

HEADERS: list[str] = [c.header for c in COLUMNS]
BY_HEADER: dict[str, Column] = {c.header: c for c in COLUMNS}
ALIASES: dict[str, str] = {alias: c.header for c in COLUMNS for alias in c.aliases}  # older header -> header
IGNORED = (UNIT_NAME, "STT")  # read past: the export's unit name, a row number column
PERSON_COLUMNS = [c for c in COLUMNS if c.model is Person]
EMPLOYEE_COLUMNS = [c for c in COLUMNS if c.model is Employee]


def column_for_field(field_name: str) -> Column | None:
    return next((c for c in COLUMNS if c.field == field_name), None)
