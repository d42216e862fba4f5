import { fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { FakeBackend } from '../../lib/api/fake';
import { renderApp, stubViewerEnvironment } from '../../test/helpers';

// jsdom has neither ResizeObserver nor object URLs: the viewer gets a fixed-size stage.
stubViewerEnvironment();

/** Signs in, opens book 1 (KS, six scans) from the home page. */
async function openKs() {
  const app = renderApp({ signedInAs: 'canbo' });
  const open = await screen.findAllByTestId('book-open');
  await app.user.click(open.find((b) => b.closest('tr')?.dataset.bookId === '1') as HTMLElement);
  await screen.findByTestId('entry-form');
  await waitFor(() => expect(document.activeElement?.id).toBe('kf-so'));
  return app;
}

const field = (name: string) => document.getElementById(`kf-${name}`) as HTMLInputElement;
const commands = (b: FakeBackend, name: string) => b.calls.filter((c) => c.command === name);

describe('Keying screen', () => {
  it('shows the scan beside the KS form, grouped as the register, with the first field focused', async () => {
    const { backend } = await openKs();
    const form = screen.getByTestId('entry-form');
    const groups = within(form).getAllByRole('heading', { level: 3 }).map((h) => h.textContent ?? '');
    expect(groups.map((g) => g.split('+')[0]?.trim())).toEqual([
      'Thông tin đăng ký',
      'Người được khai sinh',
      'Mẹ',
      'Cha',
      'Người yêu cầu',
    ]);
    expect(screen.getByTestId('entry-position')).toHaveTextContent('Bản ghi mới');
    expect(field('quyenSo').value).toBe('01/2016');
    expect(field('so').value).toBe('1');
    await waitFor(() => expect(commands(backend, 'page_image').length).toBeGreaterThan(0));
    const view = commands(backend, 'page_image')[0]?.args as { view: { maxWidth: number } };
    expect(view.view.maxWidth).toBe(700);
    // A rarely used field is hidden until asked for (Alt+M).
    expect(document.getElementById('kf-nksMatTich')).toBeNull();
    await fireEvent.keyDown(window, { key: 'm', code: 'KeyM', altKey: true });
    expect(document.getElementById('kf-nksMatTich')).not.toBeNull();
  });

  it('shows the solar equivalent of a lunar date and offers the readings of an impossible one, picked with the keyboard', async () => {
    const { user } = await openKs();
    field('ngayDangKy').focus();
    await user.keyboard('15/8/1960 âm lịch');
    await waitFor(() => expect(screen.getByTestId('date-hint-ngayDangKy')).toHaveTextContent('âm lịch 15/08/1960 · dương lịch 05/10/1960'));
    await user.clear(field('ngayDangKy'));
    await user.keyboard('30/02/1960');
    const readings = await screen.findAllByTestId('date-reading-ngayDangKy');
    expect(readings.map((b) => b.textContent)).toEqual(['29/02/1960']);
    expect(screen.getByTestId('date-hint-ngayDangKy')).toHaveTextContent('Ngày không có thật — có thể là:');
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(readings[0]);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(field('ngayDangKy').value).toBe('29/02/1960'));
    expect(document.activeElement?.id).toBe('kf-ngayDangKy');
  });

  it('Enter and Tab move through the fields; typing is saved: the first change creates the entry', async () => {
    const { user, backend } = await openKs();
    await user.keyboard('7{Enter}');
    expect(document.activeElement?.id).toBe('kf-quyenSo');
    await user.keyboard('{Tab}{Tab}');
    expect(document.activeElement?.id).toBe('kf-ngayDangKy');
    await user.keyboard('12/3/2016');
    expect(await screen.findByTestId('date-hint-ngayDangKy')).toHaveTextContent('ngày 12/03/2016');
    await user.keyboard('{Tab}');
    await waitFor(() => expect(screen.getByTestId('save-state')).toHaveAttribute('data-state', 'saved'));
    const create = commands(backend, 'entry_create');
    expect(create).toHaveLength(1);
    const fields = (create[0]?.args as { fields: { field: string; value: string }[] }).fields;
    expect(fields).toEqual(expect.arrayContaining([{ field: 'so', value: '7', illegible: false }, { field: 'quyenSo', value: '01/2016', illegible: false }]));
    expect(commands(backend, 'entry_save_field').map((c) => (c.args as { field: { field: string } }).field.field)).toContain('ngayDangKy');
    expect(screen.getByTestId('entry-position')).toHaveTextContent('Bản ghi 1/1');
  });

  it('never acts on keys while the input method composes a Vietnamese word', async () => {
    const { backend } = await openKs();
    const name = field('nksHoTen');
    name.focus();
    await fireEvent.compositionStart(name);
    name.value = 'Nguyê';
    await fireEvent.input(name, { isComposing: true, data: 'Nguyê', inputType: 'insertCompositionText' });
    await fireEvent.keyDown(name, { key: 'Enter', isComposing: true });
    await fireEvent.keyDown(name, { key: 'PageDown', keyCode: 229 });
    expect(document.activeElement).toBe(name);
    name.value = 'Nguyễn';
    await fireEvent.compositionEnd(name, { data: 'Nguyễn' });
    await fireEvent.blur(name);
    await waitFor(() => expect(commands(backend, 'entry_create')).toHaveLength(1));
    const fields = (commands(backend, 'entry_create')[0]?.args as { fields: { field: string; value: string }[] }).fields;
    expect(fields.find((f) => f.field === 'nksHoTen')?.value).toBe('Nguyễn');
    expect(screen.getByTestId('entry-position')).not.toHaveTextContent('mới');
  });

  it('marks a field illegible (Ctrl+I), the entry keyed (Ctrl+K), and moves on (Ctrl+Enter)', async () => {
    const { user, backend } = await openKs();
    await user.click(field('nksHoTen'));
    await user.keyboard('Lò Thị Mai');
    await user.click(field('nksNoiSinh'));
    await user.keyboard('{Control>}i{/Control}');
    expect(await screen.findByTestId('illegible-nksNoiSinh')).toHaveTextContent('Không đọc được');
    await user.keyboard('{Control>}k{/Control}');
    await waitFor(() => expect(screen.getByTestId('entry-status')).toHaveTextContent('Đã nhập'));
    expect(commands(backend, 'entry_mark')).toHaveLength(1);
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(screen.getByTestId('entry-position')).toHaveTextContent('Bản ghi mới'));
    expect(field('so').value).toBe('2');
    expect(field('nksHoTen').value).toBe('');
    // F2 copies a field from the entry before.
    await user.click(field('nksHoTen'));
    await user.keyboard('{F2}');
    await waitFor(() => expect(field('nksHoTen').value).toBe('Lò Thị Mai'));
    await user.keyboard('{PageUp}');
    await waitFor(() => expect(screen.getByTestId('entry-position')).toHaveTextContent('Bản ghi 1/2'));
    expect(screen.getByTestId('illegible-nksNoiSinh')).toBeInTheDocument();
  });

  it('proposes places already keyed in the workspace; Enter picks one and moves on', async () => {
    const { user } = await openKs();
    await user.click(field('nksNoiSinh'));
    await user.keyboard('Trạm y tế xã Tân Phong');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(screen.getByTestId('entry-position')).toHaveTextContent('Bản ghi mới'));
    await user.click(field('nksNoiSinh'));
    await user.keyboard('tram');
    const option = await screen.findByRole('option', { name: /Trạm y tế xã Tân Phong/ });
    expect(option).toBeInTheDocument();
    await user.keyboard('{ArrowDown}{Enter}');
    expect(field('nksNoiSinh').value).toBe('Trạm y tế xã Tân Phong');
    expect(document.activeElement?.id).toBe('kf-nksNoiSinh'.replace('NoiSinh', 'QueQuan'));
  });

  it('the viewer turns the page (saved in the book) and asks Rust for the enhanced image', async () => {
    const { user, backend } = await openKs();
    await user.click(screen.getByTestId('viewer-rotate'));
    await waitFor(() => expect(commands(backend, 'page_rotate')).toHaveLength(1));
    await user.click(screen.getByTestId('viewer-enhance'));
    await waitFor(() =>
      expect(commands(backend, 'page_image').some((c) => (c.args as { view: { adjust: { enhance: boolean } } }).view.adjust.enhance)).toBe(true),
    );
    await user.keyboard('{Control>}{PageDown}{/Control}');
    expect(screen.getByTestId('viewer-page')).toHaveValue('2');
  });

  it('shows the history of a field (Ctrl+H) and undoes the last saved change (Alt+Backspace)', async () => {
    const { user } = await openKs();
    await user.click(field('nksHoTen'));
    await user.keyboard('Lò Văn Pó{Tab}');
    await waitFor(() => expect(screen.getByTestId('save-state')).toHaveAttribute('data-state', 'saved'));
    await user.click(field('nksHoTen'));
    await user.keyboard('{Control>}a{/Control}Lò Văn Pỏ{Tab}');
    await waitFor(() => expect(screen.getByTestId('save-state')).toHaveAttribute('data-state', 'saved'));
    await user.click(field('nksHoTen'));
    await user.keyboard('{Control>}h{/Control}');
    const panel = await screen.findByTestId('field-history');
    expect(panel).toHaveTextContent('Lịch sử: Họ, chữ đệm và tên');
    expect(panel).toHaveTextContent('Lò Văn Pó → Lò Văn Pỏ');
    await user.keyboard('{Escape}');
    await user.keyboard('{Alt>}{Backspace}{/Alt}');
    await waitFor(() => expect(field('nksHoTen').value).toBe('Lò Văn Pó'));
    expect(screen.getByTestId('keying-notice')).toHaveTextContent('Đã hoàn tác');
  });

  it('Ctrl+G opens a small box: an entry number jumps to that entry, #N to the Nth, an unknown one says so', async () => {
    const { user } = await openKs();
    for (const so of ['7', '8', '9']) {
      await user.clear(field('so'));
      await user.type(field('so'), so);
      await user.keyboard('{Control>}{Enter}{/Control}');
      await waitFor(() => expect(screen.getByTestId('entry-position')).toHaveTextContent('Bản ghi mới'));
    }
    await fireEvent.keyDown(window, { key: 'g', code: 'KeyG', ctrlKey: true });
    const box = await screen.findByTestId('goto');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('goto-input')));
    await user.keyboard('8{Enter}');
    await waitFor(() => expect(screen.getByTestId('entry-position')).toHaveTextContent('Bản ghi 2/3'));
    expect(box).not.toBeInTheDocument();
    expect(field('so').value).toBe('8');

    await fireEvent.keyDown(window, { key: 'g', code: 'KeyG', ctrlKey: true });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('goto-input')));
    await user.keyboard('#3{Enter}');
    await waitFor(() => expect(screen.getByTestId('entry-position')).toHaveTextContent('Bản ghi 3/3'));

    await fireEvent.keyDown(window, { key: 'g', code: 'KeyG', ctrlKey: true });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('goto-input')));
    await user.keyboard('42{Enter}');
    expect(await screen.findByTestId('goto-error')).toHaveTextContent('Không có bản ghi số “42”');
    expect(screen.getByTestId('entry-position')).toHaveTextContent('Bản ghi 3/3');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('goto')).toBeNull());
  });

  it('Ctrl+Shift+B marks the page on screen blank (covered for the book), and again unmarks it', async () => {
    const { user, backend } = await openKs();
    expect(screen.getByTestId('page-blank')).toHaveAttribute('aria-pressed', 'false');
    await fireEvent.keyDown(window, { key: 'B', code: 'KeyB', ctrlKey: true, shiftKey: true });
    expect(await screen.findByTestId('page-blank-note')).toHaveTextContent('Trang 1 đã được đánh dấu là trang trống');
    expect(screen.getByTestId('page-blank')).toHaveAttribute('aria-pressed', 'true');
    expect(commands(backend, 'book_page_blank')[0]?.args).toEqual({ bookId: 1, pageNo: 1, blank: true });
    expect((await backend.bookCoverage(1)).blankPages).toEqual([1]);
    await user.click(screen.getByTestId('page-blank'));
    await waitFor(() => expect(screen.queryByTestId('page-blank-note')).toBeNull());
    expect((await backend.bookCoverage(1)).blankPages).toEqual([]);
  });
});

describe('Check passes on the keying screen (issue 12)', () => {
  it('starts a self check, finishes it with the fields it changed, and shows the core’s refusal of a second check by the keyer', async () => {
    const { user, backend } = await openKs();
    const bar = await screen.findByTestId('pass-bar');
    expect(bar).toHaveTextContent('Chưa qua lượt kiểm tra nào');
    await user.click(within(bar).getByTestId('pass-start-self'));
    expect(await screen.findByTestId('pass-running')).toHaveTextContent('Tự kiểm tra đang diễn ra (canbo');
    await user.click(screen.getByTestId('pass-finish'));
    expect(await screen.findByTestId('pass-finished')).toHaveTextContent('Đã kết thúc Tự kiểm tra: 0 trường được sửa.');
    expect(commands(backend, 'pass_finish')).toHaveLength(1);
    expect(screen.getByTestId('pass-history')).toHaveTextContent('Tự kiểm tra (canbo): 0 trường sửa');
    await user.click(screen.getByTestId('pass-start-second'));
    expect(await screen.findByTestId('pass-error')).toHaveTextContent('tài khoản khác');
  }, 30000);
});
