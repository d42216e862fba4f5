import { screen, waitFor, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../lib/api/fake';
import { renderApp, signIn } from '../../test/helpers';

describe('Login screen', () => {
  it('opens on the workspace the app was started on and names its commune', async () => {
    renderApp();
    const form = await screen.findByTestId('login-form');
    expect(within(form).getByTestId('login-commune')).toHaveTextContent('Xã Tân Phong');
    expect(screen.getByLabelText('Tên đăng nhập')).toBe(screen.getByTestId('login-username'));
    expect(screen.getByLabelText('Mật khẩu')).toBe(screen.getByTestId('login-password'));
    expect(screen.getByTestId('login-username')).toHaveFocus();
  });

  it('with a wrong password shows the message inline, keeps the form, clears and focuses the password', async () => {
    const { user } = renderApp();
    await signIn(user, 'canbo', 'mat-khau-sai');

    const error = await screen.findByTestId('login-error');
    expect(error).toHaveTextContent('Sai mật khẩu. Vui lòng thử lại.');
    expect(error).toHaveAttribute('role', 'alert');
    expect(screen.getByTestId('login-form')).toBeInTheDocument();
    expect(screen.queryByTestId('home')).not.toBeInTheDocument();
    expect(screen.getByTestId('login-username')).toHaveValue('canbo');
    const password = screen.getByTestId('login-password');
    expect(password).toHaveValue('');
    await waitFor(() => expect(password).toHaveFocus());
    expect(password).toHaveAttribute('aria-invalid', 'true');
  });

  it('can try again after a wrong password and then signs in', async () => {
    const { user } = renderApp();
    await signIn(user, 'canbo', 'sai');
    await screen.findByTestId('login-error');
    await user.type(screen.getByTestId('login-password'), `${DEMO_PASSWORD}{Enter}`);
    expect(await screen.findByTestId('home')).toBeInTheDocument();
  });

  it('with an unknown user says so and puts the focus back on the username', async () => {
    const { user } = renderApp();
    await signIn(user, 'khongco', DEMO_PASSWORD);
    expect(await screen.findByTestId('login-error')).toHaveTextContent('Không có tài khoản này');
    await waitFor(() => expect(screen.getByTestId('login-username')).toHaveFocus());
  });

  it('asks for the username before calling the core', async () => {
    const { user, backend } = renderApp();
    await screen.findByTestId('login-form');
    await user.click(screen.getByTestId('login-submit'));
    expect(screen.getByTestId('login-error')).toHaveTextContent('Vui lòng nhập tên đăng nhập.');
    expect(backend.calls.some((c) => c.command === 'login')).toBe(false);
  });

  it('shows a busy state while the password is verified', async () => {
    const { user } = renderApp({ passwordLatencyMs: 200 });
    await signIn(user, 'canbo', DEMO_PASSWORD);
    const submit = screen.getByTestId('login-submit');
    expect(submit).toBeDisabled();
    expect(submit).toHaveTextContent('Đang kiểm tra…');
    expect(await screen.findByTestId('home')).toBeInTheDocument();
  });

  it('offers to open another workspace', async () => {
    const { user } = renderApp();
    await screen.findByTestId('login-form');
    await user.click(screen.getByRole('button', { name: 'Mở sổ làm việc khác' }));
    expect(await screen.findByTestId('start-screen')).toBeInTheDocument();
    expect(screen.getByTestId('open-path')).toHaveValue('C:\\SoHoa\\xa-tan-phong');
  });
});
