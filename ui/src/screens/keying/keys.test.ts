import { describe, expect, it } from 'vitest';
import { actionOf } from './keys';

const key = (key: string, init: KeyboardEventInit = {}) => new KeyboardEvent('keydown', { key, ...init });

describe('keying shortcuts', () => {
  it('map the documented keys to their actions', () => {
    expect(actionOf(key('Enter', { ctrlKey: true }))).toBe('nextEntry');
    expect(actionOf(key('PageDown'))).toBe('nextEntry');
    expect(actionOf(key('PageUp'))).toBe('prevEntry');
    expect(actionOf(key('PageDown', { ctrlKey: true }))).toBe('nextPage');
    expect(actionOf(key('F2'))).toBe('copyPrevious');
    expect(actionOf(key('d', { ctrlKey: true, code: 'KeyD' }))).toBe('copyPrevious');
    expect(actionOf(key('i', { ctrlKey: true, code: 'KeyI' }))).toBe('illegible');
    expect(actionOf(key('k', { ctrlKey: true, code: 'KeyK' }))).toBe('markKeyed');
    expect(actionOf(key('K', { ctrlKey: true, shiftKey: true, code: 'KeyK' }))).toBe('markChecked');
    expect(actionOf(key('Backspace', { altKey: true }))).toBe('undo');
    expect(actionOf(key('=', { ctrlKey: true }))).toBe('zoomIn');
    expect(actionOf(key('r', { ctrlKey: true, code: 'KeyR' }))).toBe('rotateRight');
  });

  it('add the next page to the entry with Ctrl+Shift+PageDown (Ctrl+PageDown still turns the page)', () => {
    expect(actionOf(key('PageDown', { ctrlKey: true, shiftKey: true }))).toBe('addPage');
    expect(actionOf(key('PageDown', { ctrlKey: true }))).toBe('nextPage');
  });

  it('open the go-to-entry box with Ctrl+G and mark the page blank with Ctrl+Shift+B', () => {
    expect(actionOf(key('g', { ctrlKey: true, code: 'KeyG' }))).toBe('goto');
    expect(actionOf(key('B', { ctrlKey: true, shiftKey: true, code: 'KeyB' }))).toBe('pageBlank');
    expect(actionOf(key('b', { ctrlKey: true, code: 'KeyB' })), 'Ctrl+B alone does nothing').toBeNull();
  });

  it('leave typing alone: letters, Enter, Tab, and Alt+letters of no shortcut', () => {
    expect(actionOf(key('a', { code: 'KeyA' }))).toBeNull();
    expect(actionOf(key('Enter'))).toBeNull();
    expect(actionOf(key('Tab'))).toBeNull();
    expect(actionOf(key('x', { altKey: true, code: 'KeyX' }))).toBeNull();
  });

  it('never act while the input method is composing (Telex/VNI)', () => {
    expect(actionOf(key('PageDown', { isComposing: true }))).toBeNull();
    expect(actionOf(key('Enter', { ctrlKey: true, isComposing: true }))).toBeNull();
    expect(actionOf(key('Process', { keyCode: 229 } as KeyboardEventInit))).toBeNull();
    expect(actionOf(key('F2', { keyCode: 229 } as KeyboardEventInit))).toBeNull();
  });

  it('follow the physical key, whatever letter the layout gives', () => {
    expect(actionOf(key('đ', { ctrlKey: true, code: 'KeyD' }))).toBe('copyPrevious');
  });
});
