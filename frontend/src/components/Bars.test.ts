import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { PollState } from '../backend/types';
import Bars from './Bars.svelte';

function poll(over: Partial<PollState> = {}): PollState {
  return {
    id: 1, scene: 'f', kind: 'fork', state: 'open', number: '', total: 40, invalid: 0, timer: 0, policy: '', ties: '', hideResults: false,
    choices: [
      { number: 1, label: 'Ship it', keywords: ['ship'], target: 'a', count: 30, percent: 75 },
      { number: 2, label: 'Wait', target: 'b', count: 10, percent: 25 },
    ],
    ...over,
  };
}

let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

function render(props: { poll: PollState; hidden?: boolean }) {
  const target = document.createElement('div');
  document.body.appendChild(target);
  app = mount(Bars, { target, props });
  flushSync();
  return target;
}

describe('Bars', () => {
  it('puts the number, label, keyword, count and percent on every bar', () => {
    const el = render({ poll: poll() });
    const rows = [...el.querySelectorAll('.row')];
    expect(rows.map((r) => r.querySelector('.num')?.textContent)).toEqual(['1', '2']);
    expect(rows[0].textContent).toContain('Ship it');
    expect(rows[0].textContent).toContain('ship');
    expect(rows.map((r) => r.querySelector('.count')?.textContent)).toEqual(['30', '10']);
    expect(rows.map((r) => r.querySelector('.pct')?.textContent)).toEqual(['75%', '25%']);
    const fills = [...el.querySelectorAll<HTMLElement>('.fill')].map((f) => f.style.transform);
    expect(fills).toEqual(['translateX(0%)', `translateX(${(1 / 3 - 1) * 100}%)`]);
  });

  it('hides counts while the poll is open and results are hidden', () => {
    const el = render({ poll: poll(), hidden: true });
    expect(el.querySelectorAll('.fill')).toHaveLength(0);
    expect(el.textContent).not.toContain('30');
  });

  it('shows hidden results once the poll is decided, and marks the winner', () => {
    const el = render({ poll: poll({ state: 'decided', winner: 2 }), hidden: true });
    expect(el.querySelectorAll('.fill')).toHaveLength(2);
    expect(el.querySelector('.row.winner')?.getAttribute('data-choice')).toBe('2');
    expect(el.querySelector('.row.loser')?.getAttribute('data-choice')).toBe('1');
  });

  it('rings tied choices while the speaker decides', () => {
    const el = render({ poll: poll({ state: 'closed', tie: [1, 2] }) });
    expect(el.querySelectorAll('.row.tied')).toHaveLength(2);
  });
});
