import type { State } from '../backend/types';

/** NextHint is what the next press of Next (PageDown on a clicker) will do, for the console. */
export interface NextHint {
  text: string;
  /** confirm: the press before armed a close; the next one closes the poll. */
  confirm: boolean;
}

/**
 * nextHint says what Next does from st, mirroring the engine's Next
 * (app/show/clicker.go): un-blank, open the poll, close it (on a second press
 * unless the scene says confirm-close: false), follow the winner, show the
 * end screen. closeAtOnce is the scene's confirm-close: false.
 */
export function nextHint(st: State | null, closeAtOnce = false): NextHint {
  const hint = (text: string, confirm = false) => ({ text, confirm });
  if (!st) return hint('');
  if (st.blank) return hint('Next shows the stage again (it does not move on)');
  if (st.ended) return hint('The end screen is up · Previous goes back to the last slide');
  const p = st.poll;
  if (st.atFork && p) {
    switch (p.state) {
      case 'ready':
        return hint('Next opens the poll');
      case 'open':
        if (st.confirmClose) return hint('Press Next again to close the poll', true);
        return hint(closeAtOnce ? 'Next closes the poll' : 'Next, pressed twice, closes the poll');
      case 'closed':
        return hint(p.tie?.length ? 'Tied: pick the winner with 1–9' : 'Counting late texts: the winner comes in a moment');
    }
  }
  if (st.atEnd || st.next?.end) return hint('Next shows the end screen');
  if (st.atFork && p?.kind === 'fork' && p.winner) return hint(`Next follows the winner, choice ${p.winner}`);
  return hint('Next goes to the next slide');
}
