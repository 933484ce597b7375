import { flushSync, mount, tick, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../backend/api';
import { EventStageWindow } from '../backend/events';
import type { StageWindow } from '../backend/types';
import Screens from './Screens.svelte';

let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

async function settle() {
  flushSync();
  for (let i = 0; i < 4; i++) await tick();
  flushSync();
}

// render mounts the panel on a desktop backend whose stage window starts as
// initial; the returned emit plays the Go side's stage:window event.
async function render(initial: StageWindow | null) {
  const handlers: Record<string, ((p: unknown) => void)[]> = {};
  const backend: Partial<Backend> = {
    kind: 'wails',
    links: async () => null,
    displays: async () => [
      { index: 0, width: 1440, height: 900, primary: true, current: true },
      { index: 1, width: 1920, height: 1080, primary: false, current: false },
    ],
    stageWindow: async () => initial,
    canControl: () => true,
    on: (name, h) => {
      (handlers[name] ??= []).push(h);
      return () => (handlers[name] = handlers[name].filter((x) => x !== h));
    },
  };
  const target = document.createElement('div');
  document.body.appendChild(target);
  app = mount(Screens, { target, props: { backend: backend as Backend, run: async (f: () => Promise<void>) => (await f(), true) } });
  await settle();
  const emit = async (p: StageWindow) => {
    for (const h of handlers[EventStageWindow] ?? []) h(p);
    await settle();
  };
  return { el: target, emit, handlers };
}

describe('Screens stage window', () => {
  it('shows whether the stage window is up, and follows it', async () => {
    const { el, emit } = await render({ up: false, display: 0, native: true });
    const status = () => el.querySelector<HTMLElement>('[data-testid=stage-window]');
    expect(status()?.dataset.up).toBe('false');
    expect(status()?.textContent).toContain('not open');
    expect(el.querySelector('[data-testid=present]')?.textContent).toContain('Present the stage');

    await emit({ up: true, display: 1, native: true });
    expect(status()?.dataset.up).toBe('true');
    expect(status()?.textContent).toContain('up, on display 2');
    expect(el.querySelector('[data-testid=present]')?.textContent).toContain('Close the stage');

    // The stage window died: the panel says so, and S presents again.
    await emit({ up: false, display: 1, native: true });
    expect(status()?.dataset.up).toBe('false');
    expect(el.querySelector('[data-testid=present]')?.textContent).toContain('Present the stage');
  });

  it('says nothing of a stage window the app cannot open', async () => {
    const { el } = await render({ up: false, display: 0, native: false });
    expect(el.querySelector('[data-testid=present]')).not.toBeNull();
    expect(el.querySelector('[data-testid=stage-window]')).toBeNull();
  });

  it('unsubscribes when it goes away', async () => {
    const { handlers } = await render({ up: false, display: 0, native: true });
    expect(handlers[EventStageWindow]?.length).toBe(1);
    unmount(app!);
    app = null;
    expect(handlers[EventStageWindow]?.length).toBe(0);
  });
});
