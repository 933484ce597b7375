import type { Backend, View } from './api';
import { Listeners, toApiError } from './api';
import { EventConnection, EventState, serverEvents, type EventName } from './events';
import { withToken } from './token';
import type { ApiError, Coverage, Display, ForkFinish, InboxEntry, LAN, Links, Presented, Published, StageWindow, State, StoryDoc, TimingReport } from './types';

/** EventSourceLike is the part of EventSource used here (tests pass a fake). */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((ev: Event) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  addEventListener(type: string, fn: (ev: MessageEvent) => void): void;
  close(): void;
}

export interface HttpOptions {
  base: string; // origin, e.g. http://127.0.0.1:8080
  token: string;
  fetch?: typeof fetch;
  eventSource?: (url: string) => EventSourceLike;
  /**
   * reconnectMs is the first delay before a new EventSource after the old one
   * gave up (default 500); each failed attempt doubles it up to reconnectMaxMs
   * (default 2000, so a restarted server is seen again within a few seconds).
   */
  reconnectMs?: number;
  reconnectMaxMs?: number;
}

/**
 * HttpBackend talks to app/web: JSON over fetch, events over SSE. The token
 * goes in Authorization for every call and in ?token= for the event stream
 * (EventSource cannot set headers).
 */
export class HttpBackend implements Backend {
  readonly kind = 'http' as const;
  private listeners = new Listeners();
  private es: EventSourceLike | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private connected = false;
  private fetchFn: typeof fetch;
  private stopped = false;
  /** failures counts streams given up on since the last open (the backoff's exponent). */
  private failures = 0;

  constructor(private opt: HttpOptions) {
    this.fetchFn = opt.fetch ?? ((input, init) => fetch(input, init));
  }

  private headers(json: boolean): Record<string, string> {
    const h: Record<string, string> = { Accept: 'application/json' };
    if (json) h['Content-Type'] = 'application/json';
    if (this.opt.token) h['Authorization'] = 'Bearer ' + this.opt.token;
    return h;
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await this.fetchFn(this.opt.base + path, {
        method,
        headers: this.headers(body !== undefined),
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch {
      throw { code: 'unavailable', message: 'The Forkcast server is not answering.' } satisfies ApiError;
    }
    const text = await res.text();
    let data: unknown = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    if (!res.ok) {
      const err = toApiError(data ?? text);
      throw err.message ? err : { code: 'internal', message: `HTTP ${res.status}` };
    }
    return data as T;
  }

  /** act posts an action; the answer is the new state, fed to EventState listeners. */
  private async act(path: string, body: unknown = {}): Promise<void> {
    const st = await this.request<State>('POST', path, body);
    if (st && typeof st === 'object' && 'version' in st) this.listeners.emit(EventState, st);
  }

  getState() {
    return this.request<State>('GET', '/api/state');
  }
  getStory() {
    return this.request<StoryDoc>('GET', '/api/story');
  }
  next() {
    return this.act('/api/next');
  }
  prev() {
    return this.act('/api/prev');
  }
  goto(scene: string) {
    return this.act('/api/goto', { scene });
  }
  openPoll() {
    return this.act('/api/poll/open');
  }
  closePoll() {
    return this.act('/api/poll/close');
  }
  pick(choice: number, reason: string, hidden = false) {
    return this.act('/api/poll/pick', hidden ? { choice, reason, private: true } : { choice, reason });
  }
  setBlank(on: boolean) {
    return this.act('/api/blank', { on });
  }
  async inbox(limit: number) {
    return (await this.request<InboxEntry[] | null>('GET', `/api/inbox?limit=${limit}`)) ?? [];
  }

  on(event: EventName, handler: (payload: unknown) => void): () => void {
    const off = this.listeners.on(event, handler);
    if (event !== EventConnection) this.connect();
    return off;
  }

  /** connect opens the event stream once; it reconnects by itself. */
  private connect() {
    if (this.es || this.stopped) return;
    const make = this.opt.eventSource ?? ((u: string) => new EventSource(u));
    const url = withToken(this.opt.base + '/api/events', this.opt.token);
    const es = make(url);
    this.es = es;
    es.onopen = () => {
      this.failures = 0;
      this.setConnected(true);
    };
    es.onerror = () => {
      this.setConnected(false);
      // CLOSED (2): the browser gave up (e.g. an HTTP error while the server
      // restarted); open a new stream after a pause. Otherwise it retries itself.
      if (es.readyState === 2) {
        es.close();
        this.es = null;
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => {
          this.timer = null;
          this.connect();
        }, this.backoff());
        void this.checkToken();
      }
    };
    for (const name of serverEvents) {
      es.addEventListener(name, (ev: MessageEvent) => {
        if (!this.connected) this.setConnected(true);
        if (this.listeners.count(name) === 0) return; // e.g. the stage ignores the text log
        let payload: unknown;
        try {
          payload = JSON.parse(String(ev.data));
        } catch {
          return;
        }
        this.listeners.emit(name, payload);
      });
    }
  }

  /**
   * checkToken asks, after a stream was given up on, whether the server
   * refuses this page's token (New token was pressed elsewhere) rather than
   * being away. Then the page stops trying (the token will not work again, and
   * each try counts as a wrong guess against this address) and reports
   * { connected: false, refused: true }, so the page can say what to do.
   */
  private async checkToken() {
    let res: Response;
    try {
      res = await this.fetchFn(this.opt.base + '/api/state', { method: 'GET', headers: this.headers(false), cache: 'no-store' });
    } catch {
      return; // away: the reconnect timer goes on
    }
    if (res.status !== 401 || this.stopped) return;
    this.close();
    this.listeners.emit(EventConnection, { connected: false, refused: true });
  }

  /** backoff is the delay before the next stream: doubling from reconnectMs, capped. */
  private backoff(): number {
    const first = this.opt.reconnectMs ?? 500;
    const cap = this.opt.reconnectMaxMs ?? 2000;
    const ms = Math.min(cap, first * 2 ** Math.min(this.failures, 16));
    this.failures++;
    return ms;
  }

  private setConnected(on: boolean) {
    if (on === this.connected) return;
    this.connected = on;
    this.listeners.emit(EventConnection, { connected: on });
  }

  /** close stops the event stream (tests, page unload). */
  close() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.es?.close();
    this.es = null;
  }

  ready() {
    (window as unknown as { __forkcastReady?: boolean }).__forkcastReady = true;
  }

  async secondScreenURL(view: View) {
    return withToken(`${this.opt.base}/${view}`, this.opt.token);
  }

  async remoteURL() {
    try {
      const l = await this.request<{ remote?: string }>('GET', '/api/links');
      return l?.remote || null;
    } catch {
      return null;
    }
  }

  async toggleFullscreen() {
    if (document.fullscreenElement) await document.exitFullscreen();
    else await document.documentElement.requestFullscreen();
  }

  canControl() {
    return !!this.opt.token;
  }

  finish() {
    return this.request<ForkFinish | null>('GET', '/api/finish');
  }
  takeExit() {
    return this.act('/api/exit');
  }

  timingReport() {
    return this.request<TimingReport>('GET', '/api/rehearse/report');
  }
  walk() {
    return this.request<Coverage>('POST', '/api/rehearse/walk', {});
  }
  async audience() {
    return (await this.request<{ bias?: string } | null>('GET', '/api/rehearse/audience'))?.bias ?? '';
  }
  async setAudience(bias: string) {
    await this.request<{ bias: string }>('POST', '/api/rehearse/audience', { bias });
  }
  resetRehearsal() {
    return this.act('/api/rehearse/reset');
  }
  startClock() {
    return this.act('/api/clock/start');
  }
  resetClock() {
    return this.act('/api/clock/reset');
  }
  publish() {
    return this.request<Published>('POST', '/api/publish', {});
  }
  /** displays is null in a browser: drag the window to the projector and press F. */
  async displays(): Promise<Display[] | null> {
    return null;
  }
  async fullscreenOn(_index: number): Promise<void> {
    throw { code: 'conflict', message: 'In a browser, drag the window to the projector and press F.' } satisfies ApiError;
  }
  async links(): Promise<Links | null> {
    return { stage: await this.secondScreenURL('stage'), console: await this.secondScreenURL('console'), note: '' };
  }
  async openLink(view: View): Promise<void> {
    const w = window.open(await this.secondScreenURL(view), '_blank', 'noopener');
    if (w === null) throw { code: 'conflict', message: 'The browser blocked the new window; copy the link instead.' } satisfies ApiError;
  }
  /** newToken replaces the token; this page goes on with the new one. */
  async newToken(): Promise<Links> {
    const l = await this.request<{ stage: string; console: string }>('POST', '/api/token');
    const tok = new URL(l.console).searchParams.get('token');
    if (tok) this.opt.token = tok;
    return { stage: l.stage, console: l.console, note: '' };
  }
  /** lan is null in a browser: the server's address is set where it starts (--listen). */
  async lan(): Promise<LAN | null> {
    return null;
  }
  async setLAN(_on: boolean): Promise<LAN> {
    throw { code: 'conflict', message: 'Start the server with --listen 0.0.0.0:PORT for a phone to reach it.' } satisfies ApiError;
  }
  async present(_display: number): Promise<Presented> {
    throw { code: 'conflict', message: 'In a browser, open the stage link in a window on the projector and press F.' } satisfies ApiError;
  }
  async stageWindow(): Promise<StageWindow | null> {
    return null;
  }
}
