import type { Backend, View } from './api';
import { toApiError } from './api';
import { EventConnection, type EventName } from './events';
import type { Coverage, Display, ForkFinish, InboxEntry, LAN, Links, Presented, Published, StageWindow, State, StoryDoc, TimingReport } from './types';

/** WailsApp is the subset of window.go.desktop.App the frontend calls (bound by package app/desktop). */
export interface WailsApp {
  State(): Promise<State>;
  Story(): Promise<StoryDoc>;
  Next(): Promise<void>;
  Prev(): Promise<void>;
  Goto(scene: string): Promise<void>;
  OpenPoll(): Promise<void>;
  ClosePoll(): Promise<void>;
  Pick(choice: number, reason: string): Promise<void>;
  PickPrivate(choice: number, reason: string): Promise<void>;
  SetBlank(on: boolean): Promise<void>;
  StartClock(): Promise<void>;
  ResetClock(): Promise<void>;
  Inbox(limit: number): Promise<InboxEntry[]>;
  SecondScreenURL(view: string): Promise<string>;
  ToggleFullscreen?(): Promise<void>;
  Ready(): Promise<void>;
  TimingReport(): Promise<TimingReport>;
  Walk(): Promise<Coverage>;
  Audience(): Promise<string>;
  SetAudience(bias: string): Promise<void>;
  ResetRehearsal(): Promise<void>;
  Displays?(): Promise<Display[]>;
  Finish(): Promise<ForkFinish | null>;
  TakeExit(): Promise<void>;
  FullscreenOn?(index: number): Promise<void>;
  Links?(): Promise<Links>;
  OpenLink?(view: string): Promise<void>;
  Present?(display: number): Promise<Presented>;
  StageWindow?(): Promise<StageWindow>;
  Publish?(): Promise<Published>;
  OpenReport?(): Promise<void>;
  LANState?(): Promise<LAN>;
  NewToken?(): Promise<Links>;
  SetLAN?(on: boolean): Promise<LAN>;
}

/** WailsRuntime is the subset of window.runtime used here. */
export interface WailsRuntime {
  EventsOn(name: string, cb: (...data: unknown[]) => void): () => void;
}

/** WailsWindow is what the Wails host injects into window. */
export interface WailsWindow {
  go?: { desktop?: { App?: WailsApp } };
  runtime?: WailsRuntime;
  wails?: unknown;
}

/** wailsApp returns the bound facade if this page runs inside the desktop window. */
export function wailsApp(w: WailsWindow): WailsApp | undefined {
  return w.go?.desktop?.App;
}

/** insideWails says whether the Wails host scripts are present (bindings may still be loading). */
export function insideWails(w: WailsWindow): boolean {
  return !!(w.go || w.runtime || w.wails);
}

async function call<T>(p: () => Promise<T>): Promise<T> {
  try {
    return await p();
  } catch (e) {
    throw toApiError(e);
  }
}

/** WailsBackend talks to the Go facade through the injected bindings and runtime events. */
export class WailsBackend implements Backend {
  readonly kind = 'wails' as const;
  constructor(
    private app: WailsApp,
    private rt: WailsRuntime,
  ) {}
  getState() {
    return call(() => this.app.State());
  }
  getStory() {
    return call(() => this.app.Story());
  }
  next() {
    return call(() => this.app.Next());
  }
  prev() {
    return call(() => this.app.Prev());
  }
  goto(scene: string) {
    return call(() => this.app.Goto(scene));
  }
  openPoll() {
    return call(() => this.app.OpenPoll());
  }
  closePoll() {
    return call(() => this.app.ClosePoll());
  }
  pick(choice: number, reason: string, hidden = false) {
    return call(() => (hidden ? this.app.PickPrivate(choice, reason) : this.app.Pick(choice, reason)));
  }
  setBlank(on: boolean) {
    return call(() => this.app.SetBlank(on));
  }
  inbox(limit: number) {
    return call(() => this.app.Inbox(limit)).then((x) => x ?? []);
  }
  on(event: EventName, handler: (payload: unknown) => void): () => void {
    if (event === EventConnection) return () => {}; // the window's link never drops
    const off = this.rt.EventsOn(event, (...data) => handler(data[0]));
    return typeof off === 'function' ? off : () => {};
  }
  ready() {
    this.app.Ready().catch((e) => console.error('forkcast: Ready failed', e));
  }
  async secondScreenURL(view: View) {
    try {
      return await this.app.SecondScreenURL(view);
    } catch {
      return null;
    }
  }
  async remoteURL() {
    const u = await this.secondScreenURL('console');
    if (!u) return null;
    const host = new URL(u).hostname;
    return host === 'localhost' || host.startsWith('127.') || host === '[::1]' ? null : u;
  }
  async toggleFullscreen() {
    if (this.app.ToggleFullscreen) await call(() => this.app.ToggleFullscreen!());
  }
  canControl() {
    return true;
  }
  finish() {
    return call(() => this.app.Finish());
  }
  takeExit() {
    return call(() => this.app.TakeExit());
  }

  timingReport() {
    return call(() => this.app.TimingReport());
  }
  walk() {
    return call(() => this.app.Walk());
  }
  audience() {
    return call(() => this.app.Audience()).then((b) => b ?? '');
  }
  setAudience(bias: string) {
    return call(() => this.app.SetAudience(bias));
  }
  resetRehearsal() {
    return call(() => this.app.ResetRehearsal());
  }
  startClock() {
    return call(() => this.app.StartClock());
  }
  resetClock() {
    return call(() => this.app.ResetClock());
  }
  publish(): Promise<Published> {
    const app = this.app;
    if (!app.Publish) return Promise.reject({ code: 'conflict', message: 'This window cannot publish: run forkcast publish.' });
    return call(() => app.Publish!());
  }

  openReport(): Promise<void> {
    const app = this.app;
    if (!app.OpenReport) return Promise.reject({ code: 'conflict', message: 'This window cannot open the report.' });
    return call(() => app.OpenReport!());
  }

  async displays() {
    if (!this.app.Displays) return null;
    return (await call(() => this.app.Displays!())) ?? [];
  }
  async fullscreenOn(index: number) {
    if (!this.app.FullscreenOn) throw { code: 'conflict', message: 'This window cannot choose a display.' };
    await call(() => this.app.FullscreenOn!(index));
  }
  async links() {
    if (!this.app.Links) return null;
    return call(() => this.app.Links!());
  }
  async openLink(view: View) {
    if (!this.app.OpenLink) throw { code: 'conflict', message: 'This window cannot open a browser.' };
    await call(() => this.app.OpenLink!(view));
  }
  async newToken() {
    if (!this.app.NewToken) throw { code: 'conflict', message: 'This window cannot change the token.' };
    return call(() => this.app.NewToken!());
  }
  async lan() {
    if (!this.app.LANState) return null;
    return call(() => this.app.LANState!());
  }
  async setLAN(on: boolean) {
    if (!this.app.SetLAN) throw { code: 'conflict', message: 'This window has no LAN mode.' };
    return call(() => this.app.SetLAN!(on));
  }
  async present(display: number) {
    if (!this.app.Present) throw { code: 'conflict', message: 'This window cannot present.' };
    return call(() => this.app.Present!(display));
  }
  async stageWindow() {
    if (!this.app.StageWindow) return null;
    return call(() => this.app.StageWindow!());
  }
}
