"""The vocabulary benches/gen.py writes entries from: fields, model names,
problems, people, results, sources and award kinds (all invented), and
the dates of the 2025 reform."""

REFORM = (2025, 7, 1)  # the two-level structure is in force from this date
YEARS = (2009, 2026)
LAST_DATE_2026 = 10  # months of 2026 used in dates (nothing in the future)

# --------------------------------------------------------------------------
# Vocabulary

FIELDS = [
    # key, canonical name, other spellings an editor may write
    ("kinh-te", "Kinh tế", ["kinh-te", "Kinh tế", "kinh tế", "KINH TẾ"]),
    ("van-hoa-xa-hoi", "Văn hóa – Xã hội",
     ["van-hoa-xa-hoi", "Văn hóa – Xã hội", "Văn hoá - Xã hội", "văn hóa – xã hội"]),
    ("quoc-phong-an-ninh", "Quốc phòng – An ninh",
     ["quoc-phong-an-ninh", "Quốc phòng – An ninh", "Quốc phòng - An ninh"]),
    ("xay-dung-he-thong-chinh-tri", "Xây dựng hệ thống chính trị",
     ["xay-dung-he-thong-chinh-tri", "Xây dựng hệ thống chính trị",
      "xây dựng hệ thống chính trị"]),
]

MODEL_NAMES = {
    "kinh-te": [
        "Tổ hợp tác trồng rau an toàn", "Chi hội nông dân nuôi bò sinh sản",
        "Hợp tác xã dược liệu thuốc nam", "Tổ tiết kiệm giúp nhau giảm nghèo",
        "Vườn chè mẫu", "Phụ nữ khởi nghiệp với sản phẩm OCOP",
        "Dồn điền đổi thửa, xây dựng cánh đồng lớn", "Chợ nông sản trực tuyến",
        "Tổ liên kết nuôi tôm sinh thái", "Thâm canh tăng vụ lúa nước",
        "Cho vay vốn không lãi suất hội viên khó khăn", "Nuôi ong lấy mật dưới tán rừng",
        "Trồng cây ăn quả trên đất dốc", "Tổ hợp tác đan lát mây tre",
        "Chuyển đổi số trong tiêu thụ nông sản", "Làng nghề bánh tráng",
        "Hộ kinh doanh cá thể tuân thủ pháp luật", "Trao sinh kế cho hộ cận nghèo",
    ],
    "van-hoa-xa-hoi": [
        "Tổ tự quản đường hoa", "Con đường bích họa", "Bếp ăn 0 đồng",
        "Học bổng 1.000 đồng", "Tủ sách cộng đồng", "Đổi rác thải nhựa lấy quà",
        "Nhà vệ sinh miễn phí", "Câu lạc bộ dưỡng sinh người cao tuổi",
        "Nồi cháo tình thương", "Mái ấm tình thương cho hộ nghèo",
        "Phân loại rác tại nguồn", "Ngày chủ nhật xanh", "Hẻm sạch – hẻm đẹp",
        "Tiếp sức mùa thi", "Sân chơi cho thiếu nhi", "Đường điện thắp sáng khu dân cư",
        "Bồn hoa thay điểm rác", "Chợ dân sinh giảm thiểu rác thải nhựa",
        "Lớp học tình thương", "Dòng họ khuyến học",
    ],
    "quoc-phong-an-ninh": [
        "Camera an ninh – Vì bình yên khu phố", "Tổ xe ôm tự quản",
        "Tổ liên gia an toàn phòng cháy chữa cháy", "Khu phố không ma túy",
        "Tổ tự quản an ninh trật tự", "Bến đò an toàn", "Tiếng kẻng an ninh",
        "Chốt an ninh tự quản", "Dân quân giúp dân xây dựng nông thôn mới",
        "Bản văn hóa quốc phòng – an ninh", "Ba cùng với đồng bào dân tộc",
        "Cổng trường an toàn giao thông", "Tuyến đường tự quản an ninh trật tự",
        "Hòa giải ở cơ sở", "Gia đình không có người vi phạm pháp luật",
    ],
    "xay-dung-he-thong-chinh-tri": [
        "Sinh hoạt chi bộ kiểu mẫu", "Hòm thư góp ý", "Cán bộ tận tâm, nhân dân hài lòng",
        "Dân vận chính quyền trong cải cách hành chính", "Ngày thứ bảy cùng dân",
        "Bí thư chi bộ gần dân", "Đối thoại với nhân dân định kỳ", "Một cửa thân thiện",
        "Dân chủ ở cơ sở", "Đảng viên giúp đỡ hộ nghèo",
        "Chính quyền gần dân, sát dân", "Cà phê sáng với người dân",
        "Tổ dân vận khu phố", "Học tập và làm theo tấm gương đạo đức Hồ Chí Minh",
    ],
}

PROBLEMS = [
    "đường làng xuống cấp, ngập nước mỗi mùa mưa",
    "rác thải sinh hoạt bị vứt bừa bãi ở đầu hẻm",
    "tình trạng trộm cắp vặt xảy ra thường xuyên vào ban đêm",
    "nhiều hộ nghèo thiếu vốn và kỹ thuật sản xuất",
    "thủ tục hành chính còn rườm rà, người dân phải đi lại nhiều lần",
    "thanh thiếu niên thiếu sân chơi lành mạnh sau giờ học",
    "người cao tuổi neo đơn chưa được chăm sóc chu đáo",
    "nông sản được mùa mất giá, bà con thiếu đầu ra ổn định",
    "một số vụ việc tranh chấp đất đai kéo dài, gây bức xúc trong nhân dân",
    "con hẻm tối, thiếu đèn chiếu sáng, người đi đường không an toàn",
]

ORGS = [
    "Hội Liên hiệp Phụ nữ", "Đoàn Thanh niên", "Hội Nông dân", "Hội Cựu chiến binh",
    "Ủy ban Mặt trận Tổ quốc", "Công an", "Ban Dân vận", "Hội Người cao tuổi",
    "Ban Chỉ huy Quân sự", "Liên đoàn Lao động", "Đảng ủy", "Ủy ban nhân dân",
    "Ban Công tác Mặt trận khu dân cư", "Chi hội Chữ thập đỏ",
]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ",
            "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Lò", "Hà"]
MIDDLES_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân"]
MIDDLES_F = ["Thị", "Ngọc", "Thanh", "Kim", "Thu", "Minh", "Hồng"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Long", "Nam", "Phúc",
           "Quang", "Sơn", "Tuấn", "Thắng", "Trung", "Vinh", "Khoa", "Toàn", "Lợi"]
GIVEN_F = ["Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Tâm",
           "Thảo", "Thủy", "Trang", "Vân", "Yến", "Nhung", "Huệ", "Loan", "Xuân"]
ROLES = ["Chi hội trưởng phụ nữ", "Bí thư chi bộ", "Trưởng khu phố",
         "Tổ trưởng tổ dân phố", "Trưởng ban công tác Mặt trận", "Bí thư chi đoàn",
         "Hội viên nông dân", "Trưởng bản", "Công an xã", "Người có uy tín"]
PERSON_KINDS = ["ca-nhan", "ca-nhan", "ca-nhan", "tap-the", "ho-gia-dinh"]

RESULT_LABELS = [
    ("Hộ tham gia", "{n}"), ("Chậu hoa", "{n}"), ("Mét đường bê tông", "{n}"),
    ("Camera lắp đặt", "{k}"), ("Suất học bổng", "{n}"), ("Kinh phí vận động", "{m} triệu đồng"),
    ("Hộ thoát nghèo", "{k}"), ("Vụ việc hòa giải thành", "{k}"), ("Cây xanh trồng mới", "{n}"),
    ("Rác thải nhựa thu gom", "{k} tấn"), ("Buổi đối thoại", "{k}"), ("Tỷ lệ hài lòng", "{p}%"),
    ("Ngày công lao động", "{n}"), ("Bóng đèn chiếu sáng", "{n}"),
]

TAGS = ["an sinh", "môi trường", "nông thôn mới", "chuyển đổi số", "an ninh trật tự",
        "giảm nghèo", "khuyến học", "cải cách hành chính", "đô thị văn minh", "phụ nữ",
        "thanh niên", "người cao tuổi", "dân tộc thiểu số", "xã hội hóa", "dân chủ cơ sở"]

PUBLISHERS = ["Báo Dân vận", "Thanhuytphcm.vn", "Báo Nhân Dân", "Cổng thông tin điện tử tỉnh",
              "Báo Quân đội nhân dân", "Tạp chí Mặt trận", "Báo Phụ nữ Việt Nam"]

INTRO = [
    "Mô hình “{name}” được {org} {place} triển khai từ năm {year}, xuất phát từ chính những kiến nghị của người dân trong các buổi tiếp xúc, đối thoại.",
    "Trước khi có mô hình, {problem}; nhiều hộ dân đã phản ánh tình trạng này qua hòm thư góp ý và tại các cuộc họp tổ dân phố.",
    "Ban Dân vận cùng Ủy ban Mặt trận Tổ quốc {place} đã khảo sát, lấy ý kiến của {n} hộ dân trước khi bàn cách làm.",
    "Điểm khéo của mô hình là để người dân tự bàn, tự quyết và tự giám sát, chính quyền chỉ hỗ trợ, hướng dẫn.",
    "Ý tưởng ban đầu đến từ một buổi sinh hoạt chi bộ, khi các đảng viên cùng nhau tìm cách giải quyết việc {problem}.",
    "Với phương châm “dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng”, {org} đã đến từng nhà để vận động.",
]

HOW = [
    "Họp dân công khai, bàn bạc và thống nhất mức đóng góp theo khả năng của từng hộ.",
    "Phân công mỗi đảng viên phụ trách từ {k} đến {k2} hộ gia đình.",
    "Thành lập tổ tự quản gồm {k} thành viên, họp định kỳ mỗi tháng một lần.",
    "Công khai thu chi trên bảng tin khu phố và nhóm Zalo của khu dân cư.",
    "Lồng ghép tuyên truyền trong các buổi sinh hoạt chi hội, chi đoàn.",
    "Phối hợp với doanh nghiệp, nhà hảo tâm vận động thêm nguồn lực.",
    "Biểu dương kịp thời những hộ gia đình, cá nhân tích cực.",
    "Cán bộ xuống tận nhà hướng dẫn, lắng nghe ý kiến của bà con.",
    "Tiếp nhận phản ánh qua mạng xã hội và trả lời người dân ngay trong ngày.",
    "Tổ chức sơ kết sáu tháng, rút kinh nghiệm và điều chỉnh cách làm.",
    "Mời người có uy tín trong cộng đồng cùng tham gia vận động.",
    "Xây dựng quy ước, hương ước và niêm yết tại nhà văn hóa.",
]

RESULTS = [
    "Đến nay, mô hình đã thu hút {n} hộ dân tham gia, vận động được hơn {m} triệu đồng cùng hàng nghìn ngày công lao động.",
    "Tỷ lệ hộ gia đình đạt danh hiệu gia đình văn hóa tăng lên {p}%.",
    "Số vụ việc phức tạp về an ninh trật tự giảm rõ rệt so với trước khi có mô hình.",
    "Nhiều hộ đã thoát nghèo bền vững nhờ có vốn và kỹ thuật sản xuất.",
    "Người dân đồng tình, phấn khởi và tin tưởng hơn vào cấp ủy, chính quyền.",
    "Mô hình đã được nhân rộng ra {k} khu dân cư khác trên địa bàn.",
    "Thời gian giải quyết hồ sơ của người dân rút ngắn còn một nửa so với quy định.",
    "Cảnh quan khu dân cư sạch, đẹp hơn; không còn điểm rác tự phát.",
]

LESSONS = [
    "Bài học rút ra là phải bắt đầu từ những việc nhỏ, thiết thực, gắn với lợi ích trực tiếp của người dân.",
    "Cán bộ phải gương mẫu, nói đi đôi với làm thì dân mới tin và làm theo.",
    "Sự vào cuộc đồng bộ của cả hệ thống chính trị là yếu tố quyết định thành công.",
    "Mỗi mô hình cần có người đứng đầu tâm huyết và cơ chế duy trì lâu dài.",
    "Công khai, minh bạch trong thu chi là điều kiện để giữ được lòng tin của nhân dân.",
    "Phát huy vai trò của người có uy tín giúp việc vận động nhanh và hiệu quả hơn.",
]

FILLER = [
    "Trong quá trình thực hiện, không ít khó khăn đã nảy sinh, nhất là khi một số hộ còn e ngại đóng góp.",
    "Bằng sự kiên trì, cán bộ cơ sở đã gặp gỡ từng gia đình, giải thích rõ lợi ích của việc làm này.",
    "Nhiều người dân cho biết họ thấy mình được tôn trọng khi ý kiến được lắng nghe và tiếp thu.",
    "Hằng năm, {org} đều tổ chức tổng kết, khen thưởng những tập thể và cá nhân tiêu biểu.",
    "Kinh phí chủ yếu do nhân dân đóng góp, ngân sách chỉ hỗ trợ một phần nhỏ.",
    "Các tổ chức đoàn thể phân công hội viên theo dõi, đôn đốc và báo cáo kết quả hằng tháng.",
    "Không chỉ dừng lại ở một khu dân cư, cách làm này đã được nhiều địa phương khác đến học tập.",
    "Đời sống vật chất và tinh thần của người dân từng bước được nâng lên rõ rệt.",
    "Phong trào còn góp phần củng cố khối đại đoàn kết toàn dân tộc ngay từ cơ sở.",
    "Những con số tuy khiêm tốn nhưng thể hiện sự đồng lòng của cả cộng đồng.",
    "Đây cũng là dịp để cán bộ gần dân hơn, hiểu rõ hơn những tâm tư, nguyện vọng của bà con.",
    "Sau mỗi đợt ra quân, tổ tự quản lại họp để rút kinh nghiệm cho lần sau.",
]

HEADINGS = [["Cách làm", "Cách triển khai", "Những việc đã làm"],
            ["Kết quả", "Hiệu quả mang lại", "Kết quả bước đầu"],
            ["Bài học kinh nghiệm", "Kinh nghiệm rút ra", "Hướng nhân rộng"]]

AWARD_KINDS = [("giay-khen", "Giấy khen"), ("bang-khen", "Bằng khen"),
               ("tuyen-duong", "Tuyên dương"), ("ky-niem-chuong", "Kỷ niệm chương"),
               ("cong-nhan", "Quyết định công nhận")]
AWARD_LEVELS = [("co-so", "cấp cơ sở"), ("huyen", "cấp huyện"), ("tinh", "cấp tỉnh"),
                ("trung-uong", "Trung ương")]
RECIPIENT_KINDS = [("tap-the", "Tập thể"), ("ca-nhan", "Cá nhân"), ("ho-gia-dinh", "Hộ gia đình")]

# --------------------------------------------------------------------------
# Helpers
