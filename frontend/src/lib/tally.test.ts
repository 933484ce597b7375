import { describe, expect, it } from 'vitest';
import type { State, Tally } from '../backend/types';
import { acceptState, barScale, formatPercent, leaders, mergeTally, percentOf } from './tally';

function state(over: Partial<State> = {}): State {
  return {
    session: { id: 1, mode: 'rehearsal', startedAt: '', resumed: false },
    story: { title: 'Demo', hash: 'h', number: '+1 503 555 0142', slot: 0 },
    scene: 'fork',
    slide: 0,
    slides: 1,
    atFork: true,
    atEnd: false,
    next: null,
    poll: {
      id: 7,
      scene: 'fork',
      kind: 'fork',
      state: 'open',
      number: '+1 503 555 0142',
      choices: [
        { number: 1, label: 'Breach', target: 'a', count: 1, percent: 50 },
        { number: 2, label: 'Surge', target: 'b', count: 1, percent: 50 },
      ],
      total: 2,
      invalid: 0,
      timer: 0,
      policy: 'last-wins',
      ties: 'presenter',
      hideResults: false,
    },
    blank: false,
    ended: false,
    confirmClose: false,
    path: [],
    sources: [],
    now: '',
    startedAt: '',
    clock: 0,
    clockState: 'idle',
    version: 10,
    ...over,
  };
}

function tally(over: Partial<Tally> = {}): Tally {
  return {
    poll: 7,
    choices: [
      { number: 1, label: 'Breach', target: 'a', count: 30, percent: 75 },
      { number: 2, label: 'Surge', target: 'b', count: 10, percent: 25 },
    ],
    total: 40,
    invalid: 3,
    seq: 500,
    at: '2026-01-01T00:00:00Z',
    ...over,
  };
}

describe('mergeTally', () => {
  it('updates counts, percents, total and invalid of the open poll', () => {
    const got = mergeTally(state(), tally(), 0)!;
    expect(got.poll!.choices!.map((c) => [c.count, c.percent])).toEqual([
      [30, 75],
      [10, 25],
    ]);
    expect(got.poll!.total).toBe(40);
    expect(got.poll!.invalid).toBe(3);
    expect(got.poll!.choices![0].label).toBe('Breach');
  });

  it('leaves the input untouched (new objects)', () => {
    const st = state();
    mergeTally(st, tally(), 0);
    expect(st.poll!.total).toBe(2);
    expect(st.poll!.choices![0].count).toBe(1);
  });

  it('ignores a tally for another poll', () => {
    const st = state();
    expect(mergeTally(st, tally({ poll: 8 }), 0)).toBe(st);
  });

  it('ignores a tally older than the last applied', () => {
    const st = state();
    expect(mergeTally(st, tally({ seq: 99 }), 100)).toBe(st);
    expect(mergeTally(st, tally({ seq: 100 }), 100)).not.toBe(st);
  });

  it('ignores a tally when there is no poll or no state', () => {
    const st = state({ poll: null });
    expect(mergeTally(st, tally(), 0)).toBe(st);
    expect(mergeTally(null, tally(), 0)).toBeNull();
  });

  it('keeps choices the tally does not mention', () => {
    const got = mergeTally(state(), tally({ choices: [{ number: 2, label: 'Surge', target: 'b', count: 5, percent: 100 }] }), 0)!;
    expect(got.poll!.choices!.map((c) => c.count)).toEqual([1, 5]);
  });

  it('takes the rating stats of a rating poll', () => {
    const rating = { histogram: [0, 1, 2], count: 3, mean: 2.3, median: 3, nps: 0 };
    const got = mergeTally(state(), tally({ rating }), 0)!;
    expect(got.poll!.rating).toEqual(rating);
  });
});

describe('acceptState', () => {
  it('takes newer and equal versions, refuses older ones', () => {
    const cur = state({ version: 10 });
    expect(acceptState(cur, state({ version: 11 }))).toBe(true);
    expect(acceptState(cur, state({ version: 10 }))).toBe(true);
    expect(acceptState(cur, state({ version: 9 }))).toBe(false);
  });
  it('takes anything when forced, when empty, or for another session', () => {
    const cur = state({ version: 10 });
    expect(acceptState(cur, state({ version: 1 }), true)).toBe(true);
    expect(acceptState(null, state({ version: 1 }))).toBe(true);
    expect(acceptState(cur, state({ version: 1, session: { id: 2, mode: 'live', startedAt: '', resumed: false } }))).toBe(true);
  });
});

describe('bars', () => {
  it('scales bars to the leader', () => {
    const cs = tally().choices!;
    expect(barScale(30, cs)).toBe(1);
    expect(barScale(10, cs)).toBeCloseTo(1 / 3);
    expect(barScale(0, [{ number: 1, label: '', target: '', count: 0, percent: 0 }])).toBe(0);
  });
  it('finds the leaders, several on a tie, none without votes', () => {
    expect(leaders(tally().choices!)).toEqual([1]);
    expect(leaders(state().poll!.choices!)).toEqual([1, 2]);
    expect(leaders([{ number: 1, label: '', target: '', count: 0, percent: 0 }])).toEqual([]);
  });
  it('formats percentages', () => {
    expect(formatPercent(62.4)).toBe('62%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.4)).toBe('0.4%');
    expect(percentOf(1, 3)).toBeCloseTo(33.333);
    expect(percentOf(1, 0)).toBe(0);
  });
});
