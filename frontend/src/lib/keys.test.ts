import { describe, expect, it } from 'vitest';
import { isTyping, keyAction, keyHelp, leavesField } from './keys';

describe('keyAction', () => {
  const cases: [string, unknown][] = [
    ['ArrowRight', { type: 'next' }],
    ['ArrowDown', { type: 'next' }],
    ['PageDown', { type: 'next' }],
    [' ', { type: 'next' }],
    ['ArrowLeft', { type: 'prev' }],
    ['PageUp', { type: 'prev' }],
    ['ArrowUp', { type: 'prev' }],
    ['Backspace', { type: 'prev' }],
    ['o', { type: 'open' }],
    ['O', { type: 'open' }],
    ['c', { type: 'close' }],
    ['Enter', { type: 'follow' }],
    ['1', { type: 'pick', choice: 1 }],
    ['9', { type: 'pick', choice: 9 }],
    ['b', { type: 'blank' }],
    ['B', { type: 'blank' }],
    ['.', { type: 'blank' }],
    ['Escape', { type: 'exitFullscreen' }],
    ['F5', { type: 'fullscreen' }],
    ['?', { type: 'help' }],
    ['f', { type: 'fullscreen' }],
    ['v', { type: 'view' }],
    ['h', { type: 'contrast' }],
    ['r', { type: 'results' }],
    ['t', { type: 'tools' }],
    ['T', { type: 'tools' }],
    ['s', { type: 'present' }],
    ['S', { type: 'present' }],
    ['0', null],
    ['x', null],
    ['Tab', null],
  ];
  it.each(cases)('maps %j', (key, want) => {
    expect(keyAction({ key })).toEqual(want);
  });
  it('leaves shortcuts with modifiers to the browser', () => {
    expect(keyAction({ key: 'r', ctrlKey: true })).toBeNull();
    expect(keyAction({ key: 'f', metaKey: true })).toBeNull();
    expect(keyAction({ key: 'ArrowLeft', altKey: true })).toBeNull();
  });
  it('documents every action in the help overlay', () => {
    const text = keyHelp.map((k) => k.what.toLowerCase()).join(' | ');
    for (const word of ['next', 'back', 'open', 'close', 'winner', 'tie', 'blank', 'full screen', 'stage / console', 'contrast', 'results', 'rehearsal tools', 'keys', 'present']) {
      expect(text).toContain(word);
    }
  });
});

describe('text fields', () => {
  it('knows which targets take typed text', () => {
    expect(isTyping({ tagName: 'INPUT' })).toBe(true);
    expect(isTyping({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTyping({ tagName: 'INPUT', type: 'search' })).toBe(true);
    expect(isTyping({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTyping({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTyping({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTyping({ tagName: 'BUTTON' })).toBe(false);
    expect(isTyping({ tagName: 'BODY' })).toBe(false);
  });
  it('lets Escape and the clicker keys leave a field, and keeps the typing keys', () => {
    expect(leavesField('Escape')).toBe('blur');
    expect(leavesField('PageDown')).toBe('act');
    expect(leavesField('PageUp')).toBe('act');
    for (const k of ['o', 'b', ' ', 'Enter', 'ArrowRight', 'Backspace', '1', '.']) expect(leavesField(k)).toBeNull();
  });
});
