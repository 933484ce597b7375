// The rehearsal timing report (rehearse.Report) as the console draws it.
import type { BranchTiming, PathTiming, TimingReport } from '../backend/types';

/** formatDuration writes ms as m:ss, or h:mm:ss from an hour on (sign dropped). */
export function formatDuration(ms: number): string {
  const t = Math.round(Math.abs(ms) / 1000);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const s = String(t % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * formatDelta writes a time against the slot in words, never with a sign a
 * reader could take the wrong way: "1:23 over", "2:39 to spare", "on time".
 */
export function formatDelta(ms: number): string {
  if (Math.round(Math.abs(ms) / 1000) === 0) return 'on time';
  return formatDuration(ms) + (ms > 0 ? ' over' : ' to spare');
}

/** pathLabel names a path by the scenes its fork choices led to: "cats › security › bugs". */
export function pathLabel(p: PathTiming): string {
  const picked: string[] = [];
  p.choices?.forEach((c, i) => {
    if (c > 0 && p.scenes[i + 1]) picked.push(p.scenes[i + 1]);
  });
  return (picked.length ? picked : p.scenes).join(' › ');
}

/** PathRow is one bar of the console's path chart. */
export interface PathRow {
  index: number; // in report.paths
  label: string;
  detail: string; // the whole path, for a tooltip
  ms: number;
  overMs: number;
  overrun: boolean;
  shortest: boolean;
  longest: boolean;
  widthPct: number; // bar length, % of the chart
  recordedPct: number; // recorded part of the bar, % of the bar
}

/** Chart is the scale of the path chart: the longest path or the slot, plus headroom. */
export interface Chart {
  maxMs: number;
  slotPct: number | null; // where the slot line goes, % of the chart; null without a slot
}

/** chartScale fits the longest path and the slot line with a little room to the right. */
export function chartScale(r: TimingReport): Chart {
  const longest = Math.max(0, ...(r.paths ?? []).map((p) => p.ms));
  const maxMs = Math.max(longest, r.slotMs, 1) * 1.06;
  return { maxMs, slotPct: r.slotMs > 0 ? (100 * r.slotMs) / maxMs : null };
}

/** pathRows returns the paths longest first (overruns on top), at most limit of them. */
export function pathRows(r: TimingReport, limit = 200): PathRow[] {
  const { maxMs } = chartScale(r);
  return (r.paths ?? [])
    .map((p, index) => ({
      index,
      label: pathLabel(p),
      detail: p.scenes.join(' › ') + (p.ending ? ` › ${p.ending}` : ''),
      ms: p.ms,
      overMs: p.overMs,
      overrun: p.overrun,
      shortest: index === r.shortest,
      longest: index === r.longest,
      widthPct: (100 * p.ms) / maxMs,
      recordedPct: p.ms > 0 ? (100 * p.recordedMs) / p.ms : 0,
    }))
    .sort((a, b) => b.ms - a.ms || a.index - b.index)
    .slice(0, limit);
}

/** ForkRow groups a fork's branches for the console's branch list. */
export interface ForkRow {
  scene: string;
  branches: BranchTiming[];
  worst: string; // the worst verdict of its branches
}

const verdictRank: Record<string, number> = { overruns: 3, 'may-overrun': 2, fits: 1 };

/** forkRows groups branches by fork, in file order, each with its worst verdict. */
export function forkRows(r: TimingReport): ForkRow[] {
  const out: ForkRow[] = [];
  for (const b of r.branches ?? []) {
    let f = out.find((x) => x.scene === b.scene);
    if (!f) out.push((f = { scene: b.scene, branches: [], worst: b.verdict }));
    f.branches.push(b);
    if ((verdictRank[b.verdict] ?? 0) > (verdictRank[f.worst] ?? 0)) f.worst = b.verdict;
  }
  return out;
}

/** Summary is the head of the timing panel. */
export interface Summary {
  slotMs: number;
  shortest: PathTiming | null;
  longest: PathTiming | null;
  paths: number;
  overrunPaths: number;
  recordedPct: number; // share of slides with a recorded time
  sessions: number;
}

/** summarize picks what the panel's head shows. */
export function summarize(r: TimingReport): Summary {
  const paths = r.paths ?? [];
  return {
    slotMs: r.slotMs,
    shortest: r.shortest >= 0 ? (paths[r.shortest] ?? null) : null,
    longest: r.longest >= 0 ? (paths[r.longest] ?? null) : null,
    paths: paths.length,
    overrunPaths: paths.filter((p) => p.overrun).length,
    recordedPct: r.totalSlides > 0 ? (100 * r.recordedSlides) / r.totalSlides : 0,
    sessions: r.sessions?.length ?? 0,
  };
}

/** verdictText is a branch verdict in words. */
export function verdictText(v: string): string {
  switch (v) {
    case 'overruns':
      return 'always over';
    case 'may-overrun':
      return 'may overrun';
    case 'fits':
      return 'fits';
    case 'no-path':
      return 'not timed';
    case 'no-slot':
      return 'no slot';
  }
  return v;
}
