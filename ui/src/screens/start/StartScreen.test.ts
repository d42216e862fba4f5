import { screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { DEMO_PLAIN_FOLDER, DEMO_WORKSPACE_PATH } from '../../lib/api/fake';
import { choosePath, renderApp } from '../../test/helpers';

type User = ReturnType<typeof renderApp>['user'];

async function chooseCommune(user: User, typed: string, optionText: RegExp) {
  await user.type(screen.getByTestId('create-commune'), typed);
  const option = await screen.findByRole('option', { name: optionText });
  await user.click(option);
}

async function fillCreateForm(user: User, backend: ReturnType<typeof renderApp>['backend'], password2: string) {
  await choosePath(user, backend, 'create-path', 'D:\\SoHoa\\moi');
  await chooseCommune(user, 'ba dinh', /Phường Ba Đình — Thành phố Hà Nội/);
  await user.type(screen.getByTestId('create-displayname'), 'Lê Thị Hoa');
  await user.type(screen.getByTestId('create-username'), 'hoa');
  await user.type(screen.getByTestId('create-password'), 'mat-khau-dai');
  if (password2) await user.type(screen.getByTestId('create-password2'), password2);
}

describe('Start screen (first run)', () => {
  it('is shown when the app knows no workspace, with both choices', async () => {
    renderApp({ workspacePath: null });
    const start = await screen.findByTestId('start-screen');
    expect(within(start).getByRole('heading', { name: 'Mở sổ làm việc' })).toBeInTheDocument();
    expect(within(start).getByRole('heading', { name: 'Tạo sổ làm việc mới' })).toBeInTheDocument();
    expect(screen.getByTestId('create-form')).toBeInTheDocument();
  });

  it('is shown, with a notice, when the remembered path is not a workspace', async () => {
    renderApp({ workspacePath: DEMO_PLAIN_FOLDER });
    expect(await screen.findByTestId('start-notice')).toHaveTextContent('không phải là sổ làm việc');
    expect(screen.getByTestId('open-path')).toHaveValue(DEMO_PLAIN_FOLDER);
  });

  it('opens an existing workspace by path and goes to its login screen', async () => {
    const { user, backend } = renderApp({ workspacePath: null });
    await screen.findByTestId('start-screen');
    await choosePath(user, backend, 'open-path', 'C:\\khong\\co');
    await user.click(screen.getByTestId('open-submit'));
    expect(await screen.findByTestId('open-error')).toHaveTextContent('Không tìm thấy sổ làm việc');

    await choosePath(user, backend, 'open-path', DEMO_WORKSPACE_PATH);
    expect(screen.getByTestId('open-path')).toHaveValue(DEMO_WORKSPACE_PATH);
    await user.click(screen.getByTestId('open-submit'));
    expect(await screen.findByTestId('login-commune')).toHaveTextContent('Xã Tân Phong');
  });

  it('finds communes without diacritics and shows "name — province"', async () => {
    const { user } = renderApp({ workspacePath: null });
    await screen.findByTestId('start-screen');
    await user.type(screen.getByTestId('create-commune'), 'tan phong');
    const options = await screen.findAllByTestId('commune-option');
    expect(options.map((o) => o.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Xã Tân Phong — Tỉnh Lai Châu',
      'Xã Tân Phong — Tỉnh Phú Thọ',
    ]);
    // keyboard: the first option is highlighted, ArrowDown moves, Enter chooses (and does not submit)
    await user.keyboard('{ArrowDown}{Enter}');
    expect(screen.getByTestId('create-commune')).toHaveValue('Xã Tân Phong — Tỉnh Phú Thọ');
    expect(screen.queryByTestId('create-password2-error')).not.toBeInTheDocument();
  });

  it('refuses a password confirmation that does not match, without calling the core', async () => {
    const { user, backend } = renderApp({ workspacePath: null });
    await screen.findByTestId('start-screen');
    await fillCreateForm(user, backend, 'mat-khau-khac');
    await user.click(screen.getByTestId('create-submit'));

    expect(screen.getByTestId('create-password2-error')).toHaveTextContent('Hai mật khẩu không khớp.');
    const confirmation = screen.getByTestId('create-password2');
    expect(confirmation).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(confirmation).toHaveFocus());
    expect(backend.calls.some((c) => c.command === 'workspace_create')).toBe(false);
  });

  it('requires at least 10 characters of password (or a three-word passphrase) and every field', async () => {
    const { user } = renderApp({ workspacePath: null });
    await screen.findByTestId('start-screen');
    await user.type(screen.getByTestId('create-password'), 'ngan');
    await user.click(screen.getByTestId('create-submit'));
    const form = screen.getByTestId('create-form');
    expect(form).toHaveTextContent('Mật khẩu cần ít nhất 10 ký tự hoặc một câu ít nhất 3 từ.');
    expect(form).toHaveTextContent('Vui lòng chọn xã, phường trong danh sách.');
    expect(form).toHaveTextContent('Vui lòng nhập họ và tên.');
    await waitFor(() => expect(screen.getByTestId('create-path')).toHaveFocus());
  });

  it('creates the workspace and signs the new clerk in', async () => {
    const { user, backend } = renderApp({ workspacePath: null });
    await screen.findByTestId('start-screen');
    await fillCreateForm(user, backend, 'mat-khau-dai{Enter}');

    expect(await screen.findByTestId('home')).toBeInTheDocument();
    expect(screen.getByTestId('home-commune')).toHaveTextContent('Phường Ba Đình');
    expect(screen.getByTestId('home-user')).toHaveTextContent('Lê Thị Hoa');
    expect(await screen.findByTestId('books-empty')).toBeInTheDocument();
    expect(backend.calls.find((c) => c.command === 'workspace_create')?.args).toEqual({
      path: 'D:\\SoHoa\\moi',
      communeScheme: 'qd19_2025',
      communeCode: '00004',
      communeName: 'Phường Ba Đình',
      username: 'hoa',
      displayName: 'Lê Thị Hoa',
      password: '***',
    });
  });

  it('reports a workspace that already exists', async () => {
    const { user, backend } = renderApp({ workspacePath: null });
    await screen.findByTestId('start-screen');
    await choosePath(user, backend, 'create-path', DEMO_WORKSPACE_PATH);
    await chooseCommune(user, 'ngoc ha', /Ngọc Hà/);
    await user.type(screen.getByTestId('create-displayname'), 'A');
    await user.type(screen.getByTestId('create-username'), 'abc');
    await user.type(screen.getByTestId('create-password'), 'mat-khau-dai');
    await user.type(screen.getByTestId('create-password2'), 'mat-khau-dai{Enter}');
    expect(await screen.findByTestId('create-error')).toHaveTextContent('Đã có sổ làm việc');
    expect(screen.getByTestId('create-form')).toBeInTheDocument();
  });
});
