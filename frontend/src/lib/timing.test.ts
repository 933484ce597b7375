import { describe, expect, it } from 'vitest';
import type { PathTiming, TimingReport } from '../backend/types';
import { chartScale, forkRows, formatDelta, formatDuration, pathLabel, pathRows, summarize, verdictText } from './timing';

function path(ms: number, slotMs: number, recordedMs: number, choices: number[], scenes: string[]): PathTiming {
  return {
    scenes, choices, ending: 'END', slides: scenes.length, recordedSlides: 1, ms, recordedMs, estimatedMs: ms - recordedMs,
    overMs: slotMs ? ms - slotMs : 0, overrun: slotMs > 0 && ms > slotMs,
  };
}

function report(slotMs = 600_000): TimingReport {
  return {
    title: 'T', hash: 'h', slotMs, wpm: 130, perSlideMs: 5000, perCodeLineMs: 3000, pollMs: 45000, sessions: [1, 2], recordedSlides: 3, totalSlides: 12, slides: [],
    paths: [
      path(540_000, slotMs, 270_000, [0, 1, 0], ['intro', 'fork', 'cats', 'end']),
      path(660_000, slotMs, 0, [0, 2, 0], ['intro', 'fork', 'dogs', 'end']),
      path(600_000, slotMs, 600_000, [0, 3, 0], ['intro', 'fork', 'birds', 'end']),
    ],
    pathsTruncated: false, shortest: 0, longest: 1,
    branches: [
      { scene: 'fork', choice: 1, label: 'Cats', target: 'cats', paths: 1, overrunPaths: 0, minMs: 540_000, maxMs: 540_000, verdict: 'fits' },
      { scene: 'fork', choice: 2, label: 'Dogs', target: 'dogs', paths: 1, overrunPaths: 1, minMs: 660_000, maxMs: 660_000, verdict: 'overruns' },
      { scene: 'later', choice: 1, label: 'X', target: 'x', paths: 2, overrunPaths: 1, minMs: 1, maxMs: 2, verdict: 'may-overrun' },
    ],
  };
}

describe('durations', () => {
  it.each([
    [0, '0:00'], [59_400, '0:59'], [59_600, '1:00'], [754_000, '12:34'], [3_723_000, '1:02:03'], [-90_000, '1:30'],
  ])('formatDuration(%d) = %s', (ms, want) => expect(formatDuration(ms)).toBe(want));
  it.each([
    [83_000, '1:23 over'], [-159_000, '2:39 to spare'], [-308_000, '5:08 to spare'], [400, 'on time'], [-400, 'on time'],
  ])('formatDelta(%d) = %s', (ms, want) => expect(formatDelta(ms)).toBe(want));
});

describe('paths', () => {
  it('names a path by the scenes its choices led to', () => {
    expect(pathLabel(path(1, 0, 0, [1, 0, 2, 0], ['warmup', 'cats', 'crisis', 'security']))).toBe('cats › security');
    expect(pathLabel(path(1, 0, 0, [0, 0], ['a', 'b']))).toBe('a › b');
  });
  it('scales the chart to the longest path or the slot, with headroom', () => {
    const c = chartScale(report());
    expect(c.maxMs).toBeCloseTo(660_000 * 1.06);
    expect(c.slotPct).toBeCloseTo((100 * 600_000) / (660_000 * 1.06));
    expect(chartScale(report(0)).slotPct).toBeNull();
    expect(chartScale(report(2_000_000)).maxMs).toBeCloseTo(2_000_000 * 1.06);
  });
  it('lists paths longest first with their bars', () => {
    const rows = pathRows(report());
    expect(rows.map((r) => r.label)).toEqual(['dogs', 'birds', 'cats']);
    expect(rows.map((r) => [r.overrun, r.longest, r.shortest])).toEqual([[true, true, false], [false, false, false], [false, false, true]]);
    expect(rows[0].widthPct).toBeCloseTo(100 / 1.06);
    expect(rows.map((r) => Math.round(r.recordedPct))).toEqual([0, 100, 50]);
    expect(rows[2].detail).toBe('intro › fork › cats › end › END');
    expect(pathRows(report(), 2)).toHaveLength(2);
  });
});

describe('summary and branches', () => {
  it('summarizes the report', () => {
    const s = summarize(report());
    expect([s.shortest?.ms, s.longest?.ms, s.paths, s.overrunPaths, s.recordedPct, s.sessions]).toEqual([540_000, 660_000, 3, 1, 25, 2]);
    const none = summarize({ ...report(), paths: null, shortest: -1, longest: -1, totalSlides: 0, sessions: null });
    expect([none.shortest, none.longest, none.paths, none.recordedPct, none.sessions]).toEqual([null, null, 0, 0, 0]);
  });
  it('groups branches by fork with the worst verdict', () => {
    const f = forkRows(report());
    expect(f.map((x) => [x.scene, x.branches.length, x.worst])).toEqual([['fork', 2, 'overruns'], ['later', 1, 'may-overrun']]);
  });
  it('says verdicts in words', () => {
    expect(['overruns', 'may-overrun', 'fits', 'no-path', 'no-slot', 'odd'].map(verdictText)).toEqual(['always over', 'may overrun', 'fits', 'not timed', 'no slot', 'odd']);
  });
});
