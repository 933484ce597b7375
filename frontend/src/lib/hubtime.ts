import type { ForkFinish } from '../backend/types';
import { formatDuration } from './timing';

// The console's time box at a fork (#14, time-aware forks): the time left in
// the slot, each choice's least time to an ending against it, at a hub how
// many more topics fit, and the exit proposed when time runs short.

/** FinishRow is one choice of the fork as the time box lists it. */
export interface FinishRow {
  choice: number;
  label: string;
  /** toEnd is the least time to an ending through the choice ("no way to the end" when none). */
  toEnd: string;
  /** fits is null without a slot. */
  fits: boolean | null;
  greyed: boolean;
}

/** FinishView is what the time box shows. */
export interface FinishView {
  /** summary is one line: "12:40 left · shortest way to the end 6:10 · 1 more topic fits". */
  summary: string;
  rows: FinishRow[];
  /** exit is the fork's exit with its time to the end ("outro · 0:40 to the end"); null without one. */
  exit: string | null;
  /** propose is set when the exit should be taken: less time is left than any choice needs. */
  propose: boolean;
}

/** ChoiceLike is the part of a fork's choice the box reads. */
export interface ChoiceLike {
  number: number;
  label: string;
  greyed?: boolean;
}

/**
 * finishView describes fork f for the time box, sinceFetchMs after the server
 * measured it (so the time left counts down between fetches). Choices greyed
 * out by the hub rule are listed as presented and count for nothing.
 */
export function finishView(f: ForkFinish, choices: ChoiceLike[], sinceFetchMs: number): FinishView {
  const slot = f.leftMs >= 0;
  const left = slot ? f.leftMs - Math.max(0, sinceFetchMs) : 0;
  const label = new Map(choices.map((c) => [c.number, c]));
  const rows: FinishRow[] = (f.choices ?? []).map((c) => {
    const ch = label.get(c.choice);
    const greyed = !!ch?.greyed;
    return {
      choice: c.choice,
      label: ch?.label ?? c.target,
      toEnd: c.ms < 0 ? 'no way to the end' : `${formatDuration(c.ms)} to the end`,
      fits: slot && !greyed ? c.ms >= 0 && c.ms <= left : null,
      greyed,
    };
  });
  const open = (f.choices ?? []).filter((c) => c.ms >= 0 && !label.get(c.choice)?.greyed);
  const need = open.length ? Math.min(...open.map((c) => c.ms)) : -1;
  const parts: string[] = [];
  parts.push(slot ? (left >= 0 ? `${formatDuration(left)} left` : `${formatDuration(-left)} over the slot`) : 'no slot set');
  if (need >= 0) parts.push(`shortest way to the end ${formatDuration(need)}`);
  if (slot && f.spokesFit >= 0) parts.push(f.spokesFit === 1 ? '1 more topic fits' : `${f.spokesFit} more topics fit`);
  let exit: string | null = null;
  if (f.exit) exit = f.exitMs >= 0 ? `${f.exit === 'END' ? 'the end' : f.exit} · ${formatDuration(f.exitMs)} to the end` : `${f.exit} · no way to the end`;
  const propose = !!f.exit && slot && (need < 0 || left < need);
  return { summary: parts.join(' · '), rows, exit, propose };
}
