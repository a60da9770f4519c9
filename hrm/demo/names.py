"""Vietnamese names and personal details for demo staff, with rough real-world frequencies (Mekong delta)."""

FAMILY_NAMES = {
    "Nguyễn": 31,
    "Trần": 11,
    "Lê": 9.5,
    "Phạm": 5.5,
    "Huỳnh": 5.5,
    "Võ": 5.5,
    "Phan": 4,
    "Trương": 2.2,
    "Bùi": 1.8,
    "Đặng": 1.8,
    "Đỗ": 1.4,
    "Ngô": 1.4,
    "Hồ": 1.6,
    "Dương": 1.1,
    "Đinh": 0.9,
    "Lý": 0.8,
    "Đoàn": 0.8,
    "Mai": 0.6,
    "Cao": 0.6,
    "Lương": 0.5,
    "Châu": 0.5,
    "Tô": 0.4,
    "Lâm": 0.5,
    "Thái": 0.4,
    "Hà": 0.4,
    "Lưu": 0.4,
    "Tạ": 0.3,
    "Kiều": 0.2,
    "Văn": 0.3,
    "Từ": 0.2,
}
MALE_MIDDLE = {
    "Văn": 38,
    "Minh": 8,
    "Thanh": 7,
    "Hữu": 7,
    "Quốc": 6,
    "Công": 4,
    "Đức": 4,
    "Hoàng": 4,
    "Ngọc": 4,
    "Tấn": 4,
    "Thành": 3,
    "Trọng": 3,
    "Phước": 3,
    "Hoài": 2,
    "Duy": 2,
    "Chí": 2,
    "Tuấn": 2,
}
FEMALE_MIDDLE = {
    "Thị": 50,
    "Ngọc": 8,
    "Thanh": 6,
    "Thu": 5,
    "Kim": 5,
    "Minh": 4,
    "Mỹ": 4,
    "Bích": 3,
    "Hồng": 3,
    "Phương": 3,
    "Thùy": 3,
    "Hoàng": 2,
    "Như": 2,
    "Diễm": 2,
}
MALE_GIVEN = (
    "An Bình Cường Dũng Duy Đạt Hải Hiếu Hòa Hùng Huy Khang Khoa Kiệt Lâm Long Lộc Luân Minh Nam Nghĩa Nhân "
    "Phong Phúc Phương Quang Sang Sơn Tài Tâm Thắng Thành Thiện Thịnh Toàn Trí Trung Tuấn Tùng Vinh Vũ Hậu Hiển "
    "Khải Lợi Nhựt Phát Tín Triều Trọng Tường"
).split()
FEMALE_GIVEN = (
    "Anh Châu Diễm Dung Giang Hà Hạnh Hằng Hiền Hoa Hương Huyền Lan Liên Linh Loan Mai My Nga Ngân Nhung Oanh "
    "Phượng Quyên Tâm Thảo Thủy Trang Trâm Tuyết Uyên Vân Xuân Yến Nhi Thư Ngọc Duyên Ly Thanh Hậu Kiều Trinh"
).split()
# A few minority staff: Khmer (Thạch, Kim, Sơn, Danh) and Hoa (Lâm, Quách, Tăng, Mã) family names.
MINORITIES = {"Khmer": ["Thạch", "Kim", "Sơn", "Danh"], "Hoa": ["Lâm", "Quách", "Tăng", "Mã"]}
MINORITY_SHARE = {"Khmer": 0.012, "Hoa": 0.01}
RELIGIONS = {"Không": 80, "Phật giáo": 11, "Công giáo": 5, "Cao Đài": 3.5, "Tin lành": 0.5}
BIRTH_PROVINCES = {"083": 88, "082": 4, "086": 3, "084": 2, "079": 2, "092": 1}
PROVINCE_NAMES = {
    "083": "Tỉnh Bến Tre",
    "082": "Tỉnh Tiền Giang",
    "086": "Tỉnh Vĩnh Long",
    "084": "Tỉnh Trà Vinh",
    "079": "TP. Hồ Chí Minh",
    "092": "TP. Cần Thơ",
}
CCCD_ISSUER = "Cục Cảnh sát quản lý hành chính về trật tự xã hội"
MAJORS = {
    "": [
        "Luật",
        "Kinh tế",
        "Quản lý nhà nước",
        "Hành chính học",
        "Tài chính - Ngân hàng",
        "Kế toán",
        "Công nghệ thông tin",
        "Quản trị kinh doanh",
        "Xã hội học",
        "Sư phạm Ngữ văn",
        "Ngôn ngữ Anh",
    ],
    "STC": ["Tài chính - Ngân hàng", "Kế toán", "Kinh tế"],
    "SYT": ["Y đa khoa", "Dược học", "Y tế công cộng"],
    "SGDDT": ["Sư phạm Toán", "Sư phạm Ngữ văn", "Quản lý giáo dục"],
    "SNN": ["Nông học", "Nuôi trồng thủy sản", "Thú y", "Lâm nghiệp"],
    "STNMT": ["Quản lý đất đai", "Khoa học môi trường"],
    "STTTT": ["Công nghệ thông tin", "Báo chí", "Kỹ thuật điện tử - viễn thông"],
    "STP": ["Luật"],
    "SXD": ["Xây dựng dân dụng", "Kiến trúc", "Quy hoạch đô thị"],
    "SGTVT": ["Xây dựng cầu đường", "Kinh tế vận tải"],
    "SKHCN": ["Công nghệ sinh học", "Công nghệ thông tin", "Kỹ thuật cơ khí"],
    "SCT": ["Kinh tế", "Quản trị kinh doanh", "Kỹ thuật điện"],
    "SVHTTDL": ["Quản lý văn hóa", "Du lịch", "Giáo dục thể chất"],
    "SLDTBXH": ["Công tác xã hội", "Luật", "Kinh tế lao động"],
}
INSTITUTIONS = {
    "tien_si": ["Học viện Chính trị quốc gia Hồ Chí Minh", "Trường Đại học Cần Thơ"],
    "thac_si": [
        "Học viện Hành chính Quốc gia",
        "Trường Đại học Cần Thơ",
        "Trường Đại học Kinh tế TP. HCM",
        "Trường Đại học Luật TP. HCM",
    ],
    "dai_hoc": [
        "Trường Đại học Cần Thơ",
        "Học viện Hành chính Quốc gia (phân viện TP. HCM)",
        "Trường Đại học Kinh tế TP. HCM",
        "Trường Đại học Luật TP. HCM",
        "Trường Đại học Trà Vinh",
        "Trường Đại học Sư phạm TP. HCM",
        "Trường Đại học Nông Lâm TP. HCM",
        "Trường Đại học Tiền Giang",
    ],
    "cao_dang": ["Trường Cao đẳng Bến Tre", "Trường Cao đẳng Sư phạm Bến Tre"],
    "trung_cap": ["Trường Trung cấp Bến Tre", "Trường Chính trị tỉnh Bến Tre"],
}
REWARDS = [
    ("Giấy khen của Giám đốc Sở", "Giám đốc Sở", "QĐ-SNV"),
    ("Giấy khen của Chủ tịch UBND huyện", "Chủ tịch UBND huyện", "QĐ-UBND"),
    ("Bằng khen của Chủ tịch UBND tỉnh", "Chủ tịch UBND tỉnh Bến Tre", "QĐ-UBND"),
    ("Chiến sĩ thi đua cơ sở", "Chủ tịch UBND tỉnh Bến Tre", "QĐ-UBND"),
]
JOBS = ["Làm ruộng", "Làm vườn", "Buôn bán", "Công nhân", "Giáo viên", "Hưu trí", "Nội trợ", "Cán bộ hưu trí"]
MILITARY_RANKS = ["Hạ sĩ", "Trung sĩ", "Thượng sĩ", "Thiếu úy"]
BLOOD_TYPES = ["O", "A", "B", "AB"]
