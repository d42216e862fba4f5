import { describe, expect, it } from 'vitest';
import { isBatchState } from './format';

describe('Batch states on the wire (the core sends its text)', () => {
  it('names the four states the screens know', () => {
    for (const s of ['packing', 'sent', 'answered', 'cancelled']) expect(isBatchState(s)).toBe(true);
  });

  it('leaves any other state to be shown as written', () => {
    expect(isBatchState('archived')).toBe(false);
    expect(isBatchState('')).toBe(false);
  });
});
