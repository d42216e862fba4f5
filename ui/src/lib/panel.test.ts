import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './api/backend';
import type { BatchProgress } from './api/types-batch';
import { Panel } from './panel.svelte';

/** A promise the test settles when it wants to. */
function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const sessionEnded = () => new ApiError('auth.not_signed_in', 'Bạn chưa đăng nhập.');
const badPath = () => new ApiError('input.invalid', 'Dữ liệu không hợp lệ ở “đường dẫn”: hãy nhập đường dẫn tệp');

describe('a panel’s work', () => {
  it('starts idle, with no progress and no error', () => {
    const panel = new Panel(vi.fn());
    expect(panel.busy).toBe(false);
    expect(panel.doing).toBeNull();
    expect(panel.progress).toBeNull();
    expect(panel.error).toBeNull();
  });

  it('is busy while an action runs and idle again once it is done', async () => {
    const panel = new Panel(vi.fn());
    const gate = deferred();
    const running = panel.run(() => gate.promise);
    expect(panel.busy).toBe(true);
    gate.resolve();
    await expect(running).resolves.toBe(true);
    expect(panel.busy).toBe(false);
  });

  it('keeps the latest progress the backend reports while the action runs', async () => {
    const panel = new Panel(vi.fn());
    const gate = deferred();
    const seen: (BatchProgress | null)[] = [];
    const running = panel.run(async (onProgress) => {
      onProgress({ stage: 'pages', done: 1, total: 4 });
      seen.push(panel.progress);
      onProgress({ stage: 'pages', done: 3, total: 4 });
      seen.push(panel.progress);
      await gate.promise;
    });
    expect(seen).toEqual([
      { stage: 'pages', done: 1, total: 4 },
      { stage: 'pages', done: 3, total: 4 },
    ]);
    gate.resolve();
    await running;
  });

  it('shows a failure as the message the user reads, and is idle again', async () => {
    const panel = new Panel(vi.fn());
    await expect(panel.run(() => Promise.reject(badPath()))).resolves.toBe(false);
    expect(panel.error).toBe('Dữ liệu không hợp lệ ở “đường dẫn”: hãy nhập đường dẫn tệp');
    expect(panel.busy).toBe(false);
  });

  it('shows a cancel the user asked for as a neutral notice, and a later failure in red again', async () => {
    const panel = new Panel(vi.fn());
    const cancelled = new ApiError('job.cancelled', 'Đã hủy theo yêu cầu; không có gì được ghi lại.');
    await panel.run(() => Promise.reject(cancelled));
    expect(panel.error).toBe('Đã hủy theo yêu cầu; không có gì được ghi lại.');
    expect([panel.cancelled, panel.errorClass, panel.errorRole]).toEqual([true, 'alert alert-info', 'status']);
    await panel.run(() => Promise.reject(badPath()));
    expect([panel.cancelled, panel.errorClass, panel.errorRole]).toEqual([false, 'alert alert-error', 'alert']);
  });

  it('says an unexpected failure in Vietnamese, not as the program’s own words', async () => {
    const panel = new Panel(vi.fn());
    await panel.run(() => Promise.reject(new TypeError('x is undefined')));
    expect(panel.error).toBe('Đã xảy ra lỗi hệ thống; dữ liệu đã lưu không bị ảnh hưởng. Hãy thử lại.');
  });

  it('clears the last error and progress when the user tries again', async () => {
    const panel = new Panel(vi.fn());
    await panel.run(async (onProgress) => {
      onProgress({ stage: 'entries', done: 5, total: 10 });
      throw badPath();
    });
    expect(panel.error).not.toBeNull();
    const gate = deferred();
    const again = panel.run(() => gate.promise);
    expect(panel.error).toBeNull();
    expect(panel.progress).toBeNull();
    gate.resolve();
    await again;
  });

  it('signs out instead of showing an error when the session has ended', async () => {
    const onSessionLost = vi.fn();
    const panel = new Panel(onSessionLost);
    await panel.run(() => Promise.reject(sessionEnded()));
    expect(onSessionLost).toHaveBeenCalledOnce();
    expect(panel.error).toBeNull();
    expect(panel.busy).toBe(false);
  });

  it('names which of its actions runs when it has several', async () => {
    const panel = new Panel<'verify' | 'import'>(vi.fn());
    const gate = deferred();
    const running = panel.run(() => gate.promise, 'verify');
    expect(panel.doing).toBe('verify');
    gate.resolve();
    await running;
    expect(panel.doing).toBeNull();
  });

  it('reports the failure of a quick call without becoming busy or forgetting the last error', async () => {
    const onSessionLost = vi.fn();
    const panel = new Panel(onSessionLost);
    panel.error = 'lỗi trước';
    const gate = deferred();
    const loading = panel.guard(() => gate.promise);
    expect(panel.busy).toBe(false);
    expect(panel.error).toBe('lỗi trước');
    gate.reject(badPath());
    await expect(loading).resolves.toBe(false);
    expect(panel.error).toBe('Dữ liệu không hợp lệ ở “đường dẫn”: hãy nhập đường dẫn tệp');
    await expect(panel.guard(() => Promise.reject(sessionEnded()))).resolves.toBe(false);
    expect(onSessionLost).toHaveBeenCalledOnce();
    await expect(panel.guard(() => Promise.resolve(42))).resolves.toBe(true);
  });
});
