// Vietnamese catalogue: the default and the reference. Every other catalogue has exactly these keys.
// Parameters are written {name}.

import { batchVi } from './batch';
import { jobsVi } from './jobs';
import { backupVi } from './backup';
import { qaVi } from './qa';
import { trustVi } from './trust';
import { dedupeVi } from './dedupe';
import { importVi } from './import';
import { keyingVi } from './keying';
import { progressVi } from './progress';

export const vi = {
  'app.name': 'Sohoa',
  'app.tagline': 'Số hóa sổ hộ tịch',
  'app.loading': 'Đang tải…',
  'app.version': 'Phiên bản {version}',

  'common.busy': 'Đang xử lý…',
  'common.retry': 'Thử lại',
  'common.required': 'Bắt buộc',

  // Start / first run
  'start.title': 'Chọn sổ làm việc',
  'start.intro':
    'Sổ làm việc là thư mục chứa dữ liệu số hóa đã được mã hóa của xã. Mở sổ làm việc có sẵn, hoặc tạo sổ mới nếu đây là lần đầu sử dụng.',
  'start.notWorkspace': 'Chưa mở được sổ làm việc tại “{path}”.',
  'start.open.title': 'Mở sổ làm việc',
  'start.open.hint': 'Bấm “Chọn…” để chọn thư mục của sổ làm việc đã có trên máy này.',
  'start.open.path': 'Đường dẫn sổ làm việc',
  'start.open.pathPlaceholder': 'Ví dụ: C:\\SoHoa\\xa-tan-phong',
  'start.open.submit': 'Mở sổ',
  'start.create.title': 'Tạo sổ làm việc mới',
  'start.create.hint': 'Dành cho lần đầu sử dụng. Tài khoản tạo ở đây là tài khoản cán bộ hộ tịch.',
  'start.create.path': 'Thư mục lưu sổ làm việc',
  'start.create.pathHint': 'Thư mục mới hoặc thư mục trống.',
  'start.create.commune': 'Xã, phường',
  'start.create.communeHint': 'Gõ tên xã, phường (có thể gõ không dấu) rồi chọn trong danh sách.',
  'start.create.communeSearching': 'Đang tìm…',
  'start.create.communeNone': 'Không tìm thấy xã, phường nào.',
  'start.create.communeCount': '{count} kết quả. Dùng phím mũi tên để chọn, Enter để xác nhận.',
  'start.create.communeSelected': 'Đã chọn: {name}, {province} (mã {code})',
  'start.create.displayName': 'Họ và tên',
  'start.create.username': 'Tên đăng nhập',
  'start.create.usernameHint': 'Chữ thường không dấu và số, ví dụ: canbo.',
  'start.create.password': 'Mật khẩu',
  'start.create.passwordHint': 'Ít nhất {min} ký tự, hoặc một câu ít nhất 3 từ; không dùng mật khẩu phổ biến như 12345678. Không thể khôi phục nếu quên.',
  'start.create.password2': 'Nhập lại mật khẩu',
  'start.create.submit': 'Tạo sổ làm việc',
  'start.create.busy': 'Đang tạo sổ làm việc…',

  // Validation
  'validation.required': 'Vui lòng nhập {field}.',
  'validation.communeRequired': 'Vui lòng chọn xã, phường trong danh sách.',
  'validation.usernameFormat':
    'Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới (2–32 ký tự).',
  'validation.passwordTooShort': 'Mật khẩu cần ít nhất {min} ký tự hoặc một câu ít nhất 3 từ.',
  'validation.passwordMismatch': 'Hai mật khẩu không khớp.',
  'validation.password2Required': 'Vui lòng nhập lại mật khẩu.',
  'validation.summary': 'Vui lòng sửa các mục được đánh dấu.',

  // Login
  'login.title': 'Đăng nhập',
  'login.workspace': 'Sổ làm việc',
  'login.username': 'Tên đăng nhập',
  'login.password': 'Mật khẩu',
  'login.submit': 'Đăng nhập',
  'login.busy': 'Đang kiểm tra…',
  'login.otherWorkspace': 'Mở sổ làm việc khác',
  'login.accountsHint': 'Tài khoản trong sổ: {accounts}',

  // Shell / navigation
  'shell.nav': 'Chức năng chính',
  'shell.signedInAs': 'Người dùng',
  'shell.logout': 'Đăng xuất',
  'shell.comingSoon': 'Sắp có',
  'nav.home': 'Trang chủ',
  'nav.keying': 'Nhập liệu',
  'nav.duplicates': 'Trùng lặp',
  'nav.batches': 'Lô chuyển giao',
  'nav.progress': 'Tiến độ',

  'role.clerk': 'Cán bộ hộ tịch',
  'role.supervisor': 'Giám sát',

  // Home
  'home.title': 'Sổ hộ tịch',
  'home.summary': '{books} sổ · {entries} bản ghi',
  'home.summaryBooks': 'Số sổ',
  'home.summaryEntries': 'Số bản ghi',
  'home.summaryProgress': 'Đã nhập trở lên',
  'home.loading': 'Đang tải danh sách sổ…',
  'home.empty.title': 'Chưa có sổ hộ tịch nào',
  'home.empty.body': 'Các quyển sổ hộ tịch của xã sẽ hiện ở đây khi được thêm vào sổ làm việc.',
  'home.tableCaption': 'Danh sách sổ hộ tịch và số bản ghi theo trạng thái',
  'home.col.type': 'Loại sổ',
  'home.col.quyenSo': 'Quyển số',
  'home.col.registry': 'Nơi đăng ký',
  'home.col.years': 'Năm',
  'home.col.period': 'Giai đoạn',
  'home.col.pages': 'Số trang',
  'home.col.expected': 'Dự kiến',
  'home.col.total': 'Tổng',
  'home.col.progress': 'Tiến độ',
  'home.sortAsc': 'sắp xếp tăng dần',
  'home.sortDesc': 'sắp xếp giảm dần',
  'home.progressTitle': '{done}/{expected} bản ghi đã nhập trở lên (không tính nháp và bị trả lại)',
  'home.progressUnknown': 'Chưa rõ số bản ghi dự kiến',
  'home.unknown': '—',

  'status.draft': 'Nháp',
  'status.keyed': 'Đã nhập',
  'status.checked': 'Đã kiểm tra',
  'status.submitted': 'Đã gửi',
  'status.accepted': 'Đã chấp nhận',
  'status.returned': 'Bị trả lại',
  'status.exported': 'Đã xuất',

  // Errors by code (docs/ipc.md). Unknown codes fall back to the core's message.
  'error.auth.wrong_password': 'Sai mật khẩu. Vui lòng thử lại.',
  'error.auth.unknown_user': 'Không có tài khoản này trong sổ làm việc. Kiểm tra lại tên đăng nhập.',
  'error.auth.not_signed_in': 'Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại.',
  'error.auth.forbidden': 'Tài khoản của bạn không được phép thực hiện thao tác này.',
  'error.workspace.not_found': 'Không tìm thấy sổ làm việc tại đường dẫn này.',
  'error.workspace.not_a_workspace': 'Thư mục này không phải là sổ làm việc của sohoa.',
  'error.workspace.corrupt':
    'Tệp dữ liệu của sổ làm việc bị hỏng hoặc không đúng định dạng. Dữ liệu không bị thay đổi; hãy liên hệ cán bộ kỹ thuật.',
  'error.workspace.too_new': 'Sổ làm việc này được tạo bởi phiên bản sohoa mới hơn. Hãy cập nhật phần mềm.',
  'error.workspace.exists': 'Đã có sổ làm việc tại thư mục này. Hãy chọn thư mục khác, hoặc mở sổ đó.',
  'error.input.invalid': 'Dữ liệu không hợp lệ.',
  'error.not_found': 'Không tìm thấy dữ liệu cần thiết.',
  'error.conflict': 'Không thể thực hiện thao tác này lúc này.',
  'error.internal': 'Đã xảy ra lỗi hệ thống; dữ liệu đã lưu không bị ảnh hưởng. Hãy thử lại.',
  ...dedupeVi,
  ...importVi,
  ...keyingVi,
  ...progressVi,
  ...batchVi,
  ...qaVi,
  ...trustVi,
  ...jobsVi,
  ...backupVi,
} as const;

export type MessageKey = keyof typeof vi;
export type Catalogue = Record<MessageKey, string>;
