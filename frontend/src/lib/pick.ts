import type { State } from '../backend/types';

/** REHEARSAL_REASON is recorded with a branch forced in a rehearsal. */
export const REHEARSAL_REASON = 'forced in rehearsal';

/**
 * PickPlan is what a digit key or a pick button does: nothing, ask the
 * speaker why (a live override), or pick at once with a reason ("" breaks a tie).
 */
export type PickPlan = { kind: 'none' } | { kind: 'ask' } | { kind: 'direct'; reason: string };

/**
 * planPick decides how to pick choice at the current fork. In a rehearsal a
 * pick forces the branch in one click (even before the poll opens); live, an
 * override asks for the reason that is recorded with the result.
 */
export function planPick(st: State | null, choice: number): PickPlan {
  const p = st?.atFork ? st.poll : null;
  if (!st || !p || p.kind !== 'fork' || !(p.choices ?? []).some((c) => c.number === choice)) return { kind: 'none' };
  const tieBreak = p.state === 'closed' && (p.tie ?? []).includes(choice);
  if (st.session.mode === 'rehearsal') {
    if (p.state === 'decided' && p.winner === choice) return { kind: 'none' };
    return { kind: 'direct', reason: tieBreak ? '' : REHEARSAL_REASON };
  }
  if (p.state === 'ready') return { kind: 'none' };
  return { kind: 'ask' };
}
