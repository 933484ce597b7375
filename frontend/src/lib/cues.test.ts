import { describe, expect, it } from 'vitest';
import type { PollState } from '../backend/types';
import { clampVolume, cueURL, CueTracker, dueCues } from './cues';

const t0 = Date.parse('2026-05-01T14:00:00Z');
const iso = (ms: number) => new Date(t0 + ms).toISOString();

function poll(over: Partial<PollState> = {}): PollState {
  return { id: 7, scene: 'f', kind: 'fork', state: 'open', number: '', total: 0, invalid: 0, timer: 30e9, policy: '', ties: '', hideResults: false,
    choices: [], openedAt: iso(0), closesAt: iso(30_000), ...over };
}

describe('cues', () => {
  it('fires open, ten seconds and winner once each, in order', () => {
    const tr = new CueTracker();
    expect(tr.observe(poll({ state: 'ready', id: 0, openedAt: undefined, closesAt: undefined }), t0)).toEqual([]);
    expect(tr.observe(poll(), t0 + 100)).toEqual(['open']);
    expect(tr.observe(poll(), t0 + 5_000)).toEqual([]);
    expect(tr.observe(poll(), t0 + 19_999)).toEqual([]);
    expect(tr.observe(poll(), t0 + 20_000)).toEqual(['tenSeconds']);
    expect(tr.observe(poll(), t0 + 25_000)).toEqual([]);
    expect(tr.observe(poll({ state: 'closed', closedAt: iso(30_000) }), t0 + 30_000)).toEqual([]);
    expect(tr.observe(poll({ state: 'decided', winner: 2 }), t0 + 35_000)).toEqual(['winner']);
    expect(tr.observe(poll({ state: 'decided', winner: 2 }), t0 + 36_000)).toEqual([]);
    // the next poll cues again
    expect(tr.observe(poll({ id: 8, openedAt: iso(40_000), closesAt: iso(70_000) }), t0 + 40_000)).toEqual(['open']);
  });

  it('stays quiet about what happened before the stage loaded', () => {
    const tr = new CueTracker();
    expect(tr.observe(poll({ state: 'decided', winner: 1 }), t0 + 40_000)).toEqual([]);
    expect(tr.observe(poll({ state: 'decided', winner: 1 }), t0 + 41_000)).toEqual([]);
    const tr2 = new CueTracker();
    expect(tr2.observe(poll(), t0 + 1_000)).toEqual([]);
    expect(tr2.observe(poll(), t0 + 21_000)).toEqual(['tenSeconds']);
  });

  it('has no ten-second cue for a poll closed by key or as short as ten seconds', () => {
    expect(dueCues(poll({ closesAt: undefined }), t0 + 60_000)).toEqual(['open']);
    expect(dueCues(poll({ closesAt: iso(10_000) }), t0 + 1_000)).toEqual(['open']);
  });

  it('closing early skips the ten-second cue instead of playing it late', () => {
    const tr = new CueTracker();
    tr.observe(null, t0);
    expect(tr.observe(poll(), t0)).toEqual(['open']);
    expect(tr.observe(poll({ state: 'closed' }), t0 + 5_000)).toEqual([]);
    expect(tr.observe(poll({ state: 'decided', winner: 1 }), t0 + 6_000)).toEqual(['winner']);
    // Rating polls have no winner cue.
    expect(dueCues(poll({ kind: 'rating', state: 'decided' }), t0)).toEqual(['open', 'tenSeconds']);
  });

  it('resolves bundled names and story files, and silence', () => {
    expect(cueURL({ open: 'chime', volume: 1 }, 'open')).toMatch(/chime.*\.wav$/);
    expect(cueURL({ winner: '/story-assets/sounds/yay.ogg', volume: 1 }, 'winner')).toBe('/story-assets/sounds/yay.ogg');
    expect(cueURL({ volume: 1 }, 'tenSeconds')).toBeNull();
    expect(cueURL(null, 'open')).toBeNull();
    expect(cueURL({ open: 'nonesuch', volume: 1 }, 'open')).toBeNull();
  });

  it('clamps the volume', () => {
    expect(clampVolume(1.2)).toBe(1);
    expect(clampVolume(-0.1)).toBe(0);
    expect(clampVolume(0.3000001)).toBe(0.3);
  });
});
