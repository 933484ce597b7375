import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend/api';
import { EventTimings } from '../backend/events';
import type { Coverage, TimingReport } from '../backend/types';
import { RehearsalStore } from './rehearsal.svelte';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const rep = (slotMs: number) => ({ slotMs, paths: [] }) as unknown as TimingReport;

function fake(over: Partial<Backend> = {}) {
  const calls: string[] = [];
  const handlers = new Map<string, (p: unknown) => void>();
  let bias = '60/40';
  let reports = 0;
  const b = {
    timingReport: async () => (calls.push('report'), rep(++reports)),
    walk: async () => (calls.push('walk'), { percent: 100 } as Coverage),
    audience: async () => bias,
    setAudience: async (s: string) => {
      if (s === 'bad') throw { code: 'invalid', message: 'Bias "bad": weight "bad" is not a number ≥ 0' };
      calls.push('bias ' + s);
      bias = s;
    },
    resetRehearsal: async () => void calls.push('reset'),
    on: (name: string, fn: (p: unknown) => void) => (handlers.set(name, fn), () => handlers.delete(name)),
    ...over,
  } as unknown as Backend;
  return { b, calls, handlers };
}

describe('RehearsalStore', () => {
  it('loads the report and the bias, and takes pushed reports', async () => {
    const { b, handlers, calls } = fake();
    const r = new RehearsalStore(b);
    await r.start();
    expect(r.report?.slotMs).toBe(1);
    expect(r.bias).toBe('60/40');
    handlers.get(EventTimings)?.({ slotMs: 99, paths: [] });
    expect(r.report?.slotMs).toBe(99);
    expect(calls.filter((c) => c === 'report'), 'a pushed report needs no fetch').toEqual(['report']);
    r.stop();
    expect(handlers.has(EventTimings)).toBe(false);
  });

  it('refreshes when the session changes, not on the first one', async () => {
    const { b, calls } = fake();
    const r = new RehearsalStore(b);
    await r.sessionChanged(4);
    await r.sessionChanged(4);
    expect(calls).toEqual([]);
    await r.sessionChanged(5);
    expect(calls).toEqual(['report']);
  });

  it('keeps the newest report when answers cross', async () => {
    const first = deferred<TimingReport>();
    let n = 0;
    const { b } = fake({ timingReport: () => (++n === 1 ? first.promise : Promise.resolve(rep(2))) });
    const r = new RehearsalStore(b);
    const p1 = r.refresh();
    await r.refresh();
    first.resolve(rep(1));
    await p1;
    expect(r.report?.slotMs).toBe(2);
    expect(r.loading).toBe(false);
  });

  it('shows a report error next to the report', async () => {
    const { b } = fake({ timingReport: async () => Promise.reject({ code: 'conflict', message: 'This is a live show.' }) });
    const r = new RehearsalStore(b);
    await r.refresh();
    expect(r.reportError).toBe('This is a live show.');
  });

  it('walks once at a time and times the walk', async () => {
    const d = deferred<Coverage>();
    let walks = 0;
    let t = 1000;
    const { b } = fake({ walk: () => (walks++, d.promise) });
    const r = new RehearsalStore(b, () => t);
    const p = r.walk();
    expect(r.walkStatus.running).toBe(true);
    await r.walk(); // ignored while one runs
    expect(walks).toBe(1);
    t = 4500;
    d.resolve({ percent: 100 } as Coverage);
    await p;
    expect(r.walkStatus).toMatchObject({ running: false, tookMs: 3500, error: null, result: { percent: 100 } });
  });

  it('reports a failed walk', async () => {
    const { b } = fake({ walk: async () => Promise.reject({ code: 'conflict', message: 'A walk is already running.' }) });
    const r = new RehearsalStore(b);
    await r.walk();
    expect(r.walkStatus).toMatchObject({ running: false, error: 'A walk is already running.' });
  });

  it('applies a bias, and keeps the old one on an error', async () => {
    const { b, calls } = fake();
    const r = new RehearsalStore(b);
    await r.loadAudience();
    expect(await r.setAudience(' 1:100 ')).toBe(true);
    expect([r.bias, r.biasError]).toEqual(['1:100', null]);
    expect(await r.setAudience('bad')).toBe(false);
    expect(r.bias).toBe('1:100');
    expect(r.biasError).toMatch(/not a number/);
    expect(calls).toEqual(['bias 1:100']);
  });

  it('resets, and says why when it cannot', async () => {
    const { b, calls } = fake();
    const r = new RehearsalStore(b);
    expect(await r.reset()).toBe(true);
    expect(calls).toEqual(['reset']);
    const bad = new RehearsalStore(fake({ resetRehearsal: async () => Promise.reject({ code: 'conflict', message: 'Only a rehearsal can be reset.' }) }).b);
    expect(await bad.reset()).toBe(false);
    expect(bad.resetError).toBe('Only a rehearsal can be reset.');
  });
});
