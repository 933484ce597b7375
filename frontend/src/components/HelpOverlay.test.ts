import { flushSync, mount, tick, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../backend/api';
import HelpOverlay from './HelpOverlay.svelte';

let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

async function render(backend: Partial<Backend>) {
  const picked: number[] = [];
  const target = document.createElement('div');
  document.body.appendChild(target);
  app = mount(HelpOverlay, { target, props: { backend: backend as Backend, onclose: () => {}, ondisplay: (i: number) => picked.push(i) } });
  flushSync();
  for (let i = 0; i < 3; i++) await tick();
  flushSync();
  return { el: target, picked };
}

describe('HelpOverlay display picker', () => {
  it('offers full screen on each display in the desktop window', async () => {
    const { el, picked } = await render({
      kind: 'wails',
      displays: async () => [
        { index: 0, width: 1440, height: 900, primary: true, current: true },
        { index: 1, width: 1920, height: 1080, primary: false, current: false },
      ],
    });
    const buttons = [...el.querySelectorAll<HTMLButtonElement>('[data-testid=displays] button')];
    expect(buttons.map((b) => b.textContent?.trim())).toEqual([
      'Full screen on display 1 (1440×900, primary, this window)',
      'Full screen on display 2 (1920×1080)',
    ]);
    buttons[1].click();
    expect(picked).toEqual([1]);
  });

  it('says why when the displays cannot be listed', async () => {
    const { el } = await render({ kind: 'wails', displays: async () => Promise.reject({ code: 'conflict', message: 'The window is not ready yet.' }) });
    expect(el.textContent).toContain('The window is not ready yet.');
  });

  it('explains full screen in a browser', async () => {
    const { el } = await render({ kind: 'http', displays: async () => null });
    expect(el.querySelector('[data-testid=displays]')).toBeNull();
    expect(el.querySelector('[data-testid=fullscreen-hint]')?.textContent).toContain('drag this window');
  });
});
