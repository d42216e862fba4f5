import { describe, expect, it } from 'vitest';
import { barFraction, bits, decimal1 } from './format';

describe('Scores and weights as the generated types give them (f64: number | null)', () => {
  it('writes a weight in bits with its sign, in the clerk’s locale', () => {
    expect(bits(11.84)).toBe('+11,8');
    expect(bits(-3.6, 'en')).toBe('−3.6');
    expect(bits(0.01)).toBe('0,0');
  });

  it('shows a dash for a weight or score that is not a finite number (null on the wire)', () => {
    expect(bits(null)).toBe('—');
    expect(decimal1(null)).toBe('—');
    expect(barFraction(null)).toBe(0);
  });

  it('writes a score with one decimal', () => {
    expect(decimal1(31.44)).toBe('31,4');
    expect(decimal1(31.44, 'en')).toBe('31.4');
  });
});
