import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { InboxEntry } from '../backend/types';
import InboxLog from './InboxLog.svelte';

// A text delivered twice is not stored again: its entry has no inbox id (0).
// Several can arrive in one event (a restarted source re-sending its texts).
function entry(id: number, over: Partial<InboxEntry> = {}): InboxEntry {
  return {
    id, source: 'sim', sender: '+1 ••• ••• 0142', text: '1', receivedAt: '2026-01-01T10:00:00Z', storedAt: '2026-01-01T10:00:00Z',
    result: id ? 'counted' : 'duplicate', ...over,
  };
}

let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

describe('InboxLog', () => {
  it('lists texts delivered twice (no inbox id) next to stored ones', () => {
    const target = document.createElement('div');
    document.body.appendChild(target);
    const entries = [entry(0, { text: 'ship' }), entry(0, { text: 'wait' }), entry(7)];
    app = mount(InboxLog, { target, props: { entries } });
    flushSync();
    const rows = [...target.querySelectorAll('li')];
    expect(rows.map((r) => r.querySelector('.msg')?.textContent)).toEqual(['ship', 'wait', '1']);
  });
});
