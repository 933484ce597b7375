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

function render(entries: Partial<InboxEntry>[]) {
  const target = document.createElement('div');
  document.body.appendChild(target);
  app = mount(InboxLog, { target, props: { entries: entries as InboxEntry[] } });
  flushSync();
  return target;
}

// The engine's inbox entries for a text the modem kept raw (issue 15), as
// show.InboxEntry serialises them: no text, result "unreadable", the masked
// sender when the PDU's address could be read, "" when not.
describe('InboxLog unreadable texts', () => {
  it('shows "unreadable text kept" with the masked sender, or says the sender is unknown', () => {
    const reason = 'Unreadable text kept: its raw PDU is stored and exported.';
    const el = render([
      { id: 2, source: 'modem', sender: '+44 ••• ••• 0123', text: '', receivedAt: '2026-12-05T00:10:00Z', result: 'unreadable', reason },
      { id: 1, source: 'modem', sender: '', text: '', receivedAt: '2026-12-05T00:09:00Z', result: 'unreadable', reason },
      { id: 0, source: 'modem', sender: '+44 ••• ••• 0001', text: '2', receivedAt: '2026-12-05T00:08:00Z', result: 'counted', choice: 2 },
    ]);
    const rows = [...el.querySelectorAll('li')];
    expect(rows.map((r) => r.querySelector('.res')?.textContent)).toEqual(['unreadable text kept', 'unreadable text kept', 'counted → 2']);
    expect(rows.map((r) => r.querySelector('.who')?.textContent)).toEqual(['+44 ••• ••• 0123', 'unknown sender', '+44 ••• ••• 0001']);
    expect(rows[0].querySelector('.why')?.textContent).toBe(reason);
    expect(rows[0].classList.contains('ok')).toBe(false);
  });
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
