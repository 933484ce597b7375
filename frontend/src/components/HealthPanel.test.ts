import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Health } from '../backend/types';
import HealthPanel from './HealthPanel.svelte';

// The health of the speaker's Android phone as bridge/android reports it
// (health.go: RCSWarning, the metrics' wording, the "stopped answering"
// sentence), and of a modem beside it.
const rcs = 'Turn off chat features (RCS) on this phone, or texts from some phones never arrive as SMS.';

function phone(over: Partial<Health> = {}): Health {
  return {
    source: 'android',
    kind: 'android',
    state: 'ok',
    detail: "Receiving; the phone's clock is 10m0s off (votes are timed by the laptop).",
    lastText: '2026-05-14T21:04:05.250+02:00',
    received: 1234,
    metrics: {
      app: '1.65.0',
      battery: '62%, charging (USB)',
      clock: 'phone 10m0s ahead',
      inbox: '34 recent texts',
      network: 'Wi-Fi, 4G',
      rcs,
      refused: '3 forged or stale webhooks',
      webhook: 'on',
    },
    ...over,
  } as Health;
}

const modem = {
  source: 'modem', kind: 'modem', state: 'ok', detail: 'Receiving.', received: 2,
  metrics: { network: 'registered (home)', signal: '-71 dBm' },
} as unknown as Health;

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

const item = (el: HTMLElement, source: string) => el.querySelector<HTMLElement>(`li[data-source="${source}"]`)!;
const metrics = (li: HTMLElement) => [...li.querySelectorAll<HTMLElement>('[data-metric]')].map((m) => m.textContent?.trim());

describe('HealthPanel with an Android phone', () => {
  it('shows battery, network, the phone clock and the webhook, in that order, with readable labels', () => {
    const li = item(render([phone(), modem]), 'android');
    expect(metrics(li)).toEqual([
      'battery 62%, charging (USB)',
      'network Wi-Fi, 4G',
      'phone clock phone 10m0s ahead',
      'webhook on',
      'inbox 34 recent texts',
      'refused 3 forged or stale webhooks',
      'app version 1.65.0',
    ]);
    // The last text on the laptop's clock (the test machine's time zone).
    const at = new Date('2026-05-14T21:04:05.250+02:00').toLocaleTimeString('en-GB', { hour12: false });
    expect(li.querySelector('.head')?.textContent).toContain(`1,234 texts, last ${at}`);
  });

  it('gives the RCS warning a line of its own, not a metric', () => {
    const li = item(render([phone()]), 'android');
    const notes = [...li.querySelectorAll('[data-testid=health-note]')].map((n) => n.textContent);
    expect(notes).toEqual([rcs]);
    expect(li.querySelector('[data-metric=rcs]')).toBeNull();
  });

  it('says clearly when the phone stopped answering', () => {
    const down = phone({
      state: 'down',
      detail:
        "The phone stopped answering at 21:04:05 (no route to host): check its Wi-Fi, that the app's local server is still Online, and that battery saving has not stopped the app.",
    });
    const li = item(render([down, modem]), 'android');
    expect(li.classList.contains('down')).toBe(true);
    expect(li.querySelector('.state')?.textContent).toBe('down');
    expect(li.querySelector('[data-testid=health-detail]')?.textContent).toMatch(/^The phone stopped answering at 21:04:05 \(no route to host\)/);
    expect(item(document.body, 'modem').classList.contains('ok')).toBe(true);
  });

  it('keeps a modem as it was: signal first, no note, no last text when none', () => {
    const li = item(render([modem]), 'modem');
    expect(metrics(li)).toEqual(['signal -71 dBm', 'network registered (home)']);
    expect(li.querySelector('[data-testid=health-note]')).toBeNull();
    expect(li.querySelector('.head')?.textContent).not.toContain('last');
  });

  it('shows a phone that has not answered yet without metrics it does not have', () => {
    const li = item(render([phone({ state: 'connecting', detail: 'Connecting to the phone.', lastText: undefined, received: 0, metrics: { rcs, webhook: 'off (reading the inbox)' } })]), 'android');
    expect(li.classList.contains('connecting')).toBe(true);
    expect(metrics(li)).toEqual(['webhook off (reading the inbox)']);
    expect(li.querySelectorAll('[data-testid=health-note]')).toHaveLength(1);
  });
});

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
