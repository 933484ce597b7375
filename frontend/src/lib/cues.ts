import type { Audio, PollState } from '../backend/types';
import chime from '../assets/sounds/chime.wav';
import fanfare from '../assets/sounds/fanfare.wav';
import tick from '../assets/sounds/tick.wav';

/** Cue is a moment of a poll that may have a sound. */
export type Cue = 'open' | 'tenSeconds' | 'winner';

/** bundledSounds maps the names a story uses (story.BundledSounds) to the files the app ships. */
export const bundledSounds: Record<string, string> = { chime, tick, fanfare };

/** cueURL returns the URL of a cue's sound in a, or null for silence. */
export function cueURL(a: Audio | null | undefined, cue: Cue): string | null {
  const v = a?.[cue];
  if (!v) return null;
  if (v.startsWith('/')) return v; // a file beside the story, served under /story-assets/
  return bundledSounds[v] ?? null;
}

/**
 * CueTracker decides when a poll's cues are due, from the states the stage
 * receives: "open" when a poll opens, "tenSeconds" when its timer (longer
 * than ten seconds) reaches ten seconds left, "winner" when a fork is
 * decided. Each cue fires at most once per poll, and never late: not for
 * what had already happened when the tracker first saw the poll (a reloaded
 * stage stays quiet), and no "open" or "ten seconds" cue once the poll has
 * closed (a poll closed early by key skips its ten-second cue).
 */
export class CueTracker {
  private fired = new Set<string>();
  private primed = false;

  /** observe returns the cues due now for poll (null: no poll here), at server time nowMs. */
  observe(poll: PollState | null, nowMs: number): Cue[] {
    const due = poll ? dueCues(poll, nowMs) : [];
    if (!this.primed) {
      this.primed = true;
      for (const c of due) this.fired.add(`${poll!.id}:${c}`);
      return [];
    }
    const out: Cue[] = [];
    for (const c of due) {
      const k = `${poll!.id}:${c}`;
      if (!this.fired.has(k)) {
        this.fired.add(k);
        if (c === 'winner' || poll!.state === 'open') out.push(c);
      }
    }
    return out;
  }
}

/** dueCues lists the cues whose moment has come for poll at nowMs. */
export function dueCues(p: PollState, nowMs: number): Cue[] {
  const out: Cue[] = [];
  if (!p.id || p.state === 'ready') return out;
  out.push('open');
  if (p.closesAt && p.openedAt) {
    const closes = Date.parse(p.closesAt);
    const long = closes - Date.parse(p.openedAt) > 10_500;
    if (long && (p.state !== 'open' || closes - nowMs <= 10_000)) out.push('tenSeconds');
  }
  if (p.state === 'decided' && p.kind === 'fork' && p.winner) out.push('winner');
  return out;
}

/** clampVolume keeps a volume in 0..1, rounded to tenths. */
export function clampVolume(v: number): number {
  return Math.round(Math.min(1, Math.max(0, v)) * 10) / 10;
}
