import type { Backend } from './api';
import { HttpBackend } from './http';
import { takeToken } from './token';
import { WailsBackend, insideWails, wailsApp, type WailsWindow } from './wails';

export type { Backend, View } from './api';

/** Transport is which implementation a page uses. */
export type Transport = 'wails' | 'http';

/** pickTransport chooses Wails when the page runs in the desktop window, HTTP otherwise. */
export function pickTransport(w: WailsWindow): Transport {
  return insideWails(w) ? 'wails' : 'http';
}

/** waitForBindings polls for window.go.desktop.App (the Wails host injects it at load). */
async function waitForBindings(w: WailsWindow, ms: number): Promise<void> {
  const t0 = Date.now();
  while (!(wailsApp(w) && w.runtime) && Date.now() - t0 < ms) {
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** connect returns the backend for this page; it fails when the Wails bindings never appear. */
export async function connect(w: Window & WailsWindow = window): Promise<Backend> {
  if (pickTransport(w) === 'wails') {
    await waitForBindings(w, 5000);
    const app = wailsApp(w);
    if (!app || !w.runtime) throw new Error('the Wails bindings did not load');
    return new WailsBackend(app, w.runtime);
  }
  let store: Storage | null = null;
  try {
    store = w.sessionStorage;
  } catch {
    store = null;
  }
  const { token, cleanURL } = takeToken(w.location.href, store);
  if (cleanURL !== null) w.history.replaceState(w.history.state, '', cleanURL);
  return new HttpBackend({ base: w.location.origin, token });
}
