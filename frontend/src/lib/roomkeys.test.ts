import { describe, expect, it } from 'vitest';
import { keyAction, keyHelp } from './keys';

describe('room keys', () => {
  const cases: [string, unknown][] = [
    ['m', { type: 'mute' }],
    ['M', { type: 'mute' }],
    ['+', { type: 'volume', step: 0.1 }],
    ['=', { type: 'volume', step: 0.1 }],
    ['-', { type: 'volume', step: -0.1 }],
    ['l', { type: 'largeText' }],
    ['p', { type: 'pattern' }],
    ['[', { type: 'safeArea', step: -1 }],
    [']', { type: 'safeArea', step: 1 }],
  ];
  it.each(cases)('maps %j', (key, want) => {
    expect(keyAction({ key })).toEqual(want);
  });
  it('documents them in the help overlay', () => {
    const text = keyHelp.map((k) => k.what.toLowerCase()).join(' | ');
    for (const word of ['large text', 'mute', 'volume', 'test pattern', 'safe area']) expect(text).toContain(word);
  });
});
