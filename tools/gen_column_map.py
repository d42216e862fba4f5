#!/usr/bin/env python3
"""Generate crates/core/data/column_map.json: the Ministry of Justice template columns per book type.

The column lists are those of shared/design/domain.md §1.3 (MoJ digitisation Excel template),
in the template's order. Kinds and Vietnamese labels are derived from the camelCase suffixes; the
generated file is data (reviewed and committed), the script only saves typing.
"""
import json, re, sys

COLS = {
"KS": """so, quyenSo, trangSo, ngayDangKy, loaiDangKy, noiDangKy, nguoiKy, chucVuNguoiKy, nguoiThucHien, ghiChu,
nksHoTen, nksGioiTinh, nksNgaySinh, nksNgaySinhBangChu, nksNoiSinh, nksNoiSinhDVHC, nksQueQuan, nksDanToc,
nksQuocTich, nksQuocTichKhac, nksLoaiKhaiSinh,
nksMatTich, nksMatTichNgayGhiChuTuyenBo, nksMatTichCanCuTuyenBo, nksMatTichNgayGhiChuHuyTuyenBo, nksMatTichCanCuHuyTuyenBo,
nksHanCheNangLucHanhVi, nksHanCheNangLucHanhViNgayGhiChuTuyenBo, nksHanCheNangLucHanhViCanCuTuyenBo,
nksHanCheNangLucHanhViNgayGhiChuHuyTuyenBo, nksHanCheNangLucHanhViNgayCanCuHuyTuyenBo,
meHoTen, meNgaySinh, meDanToc, meQuocTich, meQuocTichKhac, meLoaiCuTru, meNoiCuTru, meLoaiGiayToTuyThan, meSoGiayToTuyThan,
chaHoTen, chaNgaySinh, chaDanToc, chaQuocTich, chaQuocTichKhac, chaLoaiCuTru, chaNoiCuTru, chaLoaiGiayToTuyThan, chaSoGiayToTuyThan,
nycHoTen, nycQuanHe, nycLoaiGiayToTuyThan, nycGiayToKhac, nycSoGiayToTuyThan, nycNgayCapGiayToTuyThan, nycNoiCapGiayToTuyThan,
soDangKyNuocNgoai, ngayDangKyNuocNgoai, cqNuocNgoaiDaDangKy, qgNuocNgoaiDaDangKy""",
"KT": """so, quyenSo, trangSo, ngayDangKy, loaiDangKy, noiDangKy, nguoiKy, chucVuNguoiKy, nguoiThucHien, ghiChu,
nktHoTen, nktGioiTinh, nktNgaySinh, nktDanToc, nktQuocTich, nktQuocTichKhac, nktLoaiCuTru, nktNoiCuTru,
nktLoaiGiayToTuyThan, nktGiayToKhac, nktSoGiayToTuyThan, nktNgayCapGiayToTuyThan, nktNoiCapGiayToTuyThan,
nktNgayChet, nktNgayChetGhiBangChu, nktGioPhutChet, nktNoiChet, nktNguyenNhanChet,
nktTinhTrangTuyenBoViecChet, nktNgayGhiChuTuyenBoViecChet, nktCanCuTuyenBoViecChet,
nktNgayGhiChuHuyTuyenBoViecChet, nktCanCuHuyTuyenBoViecChet,
gbtLoai, gbtSo, gbtNgay, gbtCoQuanCap,
nycHoTen, nycQuanHe, nycLoaiGiayToTuyThan, nycGiayToKhac, nycSoGiayToTuyThan, nycNgayCapGiayToTuyThan, nycNoiCapGiayToTuyThan,
soDangKyNuocNgoai, ngayDangKyNuocNgoai, cqNuocNgoaiDaDangKy, qgNuocNgoaiDaDangKy""",
"KH": """so, quyenSo, trangSo, ngayDangKy, loaiDangKy, noiDangKy, nguoiKy, chucVuNguoiKy, ngayXacLapQuanHeHonNhan, nguoiThucHien, ghiChu,
tinhTrangKetHon, huyKetHonNgayGhiChu, huyKetHonCanCu, congNhanKetHonNgayGhiChu, congNhanKetHonCanCu,
chongHoTen, chongNgaySinh, chongDanToc, chongQuocTich, chongQuocTichKhac, chongLoaiCuTru, chongNoiCuTru,
chongLoaiGiayToTuyThan, chongGiayToKhac, chongSoGiayToTuyThan, chongNgayCapGiayToTuyThan, chongNoiCapGiayToTuyThan,
voHoTen, voNgaySinh, voDanToc, voQuocTich, voQuocTichKhac, voLoaiCuTru, voNoiCuTru,
voLoaiGiayToTuyThan, voGiayToKhac, voSoGiayToTuyThan, voNgayCapGiayToTuyThan, voNoiCapGiayToTuyThan,
soDangKyNuocNgoai, ngayDangKyNuocNgoai, cqNuocNgoaiDaDangKy, qgNuocNgoaiDaDangKy""",
"HN": """so, quyenSo, trangSo, ngayDangKy, noiCap, nguoiKy, chucVuNguoiKy, nguoiThucHien, ghiChu,
nxnHoTen, nxnGioiTinh, nxnNgaySinh, nxnDanToc, nxnQuocTich, nxnQuocTichKhac, nxnLoaiCuTru, nxnNoiCuTru,
nxnLoaiGiayToTuyThan, nxnGiayToKhac, nxnSoGiayToTuyThan, nxnNgayCapGiayToTuyThan, nxnNoiCapGiayToTuyThan,
nxnThoiGianCuTruTai, nxnThoiGianCuTruTu, nxnThoiGianCuTruDen, nxnTinhTrangHonNhan, nxnLoaiMucDichSuDung, nxnMucDichSuDung,
nycHoTen, nycQuanHe, nycLoaiGiayToTuyThan, nycGiayToKhac, nycSoGiayToTuyThan, nycNgayCapGiayToTuyThan, nycNoiCapGiayToTuyThan""",
"CMC": """so, quyenSo, trangSo, quyetDinhSo, ngayDangKy, loaiDangKy, loaiXacNhan, noiDangKy, nguoiKy, chucVuNguoiKy, nguoiThucHien, ghiChu,
cmHoTen, cmNgaySinh, cmDanToc, cmQuocTich, cmQuocTichKhac, cmQueQuan, cmLoaiCuTru, cmNoiCuTru,
cmLoaiGiayToTuyThan, cmGiayToKhac, cmSoGiayToTuyThan, cmNgayCapGiayToTuyThan, cmNoiCapGiayToTuyThan,
ncHoTen, ncNgaySinh, ncDanToc, ncQuocTich, ncQuocTichKhac, ncQueQuan, ncLoaiCuTru, ncNoiCuTru,
ncLoaiGiayToTuyThan, ncGiayToKhac, ncSoGiayToTuyThan, ncNgayCapGiayToTuyThan, ncNoiCapGiayToTuyThan,
nycHoTen, nycQHNguoiDuocNhan, nycQHNguoiNhan, nycLoaiGiayToTuyThan, nycGiayToKhac, nycSoGiayToTuyThan,
nycNgayCapGiayToTuyThan, nycNoiCapGiayToTuyThan,
soDangKyNuocNgoai, ngayDangKyNuocNgoai, cqNuocNgoaiDaDangKy, qgNuocNgoaiDaDangKy""",
}
EXPECTED = {"KS": 60, "KT": 48, "KH": 44, "HN": 35, "CMC": 50}

# Book types without a public Ministry column schema (domain.md §1.3 "Other types"):
# the common block plus fields from the Thông tư 04/2020 book forms, stored in the generic field store.
COMMON = "so, quyenSo, trangSo, ngayDangKy, noiDangKy, nguoiKy, chucVuNguoiKy, nguoiThucHien, ghiChu"
OTHER = {
"GH": COMMON + """, loaiGiamHo, ngghHoTen, ngghNgaySinh, ngghDanToc, ngghQuocTich, ngghNoiCuTru, ngghLoaiGiayToTuyThan, ngghSoGiayToTuyThan,
nddghHoTen, nddghGioiTinh, nddghNgaySinh, nddghNoiSinh, nddghDanToc, nddghQuocTich, nddghNoiCuTru, canCu,
chamDutNgay, chamDutLyDo, nycHoTen, nycQuanHe""",
"TDCC": COMMON + """, loaiViec, ndtHoTen, ndtGioiTinh, ndtNgaySinh, ndtNoiCuTru, ndtLoaiGiayToTuyThan, ndtSoGiayToTuyThan,
noiDungTruoc, noiDungSau, lyDo, gtLoai, gtSo, gtNgay, nycHoTen, nycQuanHe""",
"LH": COMMON + """, chongHoTen, chongNgaySinh, chongDanToc, chongQuocTich, chongNoiCuTru, chongSoGiayToTuyThan,
voHoTen, voNgaySinh, voDanToc, voQuocTich, voNoiCuTru, voSoGiayToTuyThan,
banAnSo, banAnNgay, banAnCoQuan, banAnNuoc, nycHoTen, nycQuanHe""",
"NCN": COMMON + """, chaNuoiHoTen, chaNuoiNgaySinh, chaNuoiDanToc, chaNuoiQuocTich, chaNuoiNoiCuTru, chaNuoiSoGiayToTuyThan,
meNuoiHoTen, meNuoiNgaySinh, meNuoiDanToc, meNuoiQuocTich, meNuoiNoiCuTru, meNuoiSoGiayToTuyThan,
conNuoiHoTen, conNuoiGioiTinh, conNuoiNgaySinh, conNuoiNoiSinh, conNuoiDanToc, conNuoiQuocTich,
quyetDinhSo, quyetDinhNgay, ngayGiaoNhan""",
}

BOOK_NAMES = {
 "KS": "Sổ đăng ký khai sinh", "KT": "Sổ đăng ký khai tử", "KH": "Sổ đăng ký kết hôn",
 "HN": "Sổ cấp Giấy xác nhận tình trạng hôn nhân", "CMC": "Sổ đăng ký nhận cha, mẹ, con",
 "GH": "Sổ đăng ký giám hộ", "TDCC": "Sổ đăng ký thay đổi, cải chính, bổ sung hộ tịch, xác định lại dân tộc",
 "LH": "Sổ ghi chú ly hôn", "NCN": "Sổ đăng ký nuôi con nuôi",
}

PREFIX = [  # (prefix, group key, Vietnamese group label)
 ("nks", "nks", "Người được khai sinh"), ("nkt", "nkt", "Người chết"), ("nxn", "nxn", "Người được xác nhận"),
 ("nyc", "nyc", "Người yêu cầu"), ("chaNuoi", "chaNuoi", "Cha nuôi"), ("meNuoi", "meNuoi", "Mẹ nuôi"),
 ("conNuoi", "conNuoi", "Con nuôi"), ("chong", "chong", "Chồng"), ("vo", "vo", "Vợ"), ("cha", "cha", "Cha"),
 ("me", "me", "Mẹ"), ("cm", "cm", "Cha/mẹ"), ("nc", "nc", "Người con"), ("gbt", "gbt", "Giấy báo tử"),
 ("nddgh", "nddgh", "Người được giám hộ"), ("nggh", "nggh", "Người giám hộ"), ("ndt", "ndt", "Người được thay đổi, cải chính"),
]
FOREIGN = {"soDangKyNuocNgoai", "ngayDangKyNuocNgoai", "cqNuocNgoaiDaDangKy", "qgNuocNgoaiDaDangKy"}

SUFFIX = [  # (suffix, kind, enum, label) — longest first
 ("NgaySinhBangChu", "text", None, "Ngày sinh (bằng chữ)"),
 ("NgayChetGhiBangChu", "text", None, "Ngày chết (bằng chữ)"),
 ("NgayCapGiayToTuyThan", "date", None, "Ngày cấp giấy tờ tùy thân"),
 ("NoiCapGiayToTuyThan", "place", None, "Nơi cấp giấy tờ tùy thân"),
 ("LoaiGiayToTuyThan", "enum", "loaiGiayToTuyThan", "Loại giấy tờ tùy thân"),
 ("SoGiayToTuyThan", "idnumber", None, "Số giấy tờ tùy thân"),
 ("GiayToKhac", "text", None, "Giấy tờ khác"),
 ("QuocTichKhac", "text", None, "Quốc tịch khác"),
 ("NoiSinhDVHC", "text", None, "Nơi sinh (mã ĐVHC)"),
 ("LoaiKhaiSinh", "enum", "loaiKhaiSinh", "Loại khai sinh"),
 ("GioiTinh", "enum", "gioiTinh", "Giới tính"),
 ("NgaySinh", "date", None, "Ngày, tháng, năm sinh"),
 ("HoTen", "name", None, "Họ, chữ đệm và tên"),
 ("NoiSinh", "place", None, "Nơi sinh"),
 ("QueQuan", "place", None, "Quê quán"),
 ("DanToc", "ethnicity", None, "Dân tộc"),
 ("QuocTich", "nationality", None, "Quốc tịch"),
 ("LoaiCuTru", "enum", "loaiCuTru", "Loại cư trú"),
 ("NoiCuTru", "place", None, "Nơi cư trú"),
 ("QuanHe", "text", None, "Quan hệ với người được đăng ký"),
 ("QHNguoiDuocNhan", "text", None, "Quan hệ với người được nhận"),
 ("QHNguoiNhan", "text", None, "Quan hệ với người nhận"),
 ("NgayChet", "date", None, "Ngày, tháng, năm chết"),
 ("GioPhutChet", "time", None, "Giờ, phút chết"),
 ("NoiChet", "place", None, "Nơi chết"),
 ("NguyenNhanChet", "text", None, "Nguyên nhân chết"),
]
EXACT = {
 "so": ("text", None, "Số"), "quyenSo": ("text", None, "Quyển số"), "trangSo": ("number", None, "Trang số"),
 "ngayDangKy": ("date", None, "Ngày đăng ký"), "loaiDangKy": ("enum", "loaiDangKy", "Loại đăng ký"),
 "noiDangKy": ("place", None, "Nơi đăng ký"), "noiCap": ("place", None, "Nơi cấp"), "nguoiKy": ("name", None, "Người ký"),
 "chucVuNguoiKy": ("text", None, "Chức vụ người ký"), "nguoiThucHien": ("text", None, "Người thực hiện"),
 "ghiChu": ("text", None, "Ghi chú"), "quyetDinhSo": ("text", None, "Quyết định số"),
 "loaiXacNhan": ("enum", "loaiXacNhan", "Loại xác nhận"),
 "ngayXacLapQuanHeHonNhan": ("date", None, "Ngày xác lập quan hệ hôn nhân"),
 "tinhTrangKetHon": ("enum", "tinhTrangKetHon", "Tình trạng kết hôn"),
 "huyKetHonNgayGhiChu": ("date", None, "Ngày ghi chú hủy kết hôn"), "huyKetHonCanCu": ("text", None, "Căn cứ hủy kết hôn"),
 "congNhanKetHonNgayGhiChu": ("date", None, "Ngày ghi chú công nhận kết hôn"), "congNhanKetHonCanCu": ("text", None, "Căn cứ công nhận kết hôn"),
 "soDangKyNuocNgoai": ("text", None, "Số đăng ký ở nước ngoài"), "ngayDangKyNuocNgoai": ("date", None, "Ngày đăng ký ở nước ngoài"),
 "cqNuocNgoaiDaDangKy": ("text", None, "Cơ quan nước ngoài đã đăng ký"), "qgNuocNgoaiDaDangKy": ("nationality", None, "Quốc gia đã đăng ký"),
 "nksMatTich": ("text", None, "Tình trạng mất tích"), "nksHanCheNangLucHanhVi": ("text", None, "Hạn chế năng lực hành vi dân sự"),
 "nktTinhTrangTuyenBoViecChet": ("text", None, "Tình trạng tuyên bố việc chết"),
 "gbtLoai": ("enum", "gbtLoai", "Loại giấy báo tử"), "gbtSo": ("text", None, "Số giấy báo tử"),
 "gbtNgay": ("date", None, "Ngày cấp giấy báo tử"), "gbtCoQuanCap": ("text", None, "Cơ quan cấp giấy báo tử"),
 "nxnThoiGianCuTruTai": ("place", None, "Thời gian cư trú tại"), "nxnThoiGianCuTruTu": ("date", None, "Cư trú từ ngày"),
 "nxnThoiGianCuTruDen": ("date", None, "Cư trú đến ngày"), "nxnTinhTrangHonNhan": ("text", None, "Tình trạng hôn nhân"),
 "nxnLoaiMucDichSuDung": ("enum", "loaiMucDichSuDung", "Loại mục đích sử dụng"), "nxnMucDichSuDung": ("text", None, "Mục đích sử dụng"),
 "loaiGiamHo": ("text", None, "Loại giám hộ (cử / đương nhiên)"), "canCu": ("text", None, "Căn cứ"),
 "chamDutNgay": ("date", None, "Ngày chấm dứt giám hộ"), "chamDutLyDo": ("text", None, "Lý do chấm dứt"),
 "loaiViec": ("text", None, "Loại việc (thay đổi/cải chính/bổ sung/xác định lại dân tộc)"),
 "noiDungTruoc": ("text", None, "Nội dung trước khi thay đổi"), "noiDungSau": ("text", None, "Nội dung sau khi thay đổi"),
 "lyDo": ("text", None, "Lý do"), "gtLoai": ("text", None, "Loại giấy tờ hộ tịch được thay đổi"),
 "gtSo": ("text", None, "Số giấy tờ hộ tịch"), "gtNgay": ("date", None, "Ngày giấy tờ hộ tịch"),
 "banAnSo": ("text", None, "Bản án/quyết định số"), "banAnNgay": ("date", None, "Ngày bản án/quyết định"),
 "banAnCoQuan": ("text", None, "Cơ quan/Tòa án"), "banAnNuoc": ("nationality", None, "Nước"),
 "quyetDinhNgay": ("date", None, "Ngày quyết định"), "ngayGiaoNhan": ("date", None, "Ngày giao nhận con nuôi"),
}

def describe(col):
    if col in EXACT:
        kind, enum, label = EXACT[col]
        group = "dangKy"
        for p, g, _ in PREFIX:
            if col.startswith(p) and col[len(p):len(p)+1].isupper():
                group = g
        if col in FOREIGN: group = "nuocNgoai"
        return kind, enum, label, group
    for p, g, _ in sorted(PREFIX, key=lambda x: -len(x[0])):
        if col.startswith(p) and col[len(p):len(p)+1].isupper():
            rest = col[len(p):]
            for suf, kind, enum, label in SUFFIX:
                if rest == suf:
                    return kind, enum, label, g
            # date-ish annotations (mất tích, hạn chế năng lực, tuyên bố chết)
            if "Ngay" in rest:
                return "date", None, split_label(rest), g
            return "text", None, split_label(rest), g
    raise SystemExit(f"unknown column {col}")

WORDS = {"Mat": "mất", "Tich": "tích", "Ngay": "ngày", "Ghi": "ghi", "Chu": "chú", "Tuyen": "tuyên", "Bo": "bố",
         "Can": "căn", "Cu": "cứ", "Huy": "hủy", "Han": "hạn", "Che": "chế", "Nang": "năng", "Luc": "lực",
         "Hanh": "hành", "Vi": "vi", "Viec": "việc", "Chet": "chết"}
def split_label(rest):
    parts = re.findall(r"[A-Z][a-z]*", rest)
    s = " ".join(WORDS.get(p, p.lower()) for p in parts)
    return s[:1].upper() + s[1:]

GROUP_LABEL = {g: l for _, g, l in PREFIX}
GROUP_LABEL.update({"dangKy": "Thông tin đăng ký", "nuocNgoai": "Đăng ký ở nước ngoài"})

REQUIRED = {
 "KS": ["so", "ngayDangKy", "nksHoTen", "nksGioiTinh", "nksNgaySinh"],
 "KT": ["so", "ngayDangKy", "nktHoTen", "nktNgayChet"],
 "KH": ["so", "ngayDangKy", "chongHoTen", "voHoTen"],
 "HN": ["so", "ngayDangKy", "nxnHoTen", "nxnNgaySinh"],
 "CMC": ["so", "ngayDangKy", "cmHoTen", "ncHoTen"],
 "GH": ["so", "ngayDangKy", "ngghHoTen", "nddghHoTen"],
 "TDCC": ["so", "ngayDangKy", "ndtHoTen", "noiDungSau"],
 "LH": ["so", "ngayDangKy", "chongHoTen", "voHoTen"],
 "NCN": ["so", "ngayDangKy", "conNuoiHoTen"],
}

out = {"version": "moj-2019.1",
       "source": "MoJ digitisation Excel template as reproduced in shared/design/domain.md §1.3; "
                 "GH/TDCC/LH/NCN from the Thông tư 04/2020 book forms (no public template; internal field names; "
                 "provisional, see research-columns.md)",
       "groups": GROUP_LABEL, "types": {}}
for t, spec in list(COLS.items()) + list(OTHER.items()):
    cols = [c.strip() for c in spec.replace("\n", " ").split(",") if c.strip()]
    assert len(cols) == len(set(cols)), t
    if t in EXPECTED:
        assert len(cols) == EXPECTED[t], (t, len(cols))
    fields = []
    for c in cols:
        kind, enum, label, group = describe(c)
        f = {"name": c, "kind": kind, "group": group, "label": label}
        if enum: f["enum"] = enum
        if c in REQUIRED[t]: f["required"] = True
        fields.append(f)
    # provisional: no published Ministry template for the type (research-columns.md §0, §6); the
    # upload export still writes it and says so in every export report (issue 11, part 4).
    out["types"][t] = {"name": BOOK_NAMES[t], "ministry_template": t in EXPECTED, "provisional": t not in EXPECTED,
                       "fields": fields}
json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
print()
