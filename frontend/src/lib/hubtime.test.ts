import { describe, expect, it } from 'vitest';
import type { ForkFinish } from '../backend/types';
import { finishView } from './hubtime';

const fork = (over: Partial<ForkFinish> = {}): ForkFinish => ({
  scene: 'menu',
  leftMs: 760_000, // 12:40
  choices: [
    { choice: 1, target: 'short', ms: 370_000, fits: true },
    { choice: 2, target: 'long', ms: 900_000, fits: false },
    { choice: 3, target: 'nowhere', ms: -1, fits: false },
  ],
  exit: 'outro',
  exitMs: 40_000,
  proposeExit: false,
  spokesFit: 1,
  ...over,
});
const choices = [
  { number: 1, label: 'Short' },
  { number: 2, label: 'Long' },
  { number: 3, label: 'Loop' },
];

describe('finishView', () => {
  it('shows the time left, each choice against it and the topics that fit', () => {
    const v = finishView(fork(), choices, 0);
    expect(v.summary).toBe('12:40 left · shortest way to the end 6:10 · 1 more topic fits');
    expect(v.rows.map((r) => [r.label, r.toEnd, r.fits])).toEqual([
      ['Short', '6:10 to the end', true],
      ['Long', '15:00 to the end', false],
      ['Loop', 'no way to the end', false],
    ]);
    expect(v.exit).toBe('outro · 0:40 to the end');
    expect(v.propose).toBe(false);
  });

  it('counts down between fetches and proposes the exit once no choice fits', () => {
    const v = finishView(fork(), choices, 760_000 - 369_000); // 6:09 left
    expect(v.summary.startsWith('6:09 left')).toBe(true);
    expect(v.rows[0].fits).toBe(false);
    expect(v.propose).toBe(true);
  });

  it('leaves greyed (presented) choices out of the count', () => {
    const v = finishView(fork(), [{ number: 1, label: 'Short', greyed: true }, ...choices.slice(1)], 0);
    expect(v.rows[0]).toMatchObject({ greyed: true, fits: null });
    expect(v.summary).toContain('shortest way to the end 15:00');
    expect(v.propose).toBe(true); // 12:40 left, 15:00 needed by the one choice left
  });

  it('measures nothing without a slot, and says when the slot is over', () => {
    const v = finishView(fork({ leftMs: -1, spokesFit: -1 }), choices, 0);
    expect(v.summary).toBe('no slot set · shortest way to the end 6:10');
    expect(v.rows.every((r) => r.fits === null)).toBe(true);
    expect(v.propose).toBe(false);
    expect(finishView(fork({ leftMs: 5_000 }), choices, 65_000).summary.startsWith('1:00 over the slot')).toBe(true);
  });

  it('names an exit to END as the end', () => {
    expect(finishView(fork({ exit: 'END', exitMs: 0 }), choices, 0).exit).toBe('the end · 0:00 to the end');
    expect(finishView(fork({ exit: undefined, exitMs: -1 }), choices, 0).exit).toBeNull();
  });
});
