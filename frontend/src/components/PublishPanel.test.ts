import { flushSync, mount, tick, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../backend/api';
import PublishPanel from './PublishPanel.svelte';

let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

function render(backend: Partial<Backend>, canControl = true) {
  const target = document.createElement('div');
  document.body.appendChild(target);
  app = mount(PublishPanel, { target, props: { backend: backend as Backend, canControl } });
  flushSync();
  return target;
}

/** settle lets the awaited backend call resolve and the page update. */
async function settle() {
  for (let i = 0; i < 5; i++) await tick();
  flushSync();
}

describe('PublishPanel', () => {
  it('publishes and shows where the report was written', async () => {
    let calls = 0;
    const el = render({
      publish: async () => {
        calls++;
        return { site: '/db/published/session-3/index.html', report: '/db/published/session-3/report.html', files: 39 };
      },
    });
    el.querySelector<HTMLButtonElement>('[data-testid=publish-report]')!.click();
    await settle();
    expect(calls).toBe(1);
    expect(el.querySelector('[data-testid=publish-path]')?.textContent).toBe('/db/published/session-3/report.html');
    el.querySelector<HTMLButtonElement>('[data-testid=publish-site]')!.click();
    await settle();
    expect(el.querySelector('[data-testid=publish-path]')?.textContent).toBe('/db/published/session-3/index.html');
  });

  it("shows the server's sentence when publishing fails", async () => {
    const el = render({
      publish: async () => {
        throw { code: 'conflict', message: 'Publishing is not available in this show.' };
      },
    });
    el.querySelector<HTMLButtonElement>('[data-testid=publish-site]')!.click();
    await settle();
    expect(el.querySelector('[data-testid=publish-error]')?.textContent).toBe('Publishing is not available in this show.');
    expect(el.querySelector('[data-testid=publish-done]')).toBeNull();
  });

  it('opens the report where the host can (the desktop window), and says so; a failed open shows the sentence and the path', async () => {
    const order: string[] = [];
    let fail = false;
    const el = render({
      publish: async () => {
        order.push('publish');
        return { site: '/db/p/index.html', report: '/db/p/report.html', files: 5 };
      },
      openReport: async () => {
        order.push('open');
        if (fail) throw { code: 'conflict', message: 'No program could open the report: open /db/p/report.html in a browser yourself.' };
      },
    });
    el.querySelector<HTMLButtonElement>('[data-testid=publish-report]')!.click();
    await settle();
    expect(order).toEqual(['publish', 'open']);
    expect(el.querySelector('[data-testid=publish-done]')?.textContent).toContain('Report opened in your browser');
    el.querySelector<HTMLButtonElement>('[data-testid=publish-site]')!.click();
    await settle();
    expect(order).toEqual(['publish', 'open', 'publish']);
    expect(el.querySelector('[data-testid=publish-path]')?.textContent).toBe('/db/p/index.html');
    fail = true;
    el.querySelector<HTMLButtonElement>('[data-testid=publish-report]')!.click();
    await settle();
    expect(el.querySelector('[data-testid=publish-error]')?.textContent).toContain('No program could open the report');
    expect(el.querySelector('[data-testid=publish-path]')?.textContent).toBe('/db/p/report.html');
  });

  it('offers the command line where the host cannot publish, and no buttons to a watcher', () => {
    expect(render({}).textContent).toContain('forkcast publish STORY --last --out site/');
    unmount(app!);
    app = null;
    const el = render({ publish: async () => ({ site: '', report: '', files: 0 }) }, false);
    expect(el.querySelector<HTMLButtonElement>('[data-testid=publish-site]')!.disabled).toBe(true);
  });
});
