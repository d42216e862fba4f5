// The clerk's viewer settings, kept on this computer (not in the workspace): the split between
// scan and form, and the image adjustments per book (set once for a faded book, kept).
import type { ImageAdjust } from '../../lib/api';

export const NO_ADJUST: ImageAdjust = { brightness: 0, contrast: 0, threshold: null, enhance: false, deskew: false };

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function loadAdjust(bookId: number): ImageAdjust {
  try {
    const raw = storage()?.getItem(`sohoa.viewer.adjust.${bookId}`);
    return raw ? { ...NO_ADJUST, ...(JSON.parse(raw) as Partial<ImageAdjust>) } : { ...NO_ADJUST };
  } catch {
    return { ...NO_ADJUST };
  }
}

export function saveAdjust(bookId: number, a: ImageAdjust): void {
  storage()?.setItem(`sohoa.viewer.adjust.${bookId}`, JSON.stringify(a));
}

/** Width of the scan, percent of the screen (25–75). */
export function loadSplit(): number {
  const v = Number(storage()?.getItem('sohoa.keying.split'));
  return v >= 25 && v <= 75 ? v : 52;
}

export function saveSplit(v: number): void {
  storage()?.setItem('sohoa.keying.split', String(Math.round(v)));
}
