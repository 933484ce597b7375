import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend/api';
import { EventConnection, EventHealth, EventMessage, EventState, EventStory, EventTally } from '../backend/events';
import type { InboxEntry, State, StoryDoc } from '../backend/types';
import { INBOX_MAX, ShowStore } from './show.svelte';

function mkState(version: number, over: Partial<State> = {}): State {
  return {
    session: { id: 1, mode: 'rehearsal', startedAt: '', resumed: false },
    story: { title: 'Demo', hash: 'h1', number: '', slot: 0 },
    scene: 'fork',
    slide: 0,
    slides: 1,
    atFork: true,
    atEnd: false,
    next: null,
    poll: {
      id: 7, scene: 'fork', kind: 'fork', state: 'open', number: '', total: 0, invalid: 0, timer: 0,
      policy: '', ties: '', hideResults: false,
      choices: [{ number: 1, label: 'A', target: 'a', count: 0, percent: 0 }, { number: 2, label: 'B', target: 'b', count: 0, percent: 0 }],
    },
    blank: false,
    ended: false,
    confirmClose: false,
    path: [],
    sources: [],
    now: new Date().toISOString(),
    startedAt: '',
    clock: 0,
    clockState: 'idle',
    version,
    ...over,
  };
}

function fakeBackend(doc: StoryDoc, st: State) {
  const handlers = new Map<string, (p: unknown) => void>();
  let storyCalls = 0;
  const b = {
    kind: 'http',
    getState: async () => st,
    getStory: async () => (storyCalls++, doc),
    inbox: async () => [] as InboxEntry[],
    on: (name: string, fn: (p: unknown) => void) => (handlers.set(name, fn), () => handlers.delete(name)),
  } as unknown as Backend;
  return { b, emit: (n: string, p: unknown) => handlers.get(n)?.(p), handlers, storyCalls: () => storyCalls };
}

const doc: StoryDoc = { story: { file: '', hash: 'h1', title: 'Demo', start: 'fork', slot: 0, wpm: 130, vote: {} as never, scenes: [] } };

describe('ShowStore', () => {
  it('loads story and state, then applies newer states only', async () => {
    const f = fakeBackend(doc, mkState(5));
    const s = new ShowStore(f.b);
    await s.start(true);
    expect(s.state?.version).toBe(5);
    f.emit(EventState, mkState(4, { scene: 'old' }));
    expect(s.state?.scene).toBe('fork');
    f.emit(EventState, mkState(6, { scene: 'new' }));
    expect(s.state?.scene).toBe('new');
  });

  it('keeps a newer streamed state over the slower first fetch', async () => {
    // The stage page opens while the speaker moves on: the stream brings
    // version 3 before the story document (large, slow) and the state read
    // at the same time (version 1) are in. The fetched state must not win:
    // the page would show the old slide until the next change.
    const f = fakeBackend(doc, mkState(1, { scene: 'intro' }));
    let release = () => {};
    const slowStory = new Promise<void>((r) => (release = r));
    (f.b as unknown as { getStory: () => Promise<StoryDoc> }).getStory = async () => (await slowStory, doc);
    const s = new ShowStore(f.b);
    const started = s.start(false);
    f.emit(EventConnection, { connected: true });
    f.emit(EventState, mkState(1, { scene: 'intro' }));
    f.emit(EventState, mkState(3, { scene: 'warmup' }));
    release();
    await started;
    expect(s.state?.scene).toBe('warmup');
    expect(s.state?.version).toBe(3);
  });

  it('takes the first state after a reconnect whatever its version', async () => {
    const f = fakeBackend(doc, mkState(50));
    const s = new ShowStore(f.b);
    await s.start(false);
    f.emit(EventConnection, { connected: false });
    expect(s.connected).toBe(false);
    f.emit(EventConnection, { connected: true });
    f.emit(EventState, mkState(1, { scene: 'after-restart' }));
    expect(s.state?.scene).toBe('after-restart');
    f.emit(EventState, mkState(0, { scene: 'stale' }));
    expect(s.state?.scene).toBe('after-restart');
  });

  it('merges tallies in seq order and marks votes in flight', async () => {
    const f = fakeBackend(doc, mkState(1));
    const s = new ShowStore(f.b);
    await s.start(false);
    const t = (seq: number, a: number, b: number) => ({
      poll: 7, seq, at: new Date().toISOString(), total: a + b, invalid: 0,
      choices: [{ number: 1, label: 'A', target: 'a', count: a, percent: 0 }, { number: 2, label: 'B', target: 'b', count: b, percent: 0 }],
    });
    f.emit(EventTally, t(10, 3, 1));
    expect(s.state?.poll?.total).toBe(4);
    expect(s.lastVoteAt).toBeGreaterThan(0);
    f.emit(EventTally, t(9, 1, 1));
    expect(s.state?.poll?.choices?.map((c) => c.count)).toEqual([3, 1]);
    f.emit(EventTally, t(11, 5, 2));
    expect(s.state?.poll?.choices?.map((c) => c.count)).toEqual([5, 2]);
  });

  it('keeps the newest texts first, without duplicates, bounded', async () => {
    const f = fakeBackend(doc, mkState(1));
    const s = new ShowStore(f.b);
    await s.start(true);
    const e = (id: number) => ({ id, source: 'sim', sender: '•', text: '1', receivedAt: '', storedAt: '', result: 'counted' });
    f.emit(EventMessage, [e(1), e(2)]);
    f.emit(EventMessage, [e(3), e(2)]);
    expect(s.inbox.map((x) => x.id)).toEqual([3, 2, 1]);
    f.emit(EventMessage, Array.from({ length: INBOX_MAX + 50 }, (_, i) => e(100 + i)));
    expect(s.inbox).toHaveLength(INBOX_MAX);
    expect(s.inbox[0].id).toBe(100 + INBOX_MAX + 49);
  });

  it('updates health and reloads the story on a reload event or a new hash', async () => {
    const f = fakeBackend(doc, mkState(1));
    const s = new ShowStore(f.b);
    await s.start(false);
    f.emit(EventHealth, [{ source: 'sim', kind: 'sim', state: 'ok', detail: '', received: 5 }]);
    expect(s.state?.sources?.[0].received).toBe(5);
    expect(f.storyCalls()).toBe(1);
    f.emit(EventStory, { ok: true });
    await s.loadStory();
    expect(f.storyCalls()).toBe(2);
    f.emit(EventState, mkState(2, { story: { title: 'Demo', hash: 'h2', number: '', slot: 0 } }));
    await s.loadStory();
    expect(f.storyCalls()).toBeGreaterThanOrEqual(3);
  });

  it('keeps a reload\'s problems for the console until a clean reload', async () => {
    const f = fakeBackend(doc, mkState(1));
    const s = new ShowStore(f.b);
    await s.start(false);
    const bad = 'talk.md:12:3: error: unknown target "nowhere"';
    f.emit(EventStory, { file: 'talk.md', hash: '', loaded: '', ok: false, problems: [bad] });
    expect(s.storyStatus?.ok).toBe(false);
    expect(s.storyStatus?.problems).toEqual([bad]);
    expect(f.storyCalls()).toBe(1); // the previous version stays: nothing to load
    const warn = 'talk.md:3:1: warning: unknown front-matter key "titel"';
    f.emit(EventStory, { file: 'talk.md', hash: 'h2', loaded: '', ok: true, problems: [warn] });
    expect(s.storyStatus).toMatchObject({ ok: true, problems: [warn] });
    await s.loadStory();
    expect(f.storyCalls()).toBe(2);
    f.emit(EventStory, { file: 'talk.md', hash: 'h3', loaded: '', ok: true });
    expect(s.storyStatus).toBeNull();
  });

  it('drops the previous session\'s texts when the session changes (a reset)', async () => {
    const f = fakeBackend(doc, mkState(1));
    const s = new ShowStore(f.b);
    await s.start(true);
    const e = (id: number) => ({ id, source: 'sim', sender: '•', text: '1', receivedAt: '', storedAt: '', result: 'counted' });
    f.emit(EventMessage, [e(1), e(2)]);
    expect(s.inbox).toHaveLength(2);
    f.emit(EventState, mkState(2)); // same session: kept
    expect(s.inbox).toHaveLength(2);
    f.emit(EventState, mkState(3, { session: { id: 2, mode: 'rehearsal', startedAt: '', resumed: false } }));
    expect(s.inbox).toEqual([]);
    f.emit(EventMessage, [e(3)]);
    expect(s.inbox.map((x) => x.id)).toEqual([3]);
  });

  it('unsubscribes everything on stop', async () => {
    const f = fakeBackend(doc, mkState(1));
    const s = new ShowStore(f.b);
    await s.start(true);
    expect(f.handlers.size).toBe(6);
    s.stop();
    expect(f.handlers.size).toBe(0);
  });
});
