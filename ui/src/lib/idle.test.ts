import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerFlusher, watchIdle } from './idle';

describe('idle lock', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves unsaved input first, then signs out after the idle time without input', async () => {
    const order: string[] = [];
    const unregister = registerFlusher(async () => {
      order.push('saved');
    });
    const stop = watchIdle(() => {
      order.push('signed out');
    }, 15);
    await vi.advanceTimersByTimeAsync(14 * 60_000);
    expect(order).toEqual([]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(order).toEqual(['saved', 'signed out']);
    stop();
    unregister();
  });

  it('any key or pointer input restarts the wait', async () => {
    const onIdle = vi.fn();
    const stop = watchIdle(onIdle, 15);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(onIdle).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    stop();
  });

  it('stops watching when the user signs out by hand', async () => {
    const onIdle = vi.fn();
    const stop = watchIdle(onIdle, 15);
    stop();
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(onIdle).not.toHaveBeenCalled();
  });
});
