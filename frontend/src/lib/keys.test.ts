import { describe, expect, it } from 'vitest';
import { keyAction, keyHelp } from './keys';

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
    for (const word of ['next', 'back', 'open', 'close', 'winner', 'tie', 'blank', 'full screen', 'stage / console', 'contrast', 'results', 'rehearsal tools', 'keys']) {
      expect(text).toContain(word);
    }
  });
});
