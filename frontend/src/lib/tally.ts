import type { ChoiceTally, State, Tally } from '../backend/types';

/**
 * acceptState decides whether an incoming state replaces the current one:
 * newer or equal versions win; force (a fresh connection, a GET) always wins,
 * because a restarted server may count versions from a new origin.
 */
export function acceptState(cur: State | null, next: State, force = false): boolean {
  if (!cur || force) return true;
  if (cur.session.id !== next.session.id) return true;
  return next.version >= cur.version;
}

/**
 * mergeTally folds a coalesced tally into the state's poll. It returns the same
 * object when the tally is for another poll or older than lastSeq, so callers
 * can skip work with an identity check.
 */
export function mergeTally(state: State | null, t: Tally, lastSeq: number): State | null {
  if (!state || !state.poll || state.poll.id !== t.poll || t.seq < lastSeq) return state;
  const byNumber = new Map<number, ChoiceTally>();
  for (const c of t.choices ?? []) byNumber.set(c.number, c);
  const choices = (state.poll.choices ?? []).map((c) => {
    const u = byNumber.get(c.number);
    return u ? { ...c, count: u.count, percent: u.percent } : c;
  });
  return {
    ...state,
    poll: {
      ...state.poll,
      choices,
      total: t.total,
      invalid: t.invalid,
      rating: t.rating ?? state.poll.rating,
    },
  };
}

/** percentOf returns c's share of total in percent, 0 when there is no vote. */
export function percentOf(count: number, total: number): number {
  return total > 0 ? (100 * count) / total : 0;
}

/** leaders returns the choice numbers with the highest count (empty when nobody voted). */
export function leaders(choices: ChoiceTally[]): number[] {
  let max = 0;
  for (const c of choices) max = Math.max(max, c.count);
  if (max === 0) return [];
  return choices.filter((c) => c.count === max).map((c) => c.number);
}

/** barScale returns a bar's length from 0 to 1 relative to the largest count (so the leader fills the track). */
export function barScale(count: number, choices: ChoiceTally[]): number {
  let max = 0;
  for (const c of choices) max = Math.max(max, c.count);
  return max > 0 ? count / max : 0;
}

/** formatPercent shows a share with no decimals, except under 1 % (0.4 %). */
export function formatPercent(p: number): string {
  if (p > 0 && p < 1) return p.toFixed(1) + '%';
  return Math.round(p) + '%';
}
