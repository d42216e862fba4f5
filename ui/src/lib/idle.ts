/**
 * Lock after idle time (issue 13 §4): after `minutes` without keyboard, pointer or wheel input,
 * every registered flusher runs (the keying screen's unsaved field is saved), then `onIdle` signs
 * the user out to the sign-in screen.
 */
export const IDLE_MINUTES = 15;

const flushers = new Set<() => Promise<void>>();

/** A screen with unsaved input registers how to save it; the returned function unregisters. */
export function registerFlusher(flush: () => Promise<void>): () => void {
  flushers.add(flush);
  return () => flushers.delete(flush);
}

/** Saves whatever the screens hold (errors are the screens' own to show). */
export async function flushAll(): Promise<void> {
  await Promise.allSettled([...flushers].map((f) => f()));
}

const INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/** Watches input on `target`; returns a function that stops watching. */
export function watchIdle(onIdle: () => void | Promise<void>, minutes = IDLE_MINUTES, target: EventTarget = window): () => void {
  const limit = minutes * 60_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const fire = async () => {
    if (stopped) return;
    stopped = true;
    stop();
    await flushAll();
    await onIdle();
  };
  const reset = () => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(() => void fire(), limit);
  };
  const stop = () => {
    clearTimeout(timer);
    for (const e of INPUT_EVENTS) target.removeEventListener(e, reset);
  };
  for (const e of INPUT_EVENTS) target.addEventListener(e, reset, { passive: true });
  reset();
  return () => {
    stopped = true;
    stop();
  };
}
