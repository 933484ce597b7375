import type { EventName } from './events';
import type { ApiError, Coverage, Display, ForkFinish, InboxEntry, LAN, Links, Presented, Published, StageWindow, State, StoryDoc, TimingReport } from './types';

/** View is a page of the frontend. */
export type View = 'stage' | 'console';

/**
 * Backend is the one small API the components use. Two implementations:
 * Wails bindings (the desktop window) and HTTP + SSE (any browser). Every
 * action rejects with an ApiError {code, message}.
 */
export interface Backend {
  readonly kind: 'wails' | 'http';
  getState(): Promise<State>;
  getStory(): Promise<StoryDoc>;
  next(): Promise<void>;
  prev(): Promise<void>;
  goto(scene: string): Promise<void>;
  openPoll(): Promise<void>;
  closePoll(): Promise<void>;
  /** pick breaks a tie or overrides the vote; hidden keeps the reason off the stage. */
  pick(choice: number, reason: string, hidden?: boolean): Promise<void>;
  setBlank(on: boolean): Promise<void>;
  /** startClock starts the talk clock (it also starts by itself at the first Next). */
  startClock(): Promise<void>;
  /** resetClock puts the talk clock back to 0:00, not started. */
  resetClock(): Promise<void>;
  inbox(limit: number): Promise<InboxEntry[]>;
  /** on subscribes to an event; call the returned function to unsubscribe. */
  on(event: EventName, handler: (payload: unknown) => void): () => void;
  /** ready tells the host that the first slide is drawn (the smoke test waits for it). */
  ready(): void;
  /** secondScreenURL is a link (with token) to view for another display or a phone; null if none. */
  secondScreenURL(view: View): Promise<string | null>;
  /** remoteURL is the console link (with token) a phone on the network can open; null on loopback. */
  remoteURL(): Promise<string | null>;
  /** toggleFullscreen switches the window (or the page) in or out of full screen. */
  toggleFullscreen(): Promise<void>;
  /** canControl is false when actions will be refused (a browser without the token). */
  canControl(): boolean;
  /** finish is the current fork's time to an ending per choice against the time left; null off a fork. */
  finish(): Promise<ForkFinish | null>;
  /** takeExit is the speaker's "wrap up": leave the current fork by its exit; rejects with "conflict" without one. */
  takeExit(): Promise<void>;

  // Rehearsal tools (a live show rejects them with code "conflict").
  /** timingReport times every path from the rehearsals recorded so far. */
  timingReport(): Promise<TimingReport>;
  /** walk visits every fork choice with a simulated audience (seconds); resolves with the coverage. */
  walk(): Promise<Coverage>;
  /** audience is the simulated audience's bias ("60/40"; "" = even). */
  audience(): Promise<string>;
  /** setAudience changes the bias for polls opened from now on; rejects with "invalid" on a bad spec. */
  setAudience(bias: string): Promise<void>;
  /** resetRehearsal starts a fresh rehearsal session from the first slide. */
  resetRehearsal(): Promise<void>;

  /**
   * publish writes the running session's static site and report beside the
   * database and resolves with their paths (docs/publishing.md); absent where
   * the host cannot (then the console points to `forkcast publish`).
   */
  publish?(): Promise<Published>;
  /**
   * openReport opens the report publish last wrote with the system's browser;
   * only the desktop window can (a page served over HTTP shows the path).
   * Rejects with the Go side's sentence when no program could open it.
   */
  openReport?(): Promise<void>;

  /** displays lists the screens the desktop window can go full screen on; null in a browser. */
  displays(): Promise<Display[] | null>;
  /** fullscreenOn moves the desktop window to display index (from 0) and makes it full screen. */
  fullscreenOn(index: number): Promise<void>;

  /** links are the stage and console links with the token (null when there is no server). */
  links(): Promise<Links | null>;
  /** openLink opens view in the system browser; rejects with a reason when none starts. */
  openLink(view: View): Promise<void>;
  /**
   * present shows the stage full screen on display (from 0; -1 = the other one),
   * or closes the stage window when it is up; desktop only.
   */
  present(display: number): Promise<Presented>;
  /** stageWindow says whether the native stage window is up (EventStageWindow tells changes); null in a browser. */
  stageWindow(): Promise<StageWindow | null>;
  /** newToken replaces the server's token (a link leaked): the old links stop working; resolves with the new ones. */
  newToken(): Promise<Links>;
  /** lan is the desktop server's LAN mode (phones on the network can connect); null in a browser. */
  lan(): Promise<LAN | null>;
  /** setLAN restarts the desktop server on the network (on) or on this machine only; desktop only. */
  setLAN(on: boolean): Promise<LAN>;
}

/** toApiError normalises anything thrown by a transport into {code, message}. */
export function toApiError(e: unknown): ApiError {
  if (e && typeof e === 'object' && 'message' in e) {
    const o = e as { code?: unknown; message?: unknown };
    return { code: typeof o.code === 'string' ? o.code : 'internal', message: String(o.message) };
  }
  if (typeof e === 'string') {
    try {
      const o = JSON.parse(e) as { code?: string; message?: string };
      if (o && typeof o.message === 'string') return { code: o.code ?? 'internal', message: o.message };
    } catch {
      /* a plain string */
    }
    return { code: 'internal', message: e };
  }
  return { code: 'internal', message: 'Internal error.' };
}

/** Listeners is a tiny event fan-out used by both transports. */
export class Listeners {
  private map = new Map<string, Set<(p: unknown) => void>>();
  on(name: string, fn: (p: unknown) => void): () => void {
    let set = this.map.get(name);
    if (!set) {
      set = new Set();
      this.map.set(name, set);
    }
    set.add(fn);
    return () => {
      set.delete(fn);
    };
  }
  emit(name: string, payload: unknown): void {
    const set = this.map.get(name);
    if (!set) return;
    for (const fn of [...set]) {
      try {
        fn(payload);
      } catch (err) {
        console.error('forkcast: handler for', name, 'failed:', err);
      }
    }
  }
  count(name: string): number {
    return this.map.get(name)?.size ?? 0;
  }
}
