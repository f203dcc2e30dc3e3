import pytest

from extractors.bodies import body_phrase

BASE = 500  # offsets are shifted by base: the phrase sits inside a document


# (text that starts with the bodies, [written: abbreviations expanded], [canonical name])
NAMED = [
    # a two-word verb ends a name that has its own capitalised words
    ("Văn phòng Trung ương Đảng hướng dẫn về thời hạn lưu trữ",
     ["Văn phòng Trung ương Đảng"], ["Văn phòng Trung ương Đảng"]),
    ("Bộ Công an huy động lực lượng tối đa", ["Bộ Công an"], ["Bộ Công an"]),
    # … unless the words open a head ("Ban chỉ đạo")
    ("Văn phòng Ban chỉ đạo phòng thủ dân sự quốc gia theo dõi sát diễn biến",
     ["Văn phòng Ban chỉ đạo phòng thủ dân sự quốc gia"],
     ["Văn phòng Ban chỉ đạo phòng thủ dân sự quốc gia"]),
    ("Sở Nông nghiệp và Phát triển nông thôn chủ trì",
     ["Sở Nông nghiệp và Phát triển nông thôn"], ["Sở Nông nghiệp và Phát triển nông thôn"]),
    # bare kinds of bodies, institutions
    ("Sở, ban, ngành thuộc Ủy ban nhân dân Thành phố có trách nhiệm",
     ["Sở, ban, ngành thuộc Ủy ban nhân dân Thành phố"],
     ["Sở, ban, ngành thuộc Ủy ban nhân dân Thành phố"]),
    ("Các cơ sở đào tạo trực thuộc Bộ nghiêm túc thực hiện",
     ["Các cơ sở đào tạo trực thuộc Bộ"], ["Cơ sở đào tạo trực thuộc Bộ"]),
    # enumerated after a plural head and a colon (extractors/enumerated.py)
    ("Các Bộ: Quốc phòng, Công an chủ động chỉ đạo các đơn vị",
     ["Bộ Quốc phòng", "Bộ Công an"], ["Bộ Quốc phòng", "Bộ Công an"]),
    ("Các Sở: Lao động - Thương binh và Xã hội, Văn hóa, Thể thao và Du lịch, Tài chính chủ trì",
     ["Sở Lao động - Thương binh và Xã hội", "Sở Văn hóa, Thể thao và Du lịch", "Sở Tài chính"],
     ["Sở Lao động - Thương binh và Xã hội", "Sở Văn hóa, Thể thao và Du lịch", "Sở Tài chính"]),
    ("Giám đốc các Sở: Nội vụ, Tư pháp; Chủ tịch Ủy ban nhân dân các xã chịu trách nhiệm",
     ["Giám đốc Sở Nội vụ", "Giám đốc Sở Tư pháp", "Chủ tịch Ủy ban nhân dân các xã"],
     ["Giám đốc Sở Nội vụ", "Giám đốc Sở Tư pháp", "Chủ tịch Ủy ban nhân dân các xã"]),
    # a group without a colon is one body
    ("Ủy ban nhân dân các huyện, thị xã, thành phố triển khai",
     ["Ủy ban nhân dân các huyện, thị xã, thành phố"],
     ["Ủy ban nhân dân các huyện, thị xã, thành phố"]),
    ("Sở Văn hóa, Thể thao và Du lịch chủ trì, phối hợp với các cơ quan liên quan",
     ["Sở Văn hóa, Thể thao và Du lịch"], ["Sở Văn hóa, Thể thao và Du lịch"]),
    ("Ủy ban nhân dân các huyện, thành phố chỉ đạo Ủy ban nhân dân cấp xã",
     ["Ủy ban nhân dân các huyện, thành phố"], ["Ủy ban nhân dân các huyện, thành phố"]),
    ("Các sở, ban, ngành tỉnh theo chức năng, nhiệm vụ được giao",
     ["Các sở, ban, ngành tỉnh"], ["Sở, ban, ngành tỉnh"]),
    ("Ban Nội chính Tỉnh ủy và các cơ quan liên quan tham mưu",
     ["Ban Nội chính Tỉnh ủy", "Các cơ quan liên quan"],
     ["Ban Nội chính Tỉnh ủy", "Cơ quan liên quan"]),
    ("Sở Tài chính, Sở Xây dựng và các cơ quan liên quan thực hiện",
     ["Sở Tài chính", "Sở Xây dựng", "Các cơ quan liên quan"],
     ["Sở Tài chính", "Sở Xây dựng", "Cơ quan liên quan"]),
    ("UBND tỉnh chỉ đạo quyết liệt", ["Ủy ban nhân dân tỉnh"], ["Ủy ban nhân dân tỉnh"]),
    ("BTV Huyện ủy lãnh đạo, chỉ đạo", ["Ban Thường vụ Huyện ủy"], ["Ban Thường vụ Huyện ủy"]),
    # the level word that ends a list belongs to the Fatherland Front committee too
    ("Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội xã tăng cường "
     "vận động",
     ["Ủy ban Mặt trận Tổ quốc Việt Nam xã", "Các tổ chức chính trị - xã hội xã"],
     ["Ủy ban Mặt trận Tổ quốc Việt Nam xã", "Tổ chức chính trị - xã hội xã"]),
    ("Ủy ban MTTQ Việt Nam tỉnh và các đoàn thể chính trị - xã hội tỉnh tăng cường giám sát",
     ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Các đoàn thể chính trị - xã hội tỉnh"],
     ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Đoàn thể chính trị - xã hội tỉnh"]),
    ("Đảng ủy Công an tỉnh chủ trì, phối hợp với Ban Tổ chức Tỉnh ủy",
     ["Đảng ủy Công an tỉnh"], ["Đảng ủy Công an tỉnh"]),
    ("Chi bộ Công an xã:", ["Chi bộ Công an xã"], ["Chi bộ Công an xã"]),
    ("Thủ trưởng các sở, ban, ngành và Chủ tịch UBND các huyện, thị xã, thành phố chịu "
     "trách nhiệm",
     ["Thủ trưởng các sở, ban, ngành", "Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố"],
     ["Thủ trưởng các sở, ban, ngành", "Chủ tịch Ủy ban nhân dân các huyện, thị xã, thành phố"]),
    ("Bộ Chỉ huy Quân sự tỉnh, Công an tỉnh, Bộ Chỉ huy Bộ đội Biên phòng tỉnh phối hợp",
     ["Bộ Chỉ huy Quân sự tỉnh", "Công an tỉnh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"],
     ["Bộ Chỉ huy Quân sự tỉnh", "Công an tỉnh", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"]),
    ("Sở Y tế; Sở Khoa học và Công nghệ triển khai",
     ["Sở Y tế", "Sở Khoa học và Công nghệ"], ["Sở Y tế", "Sở Khoa học và Công nghệ"]),
    ("Ủy ban nhân dân xã, các ban, ngành, đoàn thể xã thực hiện",
     ["Ủy ban nhân dân xã", "Các ban, ngành, đoàn thể xã"],
     ["Ủy ban nhân dân xã", "Ban, ngành, đoàn thể xã"]),
    ("Tỉnh đoàn, Hội Liên hiệp Phụ nữ tỉnh, Hội Nông dân tỉnh phát động",
     ["Tỉnh đoàn", "Hội Liên hiệp Phụ nữ tỉnh", "Hội Nông dân tỉnh"],
     ["Tỉnh đoàn", "Hội Liên hiệp Phụ nữ tỉnh", "Hội Nông dân tỉnh"]),
    ("Cấp ủy, chính quyền các cấp lãnh đạo, chỉ đạo",
     ["Cấp ủy, chính quyền các cấp"], ["Cấp ủy, chính quyền các cấp"]),
    # a name ends before the verb, after a place or a person's name
    ("Công an tỉnh Quảng Ngãi tăng cường kiểm tra",
     ["Công an tỉnh Quảng Ngãi"], ["Công an tỉnh Quảng Ngãi"]),
    ("UBND tỉnh Lào Cai đề nghị Bộ Công Thương xem xét",
     ["Ủy ban nhân dân tỉnh Lào Cai"], ["Ủy ban nhân dân tỉnh Lào Cai"]),
    ("Bộ trưởng Tô Lâm cũng lưu ý việc tuyển chọn", ["Bộ trưởng Tô Lâm"], ["Bộ trưởng Tô Lâm"]),
    ("Bộ trưởng Bộ Lao động - Thương binh và Xã hội quyết định thành lập",
     ["Bộ trưởng Bộ Lao động - Thương binh và Xã hội"],
     ["Bộ trưởng Bộ Lao động - Thương binh và Xã hội"]),
    ("Cơ quan nhà nước có thẩm quyền kiểm tra doanh nghiệp",
     ["Cơ quan nhà nước có thẩm quyền"], ["Cơ quan nhà nước có thẩm quyền"]),
    ("Bộ trưởng Bộ Công an chỉ đạo", ["Bộ trưởng Bộ Công an"], ["Bộ trưởng Bộ Công an"]),
    ("Ủy ban MTTQ Việt Nam tỉnh và các tổ chức, đoàn thể tỉnh thực hiện",
     ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Các tổ chức, đoàn thể tỉnh"],
     ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Tổ chức, đoàn thể tỉnh"]),
    # "phô": "phố" with its tone lost in a scan
    ("Chủ tịch Ủy ban nhân dân các huyện, thành phô trong tỉnh có trách nhiệm",
     ["Chủ tịch Ủy ban nhân dân các huyện, thành phô trong tỉnh"],
     ["Chủ tịch Ủy ban nhân dân các huyện, thành phô trong tỉnh"]),
    # "Ban chỉ đạo" lower-cased is still a body (qd-256)
    ("Ban chỉ đạo Cải cách hành chính thành phố, Sở Nội vụ và các Đoàn thể tuyên truyền",
     ["Ban chỉ đạo Cải cách hành chính thành phố", "Sở Nội vụ", "Các Đoàn thể"],
     ["Ban chỉ đạo Cải cách hành chính thành phố", "Sở Nội vụ", "Đoàn thể"]),
    # "Bộ" named bare, first of a group of kinds of body (ct-07)
    ("Bộ, ngành liên quan rà soát, đánh giá",
     ["Bộ, ngành liên quan"], ["Bộ, ngành liên quan"]),
    ("Bộ ngành liên quan đánh giá tình hình",
     ["Bộ ngành liên quan"], ["Bộ ngành liên quan"]),
    # "vận tải" lower-cased ends "Giao thông vận tải", not the name (ct-11)
    ("Sở Giao thông vận tải, Công an tỉnh hướng dẫn phân luồng",
     ["Sở Giao thông vận tải", "Công an tỉnh"], ["Sở Giao thông vận tải", "Công an tỉnh"]),
    ("Giám đốc Sở Giao thông vận tải chịu trách nhiệm",
     ["Giám đốc Sở Giao thông vận tải"], ["Giám đốc Sở Giao thông vận tải"]),
    # "tổ chức chính trị - xã hội" is a kind of its own in a list; "các" covers the list
    ("Các sở, ban, ngành, tổ chức chính trị - xã hội, Ủy ban nhân dân các xã, phường chịu",
     ["Các sở, ban, ngành", "Các tổ chức chính trị - xã hội", "Ủy ban nhân dân các xã, phường"],
     ["Sở, ban, ngành", "Tổ chức chính trị - xã hội", "Ủy ban nhân dân các xã, phường"]),
    # a dash written tight between two lower-case words, as usually written
    ("Các sở, ban, ngành, các tổ chức chính trị-xã hội thực hiện",
     ["Các sở, ban, ngành", "Các tổ chức chính trị - xã hội"],
     ["Sở, ban, ngành", "Tổ chức chính trị - xã hội"]),
    ("Bộ CHQS tỉnh; UBND cấp xã",
     ["Bộ Chỉ huy Quân sự tỉnh", "Ủy ban nhân dân cấp xã"],
     ["Bộ Chỉ huy Quân sự tỉnh", "Ủy ban nhân dân cấp xã"]),
    # a known portfolio goes on through a word the lists read as a verb ("giao": assign),
    # and a whole one ends the name before a lower-case predicate (an OCR'd "đây mạnh")
    ("Bộ Ngoại giao chủ trì, phối hợp các Bộ", ["Bộ Ngoại giao"], ["Bộ Ngoại giao"]),
    ("Bộ Văn hóa, Thể thao và Du lịch đây mạnh triển khai",
     ["Bộ Văn hóa, Thể thao và Du lịch"], ["Bộ Văn hóa, Thể thao và Du lịch"]),
    ("Sở Tài chính tỉnh Lào Cai chủ trì", ["Sở Tài chính tỉnh Lào Cai"],
     ["Sở Tài chính tỉnh Lào Cai"]),
    # a police department named by its code (Bộ Công an's plans)
    ("C04 chủ trì, phối hợp với V01 chuẩn bị nội dung Hội nghị", ["C04"], ["C04"]),
    ("Sở LĐ-TB&XH tỉnh hướng dẫn",
     ["Sở Lao động - Thương binh và Xã hội tỉnh"], ["Sở Lao động - Thương binh và Xã hội tỉnh"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "written", "names"), NAMED)
def test_bodies_named_at_the_start(text, written, names):
    bodies = body_phrase(text, base=BASE)
    for body in bodies:
        assert text[body.start - BASE : body.end - BASE] == body.text
    assert [b.written for b in bodies] == written
    assert [b.name for b in bodies] == names


def test_bodies_text_is_as_printed_with_abbreviations():
    text = "Chủ tịch UBND xã chịu trách nhiệm trước Ban Thường vụ Đảng ủy"
    (body,) = body_phrase(text)
    assert (body.text, body.written) == ("Chủ tịch UBND xã", "Chủ tịch Ủy ban nhân dân xã")
    assert (body.start, body.end) == (0, len("Chủ tịch UBND xã"))


@pytest.mark.parametrize(
    "text",
    [
        "Trường hợp cần thiết, báo cáo Ban Thường vụ Tỉnh ủy xem xét",
        "Báo cáo kết quả về Sở Nội vụ để tổng hợp",
        "Ban hành kế hoạch triển khai thực hiện",
        "Phấn đấu đến năm 2025 có 100% xã đạt chuẩn",
        "Người dân trên địa bàn chấp hành nghiêm quy định",
        "Đơn vị hành chính cấp xã sau sắp xếp",
        "Ngành, nghề kinh doanh của doanh nghiệp",
        "Ngành nghề kinh doanh có điều kiện",
        "Ban, ngành chức năng của tỉnh",  # only "Bộ" starts a bare group
        "Bộ hồ sơ gồm các giấy tờ sau",
    ],
)
def test_bodies_none_where_no_body_starts(text):
    assert body_phrase(text) == []
