import { describe, expect, it } from 'vitest';
import type { PollState, State } from '../backend/types';
import { nextHint } from './clicker';

function state(over: Partial<State>, poll?: Partial<PollState>): State {
  return {
    session: { id: 1, mode: 'live', startedAt: '', resumed: false },
    story: { title: 't', hash: 'h', number: '', slot: 0 },
    scene: 'fork',
    slide: 1,
    slides: 2,
    atFork: true,
    atEnd: false,
    next: null,
    poll: poll ? ({ id: 1, kind: 'fork', state: 'ready', choices: [], total: 0, ...poll } as PollState) : null,
    blank: false,
    ended: false,
    confirmClose: false,
    path: [],
    sources: [],
    now: '',
    startedAt: '',
    clock: 0,
    clockState: 'idle',
    version: 1,
    ...over,
  } as State;
}

describe('nextHint', () => {
  const cases: [string, State, boolean, string, boolean][] = [
    ['blanked', state({ blank: true }, { state: 'open' }), false, 'Next shows the stage again (it does not move on)', false],
    ['ready', state({}, { state: 'ready' }), false, 'Next opens the poll', false],
    ['open', state({}, { state: 'open' }), false, 'Next, pressed twice, closes the poll', false],
    ['open, close at once', state({}, { state: 'open' }), true, 'Next closes the poll', false],
    ['armed', state({ confirmClose: true }, { state: 'open' }), false, 'Press Next again to close the poll', true],
    ['tie', state({}, { state: 'closed', tie: [1, 2] }), false, 'Tied: pick the winner with 1–9', false],
    ['grace', state({}, { state: 'closed' }), false, 'Counting late texts: the winner comes in a moment', false],
    ['decided', state({ next: { scene: 'b', slide: 0, end: false } }, { state: 'decided', winner: 2 }), false, 'Next follows the winner, choice 2', false],
    ['rating decided', state({ atEnd: true, next: { scene: '', slide: 0, end: true } }, { kind: 'rating', state: 'decided' }), false, 'Next shows the end screen', false],
    ['ended', state({ ended: true, atEnd: true }, { kind: 'rating', state: 'decided' }), false, 'The end screen is up · Previous goes back to the last slide', false],
    ['a slide', state({ atFork: false, slide: 0 }), false, 'Next goes to the next slide', false],
  ];
  for (const [name, st, atOnce, text, confirm] of cases) {
    it(name, () => {
      expect(nextHint(st, atOnce)).toEqual({ text, confirm });
    });
  }
});
