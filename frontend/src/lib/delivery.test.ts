import { flushSync, mount, unmount } from 'svelte';
import { describe, expect, it } from 'vitest';
import type { Health } from '../backend/types';
import NoSourceBanner from '../components/NoSourceBanner.svelte';
import { delivering, noSourceAlarm } from './delivery';

const h = (source: string, state: string) => ({ source, kind: source, state, detail: '', received: 0 }) as unknown as Health;

describe('no source delivering', () => {
  it('is quiet while one source delivers, even a degraded one', () => {
    expect(noSourceAlarm([h('modem', 'ok')])).toBeNull();
    expect(noSourceAlarm([h('relay', 'down'), h('relay2', 'degraded')])).toBeNull();
    expect(delivering([h('modem', 'ok')])).toBe(true);
  });
  it('alarms with no source at all (a live show with --no-source)', () => {
    expect(noSourceAlarm([])).toMatch(/^No vote source is running/);
    expect(noSourceAlarm(null)).toMatch(/--source/);
  });
  it('alarms when every source is connecting, down or stopped, naming them', () => {
    expect(noSourceAlarm([h('modem', 'connecting'), h('relay', 'down')])).toBe(
      'No vote source is delivering (modem connecting, relay down): texts sent now will not be counted.',
    );
    expect(noSourceAlarm([h('replay', 'stopped')])).toMatch(/replay stopped/);
  });
  it('draws a red alert only while the alarm stands', () => {
    const target = document.createElement('div');
    let app = mount(NoSourceBanner, { target, props: { sources: [] } });
    flushSync();
    const el = target.querySelector('[data-testid="no-source"]');
    expect(el?.getAttribute('role')).toBe('alert');
    expect(el?.textContent).toMatch(/No vote source is running/);
    unmount(app);
    app = mount(NoSourceBanner, { target, props: { sources: [h('modem', 'ok')] } });
    flushSync();
    expect(target.querySelector('[data-testid="no-source"]')).toBeNull();
    unmount(app);
  });
});
