import { tick } from 'svelte';
import type { Backend } from '../backend/api';
import { toApiError } from '../backend/api';
import { EventConnection, EventHealth, EventMessage, EventState, EventStory, EventTally } from '../backend/events';
import type { Health, InboxEntry, Scene, Slide, State, StoryDoc, StoryStatus, Tally } from '../backend/types';
import { clockOffset } from './clock';
import { acceptState, mergeTally } from './tally';

/** INBOX_MAX is how many texts the console's log keeps. */
export const INBOX_MAX = 200;

/** PerfSample is one tally as it reached the DOM (read by the browser test). */
export interface PerfSample {
  seq: number;
  at: number; // tally time on the server, ms since epoch
  dom: number; // when the DOM showed it, ms since epoch
  total: number;
}

declare global {
  interface Window {
    __forkcastPerf?: PerfSample[];
    __forkcastReady?: boolean;
  }
}

/**
 * ShowStore holds what the views render: the state, the story, the inbox, and
 * the link status. It applies events in order (state versions, tally seqs).
 */
export class ShowStore {
  state = $state.raw<State | null>(null);
  doc = $state.raw<StoryDoc | null>(null);
  inbox = $state.raw<InboxEntry[]>([]);
  connected = $state(true);
  /** refused says the server refuses this page's token for good (New token was pressed): open the new link. */
  refused = $state(false);
  error = $state<string | null>(null);
  /** storyStatus is the last live reload's outcome with its problems, until dismissed (null: none to show). */
  storyStatus = $state.raw<StoryStatus | null>(null);
  /** lastVoteAt is performance.now() when the count last went up ("votes in flight"). */
  lastVoteAt = $state(0);
  /** offset is server clock minus local clock, ms. */
  offset = $state(0);

  private lastSeq = 0;
  private forceNext = false;
  private offs: (() => void)[] = [];
  private storyLoading: Promise<void> | null = null;

  constructor(readonly backend: Backend) {}

  /** start loads the story and state and listens for events; it fails when the backend is unreachable. */
  async start(withInbox: boolean): Promise<void> {
    const b = this.backend;
    this.offs.push(
      b.on(EventState, (p) => this.applyState(p as State)),
      b.on(EventTally, (p) => this.applyTally(p as Tally)),
      b.on(EventHealth, (p) => this.applyHealth(p as Health[])),
      b.on(EventStory, (p) => this.applyStoryStatus(p as StoryStatus)),
      b.on(EventConnection, (p) => {
        const on = !!(p as { connected: boolean }).connected;
        this.connected = on;
        this.refused = !!(p as { refused?: boolean }).refused;
        if (on) this.forceNext = true;
      }),
    );
    const [doc, st] = await Promise.all([b.getStory(), b.getState()]);
    this.doc = doc;
    // Not forced: the stream may already have brought a newer state while
    // the story document loaded (a page opened while the show moves on).
    this.applyState(st);
    if (withInbox) await this.watchInbox();
  }

  private inboxOn = false;

  /** watchInbox starts following incoming texts (the console needs them, the stage does not). */
  async watchInbox(): Promise<void> {
    if (this.inboxOn) return;
    this.inboxOn = true;
    this.offs.push(this.backend.on(EventMessage, (p) => this.addTexts(p as InboxEntry[])));
    try {
      this.addTexts(await this.backend.inbox(INBOX_MAX));
    } catch (e) {
      this.fail(e);
    }
  }

  /** sessionChanged drops the previous session's texts (a rehearsal reset) and reads the new session's. */
  private async sessionChanged() {
    this.inbox = [];
    if (!this.inboxOn) return;
    try {
      this.addTexts(await this.backend.inbox(INBOX_MAX));
    } catch (e) {
      this.fail(e);
    }
  }

  /** stop unsubscribes from every event. */
  stop() {
    for (const off of this.offs.splice(0)) off();
  }

  applyState(st: State, force = false) {
    if (!st || typeof st !== 'object') return;
    const f = force || this.forceNext;
    if (!acceptState(this.state, st, f)) return;
    this.forceNext = false;
    const prev = this.state;
    if (prev?.poll?.id !== st.poll?.id) this.lastSeq = 0;
    if (st.poll && prev?.poll && prev.poll.id === st.poll.id && st.poll.total > prev.poll.total) {
      this.lastVoteAt = performance.now();
    }
    this.offset = clockOffset(st.now, Date.now());
    this.state = st;
    if (prev && prev.session.id !== st.session.id) void this.sessionChanged();
    if (this.doc && st.story.hash && this.doc.story.hash && st.story.hash !== this.doc.story.hash) {
      void this.loadStory();
    }
  }

  applyTally(t: Tally) {
    const prev = this.state;
    const next = mergeTally(prev, t, this.lastSeq);
    if (next === prev) return;
    this.lastSeq = t.seq;
    if (prev?.poll && next?.poll && next.poll.total !== prev.poll.total) this.lastVoteAt = performance.now();
    this.state = next;
    const at = Date.parse(t.at);
    void tick().then(() => {
      const buf = (window.__forkcastPerf ??= []);
      if (buf.length >= 20000) buf.splice(0, 10000);
      buf.push({ seq: t.seq, at, dom: performance.timeOrigin + performance.now(), total: t.total });
    });
  }

  /** applyStoryStatus keeps a reload's problems for the console and loads the story when it changed. */
  applyStoryStatus(st: StoryStatus) {
    const ok = !st || typeof st !== 'object' || st.ok !== false;
    const problems = Array.isArray(st?.problems) ? st.problems : [];
    this.storyStatus = !ok || problems.length > 0 ? { ...st, ok, problems } : null;
    if (ok) void this.loadStory();
  }

  applyHealth(h: Health[]) {
    if (!this.state) return;
    this.state = { ...this.state, sources: h };
  }

  addTexts(entries: InboxEntry[]) {
    if (!Array.isArray(entries) || entries.length === 0) return;
    const fresh = [...entries].sort((a, b) => b.id - a.id);
    const seen = new Set(fresh.map((e) => e.id));
    const merged = fresh.concat(this.inbox.filter((e) => !seen.has(e.id)));
    this.inbox = merged.slice(0, INBOX_MAX);
  }

  async loadStory() {
    if (this.storyLoading) return this.storyLoading;
    this.storyLoading = (async () => {
      try {
        this.doc = await this.backend.getStory();
      } catch (e) {
        this.fail(e);
      } finally {
        this.storyLoading = null;
      }
    })();
    return this.storyLoading;
  }

  /** run calls an action and shows its error, if any, as a toast. */
  async run(what: () => Promise<void>): Promise<boolean> {
    try {
      await what();
      this.error = null;
      return true;
    } catch (e) {
      this.fail(e);
      return false;
    }
  }

  fail(e: unknown) {
    const err = toApiError(e);
    this.error = err.message;
  }

  scene(id: string | undefined): Scene | undefined {
    if (!id || !this.doc) return undefined;
    return this.doc.story.scenes.find((s) => s.id === id);
  }

  /** slideAt returns a scene's slide, or undefined. */
  slideAt(scene: string | undefined, index: number | undefined): Slide | undefined {
    const sc = this.scene(scene);
    if (!sc || index === undefined) return undefined;
    return sc.slides[index];
  }
}
