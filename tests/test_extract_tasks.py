import re
from datetime import date

import pytest

from extractors.normalize import normalize_text
from extractors.pipeline import extract
from extractors.tasks import extract_tasks

ISSUED = date(2025, 8, 20)


def _words(text):
    return re.sub(r"\s+", " ", text).strip()


def _offsets_hold(text, tasks):
    """Task text is its paragraph with line breaks joined; every record points into text."""
    for task in tasks:
        assert _words(text[task.start : task.end]) == _words(task.text), task.text
        records = (*task.lead, *task.support, task.report_to, task.deadline)
        for record in (r for r in records if r is not None):
            assert _words(text[record.start : record.end]) == _words(record.text), record


def _leads(tasks):
    return [[b.written for b in t.lead] for t in tasks]


def _summary(task):
    return {
        "lead": [b.written for b in task.lead],
        "support": [b.written for b in task.support],
        "due": task.deadline.due if task.deadline else None,
        "recurrence": set(task.recurrence),
        "report_to": task.report_to.written if task.report_to else None,
    }


def _task(first_words, lead, support=(), due=None, recurrence=(), report_to=None):
    return first_words, {
        "lead": list(lead),
        "support": list(support),
        "due": due,
        "recurrence": set(recurrence),
        "report_to": report_to,
    }


# (text, issuer, [(first words of the task, expected fields)])
ASSIGNED = [
    pytest.param(
        "Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng và các cơ quan liên quan rà "
        "soát, tham mưu Ủy ban nhân dân tỉnh bố trí kinh phí, hoàn thành trước ngày 15/9/2025.",
        None,
        [_task("Giao Sở Tài chính chủ trì", ["Sở Tài chính"],
               ["Sở Xây dựng", "Các cơ quan liên quan"], date(2025, 9, 15))],
        id="giao-chu-tri-phoi-hop",
    ),
    pytest.param(
        "Đối với Chi bộ Công an xã:\n"
        "- Quán triệt đầy đủ nội dung Công văn đến toàn thể đảng viên trong Chi bộ.\n"
        "- Xây dựng kế hoạch triển khai cụ thể, hoàn thành trong tháng 10/2025.\n"
        "- Định kỳ 06 tháng, 01 năm báo cáo kết quả về Ban Thường vụ Đảng ủy xã để theo dõi.",
        None,
        [
            _task("Quán triệt đầy đủ", ["Chi bộ Công an xã"]),
            _task("Xây dựng kế hoạch", ["Chi bộ Công an xã"], due=date(2025, 10, 31)),
            _task("Định kỳ 06 tháng", ["Chi bộ Công an xã"],
                  recurrence=["semiannual", "annual"], report_to="Ban Thường vụ Đảng ủy xã"),
        ],
        id="doi-voi-heading-bullets",
    ),
    pytest.param(
        "Điều 5. Trách nhiệm của Sở Nội vụ\n"
        "1. Chủ trì hướng dẫn các cơ quan, đơn vị triển khai thực hiện Quy chế này.\n"
        "2. Hằng quý tổng hợp, báo cáo Ủy ban nhân dân tỉnh để theo dõi, chỉ đạo.\n"
        "Điều 6. Trách nhiệm của Sở Tài chính\n"
        "1. Bảo đảm kinh phí thực hiện Quy chế theo quy định của pháp luật về ngân sách.",
        None,
        [
            _task("Chủ trì hướng dẫn", ["Sở Nội vụ"]),
            _task("Hằng quý tổng hợp", ["Sở Nội vụ"], recurrence=["quarterly"],
                  report_to="Ủy ban nhân dân tỉnh"),
            _task("Bảo đảm kinh phí", ["Sở Tài chính"]),
        ],
        id="dieu-trach-nhiem-clauses",
    ),
    pytest.param(
        "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội "
        "tỉnh tăng cường tuyên truyền, vận động Nhân dân thực hiện.",
        None,
        [_task("Đề nghị Ủy ban Mặt trận", ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
                                           "Các tổ chức chính trị - xã hội tỉnh"])],
        id="de-nghi",
    ),
    pytest.param(
        "Ủy ban nhân dân các huyện, thành phố chịu trách nhiệm tổ chức thực hiện Kế hoạch này "
        "trên địa bàn.",
        None,
        [_task("Ủy ban nhân dân các huyện", ["Ủy ban nhân dân các huyện, thành phố"])],
        id="chiu-trach-nhiem",
    ),
    pytest.param(
        "III. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Công Thương:\n"
        "- Chủ trì, phối hợp với Sở Tài chính tham mưu Ủy ban nhân dân tỉnh ban hành kế "
        "hoạch trong quý III/2023.\n"
        "- Hướng dẫn các doanh nghiệp thực hiện đúng quy định.\n"
        "2. Ủy ban nhân dân các huyện, thành phố:\n"
        "- Chỉ đạo Ủy ban nhân dân cấp xã tổ chức tuyên truyền, vận động Nhân dân.",
        None,
        [
            _task("Chủ trì, phối hợp", ["Sở Công Thương"], ["Sở Tài chính"], date(2023, 9, 30)),
            _task("Hướng dẫn các doanh nghiệp", ["Sở Công Thương"]),
            _task("Chỉ đạo Ủy ban nhân dân cấp xã", ["Ủy ban nhân dân các huyện, thành phố"]),
        ],
        id="numbered-body-headings",
    ),
    pytest.param(
        "Ban Thường vụ Đảng ủy đề nghị Ủy ban nhân dân xã, các ban, ngành, đoàn thể xã thực "
        "hiện tốt các nhiệm vụ sau:\n"
        "- Tổ chức quán triệt nội dung Chỉ thị đến cán bộ, đảng viên.\n"
        "- Rà soát, bổ sung kế hoạch công tác năm 2026.",
        "Ban Thường vụ Đảng ủy xã Vũ Dương",
        [
            _task("Tổ chức quán triệt", ["Ủy ban nhân dân xã", "Các ban, ngành, đoàn thể xã"]),
            _task("Rà soát, bổ sung", ["Ủy ban nhân dân xã", "Các ban, ngành, đoàn thể xã"]),
        ],
        id="lead-in-de-nghi-then-bullets",
    ),
    pytest.param(
        "Các sở, ban, ngành, địa phương theo chức năng, nhiệm vụ được giao chủ động triển khai "
        "thực hiện Kế hoạch này; định kỳ hằng quý báo cáo kết quả về Sở Nội vụ để tổng hợp.",
        None,
        [_task("Các sở, ban, ngành", ["Các sở, ban, ngành, địa phương"],
               recurrence=["quarterly"], report_to="Sở Nội vụ")],
        id="generic-group-report-to",
    ),
    pytest.param(
        "Sở Y tế chủ trì triển khai các biện pháp phòng, chống dịch bệnh trong 30 ngày kể từ "
        "ngày ký.",
        None,
        [_task("Sở Y tế chủ trì", ["Sở Y tế"], due=date(2025, 9, 19))],
        id="relative-deadline",
    ),
    pytest.param(
        "Giao Công an tỉnh chủ trì, phối hợp với Bộ Chỉ huy Quân sự tỉnh và Ủy ban nhân dân "
        "các huyện, thành phố tăng cường tuần tra, kiểm soát, hoàn thành trong tháng "
        "10/2025; hằng quý báo cáo Ủy ban nhân dân tỉnh để theo dõi, chỉ đạo.",
        None,
        [_task("Giao Công an tỉnh", ["Công an tỉnh"],
               ["Bộ Chỉ huy Quân sự tỉnh", "Ủy ban nhân dân các huyện, thành phố"],
               date(2025, 10, 31), ["quarterly"], "Ủy ban nhân dân tỉnh")],
        id="all-fields",
    ),
    pytest.param(
        "Để triển khai thực hiện có hiệu quả Chỉ thị, Ủy ban nhân dân tỉnh yêu cầu Thủ trưởng "
        "các sở, ban, ngành nghiêm túc triển khai thực hiện.",
        "Ủy ban nhân dân tỉnh Quảng Ngãi",
        [_task("Để triển khai", ["Thủ trưởng các sở, ban, ngành"])],
        id="issuer-yeu-cau",
    ),
    pytest.param(
        "Sở Tài chính chủ trì thẩm định dự toán kinh phí thực hiện Đề án. Sở Xây dựng hướng "
        "dẫn các địa phương lập hồ sơ thiết kế.",
        None,
        [_task("Sở Tài chính chủ trì", ["Sở Tài chính"]),
         _task("Sở Xây dựng hướng dẫn", ["Sở Xây dựng"])],
        id="two-sentences-two-tasks",
    ),
    pytest.param(
        "Điều 4. Nhiệm vụ, quyền hạn, trách nhiệm của Phòng đăng ký kinh\n"
        "doanh cấp tỉnh\n"
        "1. Trực tiếp nhận hồ sơ đăng ký kinh doanh và cấp Giấy chứng nhận.\n"
        "Điều 5- Chức năng và nhiệm vụ của Bộ Kế hoạch và Đầu tư về đăng ký kinh doanh\n"
        "1. Hướng dẫn, đào tạo, bồi dưỡng nghiệp vụ đăng ký kinh doanh.",
        None,
        [
            _task("Trực tiếp nhận hồ sơ", ["Phòng đăng ký kinh doanh cấp tỉnh"]),
            _task("Hướng dẫn, đào tạo", ["Bộ Kế hoạch và Đầu tư"]),
        ],
        id="dieu-nhiem-vu-quyen-han-two-line-title",
    ),
    pytest.param(
        "Điều 6. Trách nhiệm của Sở Công Thương\n"
        "1. Thu hồi giấy phép kinh doanh trong các trường hợp sau đây:\n"
        "a) Không hoạt động trong thời hạn sáu tháng;\n"
        "b) Kinh doanh các mặt hàng bị cấm.",
        None,
        [_task("Thu hồi giấy phép", ["Sở Công Thương"])],
        id="points-are-conditions",
    ),
    pytest.param(
        "1. Ban Chỉ đạo xóa nhà tạm, nhà dột nát huyện Bình Sơn\n"
        "a) Khẩn trương hoàn thành phê duyệt đối tượng hỗ trợ nhà ở.\n"
        "b) Theo dõi sát tình hình thực hiện Chương trình.",
        None,
        [
            _task("Khẩn trương", ["Ban Chỉ đạo xóa nhà tạm, nhà dột nát huyện Bình Sơn"]),
            _task("Theo dõi sát", ["Ban Chỉ đạo xóa nhà tạm, nhà dột nát huyện Bình Sơn"]),
        ],
        id="heading-names-one-body-with-a-comma",
    ),
    pytest.param(
        "Đối với doanh nghiệp tư nhân, Sở Tài chính ra thông báo vi phạm và xử lý theo "
        "quy định.",
        None,
        [_task("Đối với doanh nghiệp", ["Sở Tài chính"])],
        id="doi-voi-case-then-subject",
    ),
    pytest.param(
        "Ban Thường vụ Tỉnh ủy sẽ tổ chức sơ kết, đánh giá kết quả thực hiện Chỉ thị vào "
        "cuối năm 2026.",
        "Ban Thường vụ Tỉnh ủy",
        [_task("Ban Thường vụ Tỉnh ủy sẽ", ["Ban Thường vụ Tỉnh ủy"])],
        id="issuer-own-duty",  # GOLD_FORMAT: the issuer's own duties are tasks
    ),
    pytest.param(
        "Tiểu ban thông tin, tuyên truyền bầu cử xây dựng kế hoạch triển khai thực hiện như "
        "sau:\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n"
        "- Tuyên truyền sâu rộng, tạo sự thống nhất cao về nhận thức trong Đảng.\n"
        "II. NỘI DUNG TUYÊN TRUYỀN\n"
        "- Tuyên truyền quá trình triển khai cuộc bầu cử đại biểu Quốc hội.",
        "Tiểu ban thông tin, tuyên truyền bầu cử",
        [_task("Tuyên truyền quá trình", ["Tiểu ban thông tin, tuyên truyền bầu cử"])],
        id="issuer-plan-items-not-its-aims",
    ),
    pytest.param(
        "III. TỔ CHỨC THỰC HIỆN\n"
        "6. Phó chủ tịch phụ trách lĩnh vực Công tác Xã hội\n"
        "- Chủ trì xây dựng kế hoạch tuyên truyền về bầu cử trên địa bàn xã.",
        None,
        [_task("Chủ trì xây dựng", ["Phó chủ tịch phụ trách lĩnh vực Công tác Xã hội"])],
        id="holder-named-by-portfolio",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "issuer", "expected"), ASSIGNED)
def test_tasks_assigned_to_named_bodies(text, issuer, expected):
    tasks = extract_tasks(text, issued=ISSUED, issuer=issuer)
    _offsets_hold(text, tasks)
    assert len(tasks) == len(expected), [t.text for t in tasks]
    for task, (first_words, _) in zip(tasks, expected, strict=True):
        assert task.text.startswith(first_words), task.text
    assert [_summary(t) for t in tasks] == [fields for _, fields in expected]


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        pytest.param(
            "Phấn đấu đến năm 2025, 100% xã, phường có lực lượng Công an chính quy.",
            None, id="goal-names-no-body",
        ),
        pytest.param(
            "II. NHIỆM VỤ, GIẢI PHÁP\n"
            "1. Tăng cường sự lãnh đạo của cấp ủy đảng đối với công tác bảo vệ môi trường.\n"
            "2. Nâng cao hiệu quả công tác tuyên truyền, giáo dục.",
            None, id="solutions-name-no-body",
        ),
        pytest.param(
            "I. MỤC ĐÍCH, YÊU CẦU\n"
            "1. Mục đích: Nâng cao nhận thức của cán bộ, đảng viên và Nhân dân.\n"
            "2. Yêu cầu: Các cơ quan, đơn vị triển khai nghiêm túc, hiệu quả.",
            None, id="aims-section",
        ),
        pytest.param(
            "Năm 2024, Sở Tài chính đã tham mưu bố trí 50 tỷ đồng cho các địa phương thực hiện "
            "chương trình.",
            None, id="background",
        ),
        pytest.param(
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/02/2025;\n"
            "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 120/TTr-SNV.",
            None, id="legal-basis",
        ),
        pytest.param(
            "Ban Thường vụ Tỉnh ủy thống nhất cao chủ trương sáp nhập các chi bộ trực thuộc "
            "theo Đề án.",
            "Ban Thường vụ Tỉnh ủy", id="issuer-agrees",
        ),
        pytest.param(
            "Ban Thường trực Ủy ban MTTQ Việt Nam xã hướng dẫn tham gia công tác bầu cử, cụ thể "
            "như sau:",
            "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã Lương Minh",
            id="issuer-introduces-its-guidance",
        ),
        pytest.param(
            "Ban Chấp hành Trung ương kêu gọi toàn Đảng, toàn dân, toàn quân đoàn kết, thống "
            "nhất.",
            "Ban Chấp hành Trung ương", id="issuer-calls-on-everyone",
        ),
        pytest.param(
            "Đối với công ty kinh doanh các ngành, nghề phải có vốn pháp định, thì phải có "
            "thêm xác nhận của cơ quan có thẩm quyền.",
            None, id="doi-voi-conditional-thi",
        ),
        pytest.param(
            "Ngành, nghề kinh doanh đã đăng ký bổ sung hoặc thay đổi theo quy định;",
            None, id="nganh-nghe-is-no-body",
        ),
        pytest.param(
            "Bộ trưởng Tô Lâm phát biểu chỉ đạo tại buổi làm việc với Công an tỉnh.",
            None, id="article-reports-a-speech",
        ),
        pytest.param(
            "TM. CHÍNH PHỦ\n"
            "THỦ TƯỚNG\n"
            "(đã ký)\n"
            "Nguyễn Văn An",
            "Chính phủ", id="signature-block",
        ),
    ],
)  # fmt: skip
def test_tasks_none_where_no_body_is_assigned(text, issuer):
    assert extract_tasks(text, issued=ISSUED, issuer=issuer) == ()


def test_tasks_read_only_the_given_range():
    text = (
        "Sở Tài chính chủ trì thẩm định dự toán kinh phí thực hiện Đề án.\n"
        "Sở Xây dựng hướng dẫn các địa phương lập hồ sơ thiết kế.\n"
        "Sở Y tế chủ trì triển khai các biện pháp phòng, chống dịch bệnh."
    )
    start, end = text.index("Sở Xây dựng"), text.index("Sở Y tế")
    tasks = extract_tasks(text, start, end)
    _offsets_hold(text, tasks)
    assert [t.lead[0].written for t in tasks] == ["Sở Xây dựng"]


def test_tasks_labelled_lines_attach_to_their_item():
    """A plan's table row read as lines: the item, then who leads, who supports, when."""
    text = (
        "1. Xây dựng kế hoạch tuyên truyền\n\n"
        "Đơn vị chủ trì: Sở Văn hóa, Thể thao và Du lịch\n\n"
        "Đơn vị phối hợp: Sở Tư pháp, Ủy ban nhân dân các huyện\n\n"
        "Thời gian hoàn thành: Quý IV/2025"
    )
    (task,) = extract_tasks(text, issued=ISSUED)
    assert text[task.start : task.end] == task.text == "Xây dựng kế hoạch tuyên truyền"
    assert [b.written for b in task.lead] == ["Sở Văn hóa, Thể thao và Du lịch"]
    assert [b.written for b in task.support] == ["Sở Tư pháp", "Ủy ban nhân dân các huyện"]
    for body in (*task.lead, *task.support):
        assert text[body.start : body.end] == body.text
    assert task.deadline is not None and task.deadline.due == date(2025, 12, 31)
    assert text[task.deadline.start : task.deadline.end] == task.deadline.text


@pytest.mark.parametrize(
    ("text", "support"),
    [
        pytest.param(
            "Giao Sở Tư pháp chủ trì phối hợp cùng Sở Nội vụ, Báo Cần Thơ và các Đoàn thể "
            "tuyên truyền rộng rãi về cải cách hành chính.",
            ["Sở Nội vụ", "Báo Cần Thơ", "Các Đoàn thể"], id="phoi-hop-cung",  # qd-256
        ),
        pytest.param(
            "Công an tỉnh phối hợp, hỗ trợ chính quyền địa phương, Sở Giao thông vận tải "
            "trong công tác phân luồng.",
            ["Chính quyền địa phương", "Sở Giao thông vận tải"], id="phoi-hop-ho-tro",  # ct-11
        ),
        pytest.param(
            "Bộ Tài nguyên và Môi trường chủ trì, phối hợp với Bộ ngành liên quan đánh giá "
            "tình hình triển khai quy định của pháp luật về đất đai.",
            ["Bộ ngành liên quan"], id="bo-nganh-lien-quan",  # ct-07
        ),
    ],
)  # fmt: skip
def test_tasks_support_phrasings(text, support):
    (task,) = extract_tasks(text, issued=ISSUED)
    _offsets_hold(text, (task,))
    assert [b.written for b in task.support] == support


def test_tasks_labelled_support_keeps_a_misspelt_title_as_written():
    """A typo ("Phó chỉ tịch") is shown as typed, not corrected by a rule for one file."""
    text = (
        "1.1. Xây dựng kế hoạch tổ chức hiệp thương\n\n"
        "- Đơn vị chủ trì: Đồng chí Phó chủ tịch Thường trực\n\n"
        "- Đơn vị phối hợp: Các đ/c Phó chỉ tịch"
    )
    (task,) = extract_tasks(text, issued=ISSUED)
    assert [b.written for b in task.support] == ["Các Phó chỉ tịch"]


CONG_VAN = """ĐẢNG BỘ TỈNH NINH BÌNH                    ĐẢNG CỘNG SẢN VIỆT NAM
ĐẢNG ỦY XÃ VŨ DƯƠNG
          *                         Vũ Dương, ngày 15 tháng 8 năm 2025
Số 230-CV/ĐU
V/v tăng cường công tác phòng cháy, chữa cháy

Kính gửi:
- Chi bộ Công an xã,
- Ủy ban nhân dân xã.

Thực hiện Chỉ thị số 19-CT/TW ngày 18/11/2022 của Ban Bí thư về tăng cường sự lãnh đạo \
của Đảng đối với công tác phòng cháy, chữa cháy và Công văn số 1468/UBND-VX ngày \
05/6/2025 của UBND tỉnh, Ban Thường vụ Đảng ủy xã yêu cầu:

1. Đối với Chi bộ Công an xã:
- Tổ chức kiểm tra an toàn phòng cháy, chữa cháy tại các cơ sở kinh doanh, hoàn thành \
trước ngày 15/9/2025.
- Tổ chức tuyên truyền, hướng dẫn Nhân dân kỹ năng thoát nạn khi xảy ra cháy, nổ.

2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã và các tổ chức chính trị - xã hội xã tăng \
cường tuyên truyền, vận động hội viên tham gia mô hình "Tổ liên gia an toàn phòng cháy, \
chữa cháy".

3. Giao Văn phòng Đảng ủy theo dõi, đôn đốc việc thực hiện; định kỳ 06 tháng, 01 năm báo \
cáo kết quả về Ban Thường vụ Đảng ủy xã để theo dõi.

Nơi nhận:
- Như trên,
- Lưu Văn phòng Đảng ủy.
                                        T/M BAN THƯỜNG VỤ
                                        PHÓ BÍ THƯ

                                        Nguyễn Văn An
"""


def test_tasks_whole_document_through_the_pipeline():
    text = normalize_text(CONG_VAN)
    extraction = extract(text)
    _offsets_hold(text, extraction.tasks)
    assert [(c.number, c.doc_type, c.date) for c in extraction.citations] == [
        ("19-CT/TW", "Chỉ thị", date(2022, 11, 18)),
        ("1468/UBND-VX", "Công văn", date(2025, 6, 5)),
    ]
    assert [_summary(t) for t in extraction.tasks] == [
        _task("", ["Chi bộ Công an xã"], due=date(2025, 9, 15))[1],
        _task("", ["Chi bộ Công an xã"])[1],
        _task("", ["Ủy ban Mặt trận Tổ quốc Việt Nam xã", "Các tổ chức chính trị - xã hội xã"])[1],
        _task("", ["Văn phòng Đảng ủy"], recurrence=["semiannual", "annual"],
              report_to="Ban Thường vụ Đảng ủy xã")[1],
    ]  # fmt: skip
    # the Kính gửi list and the Nơi nhận block assign nothing
    assert all(t.start > text.index("yêu cầu:") for t in extraction.tasks)
    assert all(t.end < text.index("Nơi nhận") for t in extraction.tasks)


# A time, a step or a topic put before the subject; a short name after it.
@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("Bước 2. Trong vòng 05 (năm) ngày làm việc, sau khi nhận hồ sơ, Phòng Văn hóa - "
         "Xã hội tiến hành thẩm tra danh sách, xác định đối tượng.",
         ["Phòng Văn hóa - Xã hội"]),
        ("Về kinh phí: Các địa phương phải động viên, phát huy mạnh mẽ các nguồn lực tại chỗ.",
         ["Các địa phương"]),
        ("Căn cứ nội dung Kế hoạch và tình hình thực tiễn, các sở, ban, ngành xây dựng "
         "Kế hoạch triển khai thi hành Nghị định.",
         ["Các sở, ban, ngành"]),
        ("Trong quá trình triển khai thực hiện Kế hoạch, nếu có khó khăn, vướng mắc, Ủy ban "
         "nhân dân các xã, phường kịp thời phản ánh về Sở Nội vụ để tổng hợp.",
         ["Ủy ban nhân dân các xã, phường"]),
        ("Bộ Văn hóa, Thể thao và Du lịch (VHTTDL) đề nghị các cơ sở đào tạo trực thuộc Bộ "
         "nghiêm túc thực hiện các nhiệm vụ năm học.",
         ["Các cơ sở đào tạo trực thuộc Bộ"]),
    ],
)  # fmt: skip
def test_tasks_subject_after_what_is_put_before_it(text, lead):
    (task,) = extract_tasks(text, issued=ISSUED)
    _offsets_hold(text, (task,))
    assert [b.written for b in task.lead] == lead


def test_tasks_article_title_broken_after_a_head_word():
    text = (
        "Điều 17. Trách nhiệm của Sở\n"
        "Nông nghiệp và Môi trường\n"
        "1. Chỉ đạo cơ quan đăng ký đất đai cung cấp thông tin cho Sở Tư pháp.\n"
    )
    (task,) = extract_tasks(text, issued=ISSUED)
    assert [b.written for b in task.lead] == ["Sở Nông nghiệp và Môi trường"]


def test_tasks_labelled_doer_line_names_the_lead():
    text = (
        "1. Tổ chức phổ biến Luật Việc làm và các văn bản hướng dẫn\n"
        "- Cơ quan thực hiện: Sở Nội vụ chủ trì tham mưu Ủy ban nhân dân Thành phố ban hành "
        "Kế hoạch.\n"
        "- Thời gian thực hiện: trước ngày 30/9/2025.\n"
    )
    tasks = extract_tasks(text, issued=ISSUED)
    assert [b.written for b in tasks[0].lead] == ["Sở Nội vụ"]
    assert tasks[0].deadline is not None and tasks[0].deadline.due == date(2025, 9, 30)


def test_tasks_article_title_names_who_leads_the_coordination():
    # a Quy chế phối hợp: "Điều 6. Nội dung <body> có trách nhiệm chủ trì", then its items
    text = (
        "Điều 5. Nội dung Sở Dân tộc và Tôn giáo có trách nhiệm chủ trì\n"
        "1. Xây dựng, ban hành, đánh giá việc thực hiện chính sách về tín ngưỡng, tôn giáo.\n"
        "2. Kiểm tra việc thực hiện chính sách, pháp luật về tín ngưỡng, tôn giáo.\n"
        "Điều 11. Nội dung Ủy ban nhân dân cấp xã có trách nhiệm chủ trì\n"
        "1. Giải quyết vấn đề về hoạt động tín ngưỡng trên địa bàn xã, phường.\n"
        "Điều 13. Nội dung các cơ quan, đơn vị khác có trách nhiệm chủ trì\n"
        "1. Giải quyết các vấn đề cụ thể thuộc chức năng, nhiệm vụ được giao.\n"
    )
    tasks = extract_tasks(text, issued=ISSUED)
    _offsets_hold(text, tasks)
    assert _leads(tasks) == [
        ["Sở Dân tộc và Tôn giáo"],
        ["Sở Dân tộc và Tôn giáo"],
        ["Ủy ban nhân dân cấp xã"],
        ["Các cơ quan, đơn vị khác"],
    ]


def test_tasks_article_whose_first_word_was_cut_from_its_sentence():
    # a narrow web column: "Điều 3. Chánh / Văn phòng …" is one sentence, not a title
    text = (
        "Điều 3. Chánh\n"
        "Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Tài chính chịu trách nhiệm thi hành "
        "Quyết định này./.\n"
    )
    (task,) = extract_tasks(text, issued=ISSUED)
    assert [b.written for b in task.lead] == [
        "Chánh Văn phòng Ủy ban nhân dân tỉnh",
        "Giám đốc Sở Tài chính",
    ]


def test_tasks_plan_enacted_by_the_issuer_is_not_its_duty_list():
    text = (
        "Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện quan trắc môi trường tại một số "
        "vùng nuôi trồng thủy sản, với các nội dung sau:\n"
        "1. Thời gian thực hiện: Từ tháng 3 đến tháng 11 hằng năm.\n"
        "2. Số điểm quan trắc: 08 điểm tại các vùng nuôi chính của tỉnh.\n"
        "IV. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Tài chính tham mưu bố trí kinh phí thực hiện Kế hoạch.\n"
    )
    tasks = extract_tasks(text, issued=ISSUED, issuer="Ủy ban nhân dân tỉnh Đắk Lắk")
    assert _leads(tasks) == [["Sở Tài chính"]]


def test_tasks_annex_starts_without_the_letters_lead():
    text = (
        "Bộ yêu cầu các cơ sở đào tạo trực thuộc Bộ thực hiện các nội dung sau:\n"
        "1. Gửi báo cáo kết quả tuyển sinh về Bộ trước ngày 31/8/2026.\n"
        "PHỤ LỤC\n"
        "(Kèm theo Công văn số 6386/BVHTTDL-KHCNĐTMT ngày 25/11/2025)\n"
        "Quy mô tuyển sinh, đào tạo và tốt nghiệp theo năm học\n"
        "Trường Đại học Văn hóa Hà Nội  x  x\n"
    )
    tasks = extract_tasks(text, issued=ISSUED)
    assert [t.text[:20] for t in tasks] == ["Gửi báo cáo kết quả "]


def test_tasks_heading_cut_by_a_narrow_column_or_narrowed_by_a_place():
    text = (
        "1. Chủ tịch Ủy ban nhân dân các tỉnh, thành phố từ\n"
        "Hà Tĩnh đến Khánh Hòa:\n"
        "a) Tổ chức theo dõi chặt chẽ, cập nhật đầy đủ thông tin về mưa lũ.\n"
        "2. Bộ trưởng\n"
        "Bộ Y tế chỉ đạo ngành y tế tiếp tục huy động tối đa lực lượng.\n"
    )
    tasks = extract_tasks(text, issued=ISSUED)
    _offsets_hold(text, tasks)
    assert _leads(tasks) == [
        ["Chủ tịch Ủy ban nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Khánh Hòa"],
        ["Bộ trưởng Bộ Y tế"],
    ]


def test_tasks_headings_naming_bodies_after_a_basis_line_and_with_entries():
    text = (
        "4. Sở Văn hóa, Thể thao và Du lịch; Báo và Phát thanh, Truyền hình Cần Thơ\n\n"
        "Chỉ đạo các cơ quan truyền thông, báo chí tăng thời lượng tuyên truyền về dân số.\n"
        "5. Sở, ban, ngành liên quan\n"
        "Căn cứ theo chức năng, nhiệm vụ, quyền hạn được giao, chủ động phối hợp với Sở Y "
        "tế trong việc tổ chức triển khai thực hiện.\n"
        "6. Ủy ban nhân dân xã, phường\n"
        "a) Kiện toàn Ban Chỉ đạo Dân số và Phát triển cấp xã.\n"
    )
    tasks = extract_tasks(text, issued=ISSUED)
    _offsets_hold(text, tasks)
    assert _leads(tasks) == [
        ["Sở Văn hóa, Thể thao và Du lịch", "Báo và Phát thanh, Truyền hình Cần Thơ"],
        ["Sở, ban, ngành liên quan"],
        ["Ủy ban nhân dân xã, phường"],
    ]


def test_tasks_support_named_in_a_lead_in_goes_to_the_items_below():
    text = (
        "1. Bộ Kế hoạch và Đầu tư:\n"
        "c) Phối hợp với các Bộ, ngành và địa phương liên quan chỉ đạo, hướng dẫn triển khai:\n"
        "- Xây dựng kết cấu hạ tầng khu kinh tế đúng tiến độ, theo quy hoạch được duyệt.\n"
        "2. Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã chủ trì, phối hợp với Ủy ban "
        "nhân dân cùng cấp thực hiện các nội dung sau:\n"
        "a) Xây dựng kế hoạch tổ chức hội nghị tiếp xúc cử tri.\n"
    )
    tasks = extract_tasks(text, issued=ISSUED)
    _offsets_hold(text, tasks)
    assert [_summary(t)["support"] for t in tasks] == [
        ["Các Bộ, ngành", "Địa phương liên quan"],
        ["Ủy ban nhân dân cùng cấp"],
    ]
    assert [b.written for b in tasks[0].lead] == ["Bộ Kế hoạch và Đầu tư"]
