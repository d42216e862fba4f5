// Keyboard shortcuts of the keying screen. None of them fires while the input method is
// composing (Telex/VNI: `isComposing`, or the legacy keyCode 229 some webviews still send).
import type { MessageKey } from '../../lib/i18n';

export type Action =
  | 'nextEntry'
  | 'prevEntry'
  | 'nextPage'
  | 'addPage'
  | 'prevPage'
  | 'copyPrevious'
  | 'illegible'
  | 'markKeyed'
  | 'markChecked'
  | 'undo'
  | 'zoomIn'
  | 'zoomOut'
  | 'zoomFit'
  | 'rotateRight'
  | 'rotateLeft'
  | 'enhance'
  | 'panLeft'
  | 'panRight'
  | 'panUp'
  | 'panDown'
  | 'rareFields'
  | 'warnings'
  | 'history'
  | 'checkSame'
  | 'checkNotSame'
  | 'checkWhy'
  | 'checkOpen'
  | 'goto'
  | 'pageBlank'
  | 'help';

/** The input method is composing a character: keys belong to it, not to us. */
export function composing(e: KeyboardEvent): boolean {
  return e.isComposing || e.keyCode === 229;
}

function letter(e: KeyboardEvent): string {
  // e.code survives keyboard layouts; fall back to the key for synthetic events.
  if (e.code.startsWith('Key')) return e.code.slice(3).toLowerCase();
  return e.key.length === 1 ? e.key.toLowerCase() : '';
}

/** The screen-wide action of a key press, or null (typing, moving between fields). */
export function actionOf(e: KeyboardEvent): Action | null {
  if (composing(e)) return null;
  const ctrl = e.ctrlKey || e.metaKey;
  const k = letter(e);
  if (ctrl && !e.altKey) {
    if (e.key === 'Enter') return 'nextEntry';
    if (e.key === 'PageDown' && e.shiftKey) return 'addPage';
    if (e.key === 'PageDown') return 'nextPage';
    if (e.key === 'PageUp') return 'prevPage';
    if (k === 'd') return 'copyPrevious';
    if (k === 'i') return 'illegible';
    if (k === 'k') return e.shiftKey ? 'markChecked' : 'markKeyed';
    if (k === 'r') return e.shiftKey ? 'rotateLeft' : 'rotateRight';
    if (k === 'e') return 'enhance';
    if (k === 'h') return 'history';
    if (k === 'g') return 'goto';
    if (k === 'b' && e.shiftKey) return 'pageBlank';
    if (e.key === '+' || e.key === '=' || e.code === 'NumpadAdd') return 'zoomIn';
    if (e.key === '-' || e.code === 'NumpadSubtract') return 'zoomOut';
    if (e.key === '0' || e.code === 'Numpad0') return 'zoomFit';
    return null;
  }
  if (e.altKey && !ctrl) {
    if (e.key === 'PageDown') return 'nextPage';
    if (e.key === 'PageUp') return 'prevPage';
    if (e.key === 'Backspace') return 'undo';
    if (e.key === 'ArrowLeft') return 'panLeft';
    if (e.key === 'ArrowRight') return 'panRight';
    if (e.key === 'ArrowUp') return 'panUp';
    if (e.key === 'ArrowDown') return 'panDown';
    if (k === 'm') return 'rareFields';
    // the population check beside the form (e.code: Digit1 on every layout)
    if (e.code === 'Digit1' || e.key === '1') return 'checkSame';
    if (e.code === 'Digit2' || e.key === '2') return 'checkNotSame';
    if (e.code === 'Digit3' || e.key === '3') return 'checkWhy';
    return null;
  }
  if (ctrl || e.altKey) return null;
  switch (e.key) {
    case 'PageDown':
      return 'nextEntry';
    case 'PageUp':
      return 'prevEntry';
    case 'F2':
      return 'copyPrevious';
    case 'F8':
      return 'warnings';
    case 'F9':
      return 'checkOpen';
    case 'F1':
      return 'help';
    default:
      return null;
  }
}

/** The shortcut list shown by F1 (Vietnamese key names are the same as on the keyboard). */
export const SHORTCUT_HELP: { keys: string; label: MessageKey }[] = [
  { keys: 'Tab / Enter', label: 'keying.help.nextField' },
  { keys: 'Shift+Tab / Shift+Enter', label: 'keying.help.prevField' },
  { keys: 'Ctrl+Enter', label: 'keying.help.nextEntry' },
  { keys: 'Ctrl+G', label: 'keying.help.goto' },
  { keys: 'PageDown / PageUp', label: 'keying.help.entries' },
  { keys: 'Ctrl+PageDown / Ctrl+PageUp', label: 'keying.help.pages' },
  { keys: 'Ctrl+Shift+PageDown', label: 'keying.help.addPage' },
  { keys: 'Ctrl+Shift+B', label: 'keying.help.pageBlank' },
  { keys: 'F2 / Ctrl+D', label: 'keying.help.copyPrevious' },
  { keys: 'Ctrl+I', label: 'keying.help.illegible' },
  { keys: 'Ctrl+K', label: 'keying.help.markKeyed' },
  { keys: 'Ctrl+Shift+K', label: 'keying.help.markChecked' },
  { keys: 'Alt+Backspace', label: 'keying.help.undo' },
  { keys: 'Ctrl+H', label: 'keying.help.history' },
  { keys: 'Alt+M', label: 'keying.help.rareFields' },
  { keys: 'F8', label: 'keying.help.warnings' },
  { keys: 'Alt+1 / Alt+2 / Alt+3', label: 'keying.help.check' },
  { keys: 'F9', label: 'keying.help.checkOpen' },
  { keys: 'Ctrl+ + / Ctrl+ − / Ctrl+0', label: 'keying.help.zoom' },
  { keys: 'Alt+← ↑ → ↓', label: 'keying.help.pan' },
  { keys: 'Ctrl+R / Ctrl+Shift+R', label: 'keying.help.rotate' },
  { keys: 'Ctrl+E', label: 'keying.help.enhance' },
];
