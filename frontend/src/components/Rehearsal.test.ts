import { flushSync, mount, tick, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../backend/api';
import type { Choice, PathTiming, TimingReport } from '../backend/types';
import { RehearsalStore } from '../lib/rehearsal.svelte';
import AudienceControl from './AudienceControl.svelte';
import RehearsalPanel from './RehearsalPanel.svelte';

function path(i: number, ms: number, slotMs: number): PathTiming {
  return {
    scenes: ['intro', 'fork', `s${i}`], choices: [0, 1 + (i % 2), 0], ending: 'END', slides: 3, recordedSlides: 1, ms, recordedMs: ms / 4, estimatedMs: (3 * ms) / 4,
    overMs: ms - slotMs, overrun: ms > slotMs,
  };
}

function report(n = 3): TimingReport {
  const slotMs = 600_000;
  const paths = Array.from({ length: n }, (_, i) => path(i, 540_000 + i * 40_000, slotMs));
  return {
    title: 'T', hash: 'h', slotMs, wpm: 130, perSlideMs: 5000, perCodeLineMs: 3000, pollMs: 45000, sessions: [1], recordedSlides: 2, totalSlides: 8, slides: [], paths,
    pathsTruncated: false, shortest: 0, longest: n - 1,
    branches: [
      { scene: 'fork', choice: 1, label: 'Cats', target: 'cats', paths: 1, overrunPaths: 0, minMs: 1, maxMs: 2, verdict: 'fits' },
      { scene: 'fork', choice: 2, label: 'Dogs', target: 'dogs', paths: 2, overrunPaths: 2, minMs: 1, maxMs: 2, verdict: 'overruns' },
    ],
  };
}

function backend(rep: TimingReport, calls: string[]) {
  let bias = '';
  return {
    kind: 'http',
    timingReport: async () => rep,
    walk: async () => ({ title: '', hash: '', choices: 2, covered: 1, percent: 50, scenes: 4, visited: 3, unreached: ['dogs'], branches: [], runs: [], texts: 10, problems: ['scene dogs was never reached'] }),
    audience: async () => bias,
    setAudience: async (b: string) => {
      calls.push('bias ' + b);
      bias = b;
    },
    resetRehearsal: async () => void calls.push('reset'),
    on: () => () => {},
  } as unknown as Backend;
}

let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

async function settle() {
  for (let i = 0; i < 5; i++) await tick();
  flushSync();
}

async function panel(rep: TimingReport) {
  const calls: string[] = [];
  const reh = new RehearsalStore(backend(rep, calls));
  await reh.start();
  const target = document.createElement('div');
  document.body.appendChild(target);
  app = mount(RehearsalPanel, { target, props: { reh, canControl: true, onclose: () => calls.push('close') } });
  flushSync();
  return { el: target, calls, reh };
}

const click = (el: Element | null) => (el as HTMLElement).click();

describe('RehearsalPanel', () => {
  it('draws the paths longest first against the slot, overruns highlighted', async () => {
    const { el } = await panel(report(3));
    const rows = [...el.querySelectorAll('[data-testid=paths] li')];
    expect(rows.map((r) => r.querySelector('.ptime')?.textContent)).toEqual(['10:20', '9:40', '9:00']);
    expect(rows.map((r) => r.classList.contains('overrun'))).toEqual([true, false, false]);
    expect(rows[0].querySelector('.pdelta')?.textContent).toBe('0:20 over');
    expect(rows[0].textContent).toContain('longest');
    expect(el.querySelectorAll('.slot')).toHaveLength(3);
    expect(el.querySelector('[data-testid=shortest]')?.textContent).toBe('9:00');
    expect(el.querySelector('[data-testid=recorded]')?.textContent).toBe('25%');
    expect([...el.querySelectorAll('[data-verdict]')].map((c) => c.getAttribute('data-verdict'))).toEqual(['fits', 'overruns']);
  });

  it('shows the 12 longest paths until asked for all', async () => {
    const { el } = await panel(report(20));
    expect(el.querySelectorAll('[data-testid=paths] li')).toHaveLength(12);
    click(el.querySelector('[data-testid=paths-more]'));
    flushSync();
    expect(el.querySelectorAll('[data-testid=paths] li')).toHaveLength(20);
  });

  it('resets only after the confirm', async () => {
    const { el, calls } = await panel(report());
    click(el.querySelector('[data-testid=reset]'));
    flushSync();
    expect(calls).toEqual([]);
    click(el.querySelector('[data-testid=reset-yes]'));
    await settle();
    expect(calls).toEqual(['reset']);
    expect(el.querySelector('[data-testid=reset-confirm]')).toBeNull();
  });

  it('shows a walk that missed something', async () => {
    const { el } = await panel(report());
    click(el.querySelector('[data-testid=walk]'));
    await settle();
    expect(el.querySelector('[data-testid=coverage]')?.textContent).toBe('50%');
    expect(el.querySelector('[data-testid=unreached]')?.textContent).toContain('dogs');
    expect(el.querySelector('[data-testid=problems]')?.textContent).toContain('never reached');
  });
});

describe('AudienceControl', () => {
  const choices: Choice[] = [
    { number: 1, label: 'Cats', target: 'cats', keywords: ['cats'] },
    { number: 2, label: 'Dogs', target: 'dogs' },
  ];

  async function control(ch: Choice[]) {
    const calls: string[] = [];
    const reh = new RehearsalStore(backend(report(), calls));
    await reh.loadAudience();
    const target = document.createElement('div');
    document.body.appendChild(target);
    app = mount(AudienceControl, { target, props: { reh, choices: ch, canControl: true } });
    flushSync();
    return { el: target, calls, reh };
  }

  it('turns the slider into a spec and applies it', async () => {
    const { el, calls } = await control(choices);
    const slider = el.querySelector<HTMLInputElement>('[data-testid=audience-slider]')!;
    slider.value = '70';
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    expect(el.querySelector<HTMLInputElement>('[data-testid=audience-spec]')!.value).toBe('70/30');
    expect(el.querySelector('[data-testid=audience-split]')?.textContent).toBe('1: 70% · 2: 30%');
    el.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await settle();
    expect(calls).toEqual(['bias 70/30']);
    expect(el.querySelector('[data-testid=audience-bias]')?.textContent).toBe('70/30');
  });

  it('refuses a malformed spec before sending it', async () => {
    const { el } = await control([...choices, { number: 3, label: 'Birds', target: 'birds' }]);
    expect(el.querySelector('[data-testid=audience-slider]')).toBeNull(); // a slider only for two choices
    const spec = el.querySelector<HTMLInputElement>('[data-testid=audience-spec]')!;
    spec.value = 'cats:x';
    spec.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    expect(el.querySelector<HTMLButtonElement>('[data-testid=audience-apply]')!.disabled).toBe(true);
    expect(el.textContent).toContain('not a number');
  });
});
