import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Health } from '../backend/types';
import HealthPanel from './HealthPanel.svelte';

let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

function render(sources: Health[]): HTMLElement {
  const target = document.createElement('div');
  document.body.appendChild(target);
  app = mount(HealthPanel, { target, props: { sources } });
  flushSync();
  return target;
}

const relay = (source: string, state: string, webhooks: string): Health =>
  ({ source, kind: 'relay', state, detail: '', lastText: null, received: 3, metrics: { webhooks, lag: '12 ms' } });

describe('HealthPanel with two relays', () => {
  it('shows each relay and marks the one taking the webhooks', () => {
    const el = render([relay('relay a.example.org', 'down', 'standby'), relay('relay b.example.org', 'ok', 'now')]);
    const items = [...el.querySelectorAll('[data-testid=health] li')];
    expect(items.map((li) => li.querySelector('b')?.textContent)).toEqual(['relay a.example.org', 'relay b.example.org']);
    expect(items.map((li) => li.className.split(' ')[0])).toEqual(['down', 'ok']);
    const marked = el.querySelectorAll('[data-testid=webhooks-now]');
    expect(marked).toHaveLength(1);
    expect(marked[0].closest('li')?.querySelector('b')?.textContent).toBe('relay b.example.org');
  });

  it('marks none before any text', () => {
    const el = render([relay('relay a', 'ok', 'none yet'), relay('relay b', 'ok', 'none yet')]);
    expect(el.querySelectorAll('[data-testid=webhooks-now]')).toHaveLength(0);
  });
});
