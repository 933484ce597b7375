import { describe, expect, it } from 'vitest';
import type { PollPhase, State } from '../backend/types';
import { REHEARSAL_REASON, planPick } from './pick';

function st(mode: string, state: PollPhase, over: Partial<NonNullable<State['poll']>> = {}, atFork = true): State {
  return {
    session: { id: 1, mode, startedAt: '', resumed: false },
    story: { title: '', hash: '', number: '', slot: 0 },
    scene: 'f', slide: 0, slides: 1, atFork, atEnd: false, next: null, blank: false, ended: false, confirmClose: false, path: [], sources: [], now: '', startedAt: '', clock: 0, clockState: 'idle', version: 1,
    poll: {
      id: 1, scene: 'f', kind: 'fork', state, number: '', total: 0, invalid: 0, timer: 0, policy: '', ties: '', hideResults: false,
      choices: [{ number: 1, label: 'A', target: 'a', count: 0, percent: 0 }, { number: 2, label: 'B', target: 'b', count: 0, percent: 0 }],
      ...over,
    },
  };
}

describe('planPick', () => {
  const cases: [string, State | null, number, ReturnType<typeof planPick>][] = [
    ['live, poll open: ask why', st('live', 'open'), 2, { kind: 'ask' }],
    ['live, decided: ask why', st('live', 'decided', { winner: 1 }), 2, { kind: 'ask' }],
    ['live, tie: ask (the dialog needs no reason)', st('live', 'closed', { tie: [1, 2] }), 1, { kind: 'ask' }],
    ['live, not open yet: nothing', st('live', 'ready'), 1, { kind: 'none' }],
    ['rehearsal, not open yet: force', st('rehearsal', 'ready'), 2, { kind: 'direct', reason: REHEARSAL_REASON }],
    ['rehearsal, open: force', st('rehearsal', 'open'), 1, { kind: 'direct', reason: REHEARSAL_REASON }],
    ['rehearsal, tie: break it', st('rehearsal', 'closed', { tie: [1, 2] }), 2, { kind: 'direct', reason: '' }],
    ['rehearsal, already the winner: nothing', st('rehearsal', 'decided', { winner: 2 }), 2, { kind: 'none' }],
    ['rehearsal, other than the winner: force', st('rehearsal', 'decided', { winner: 2 }), 1, { kind: 'direct', reason: REHEARSAL_REASON }],
    ['no such choice', st('rehearsal', 'open'), 3, { kind: 'none' }],
    ['not at a fork', st('rehearsal', 'open', {}, false), 1, { kind: 'none' }],
    ['a rating poll', st('rehearsal', 'open', { kind: 'rating' }), 1, { kind: 'none' }],
    ['no state', null, 1, { kind: 'none' }],
  ];
  it.each(cases)('%s', (_name, s, n, want) => {
    expect(planPick(s, n)).toEqual(want);
  });
});
