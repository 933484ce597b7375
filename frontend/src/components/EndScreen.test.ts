import { flushSync, mount, tick, unmount } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import EndScreen from './EndScreen.svelte';

let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  document.body.innerHTML = '';
});

function render(site?: string) {
  const target = document.createElement('div');
  document.body.appendChild(target);
  app = mount(EndScreen, { target, props: { story: { title: 'T', authors: ['A'], credits: '', site } } });
  flushSync();
  return target;
}

describe('EndScreen site', () => {
  it('shows the published site and its QR code', async () => {
    const el = render('https://talks.example/django/');
    const site = el.querySelector('[data-testid=end-site]');
    expect(site?.textContent).toContain('https://talks.example/django/');
    // The QR code is drawn asynchronously: wait for it (vitest's own waitFor),
    // with a deadline generous enough for a busy machine (see vite.config.ts).
    const svg = await vi.waitFor(() => {
      const q = el.querySelector('[data-testid=end-site] .qr svg');
      if (!q) throw new Error('no QR code drawn yet');
      return q;
    }, { timeout: 60_000, interval: 5 });
    expect(svg!.querySelectorAll('path').length).toBeGreaterThan(0);
    expect(el.querySelector('.qr')?.getAttribute('aria-label')).toBe('QR code of https://talks.example/django/');
  });

  it('shows no site without one, and never a non-web address', async () => {
    expect(render().querySelector('[data-testid=end-site]')).toBeNull();
    unmount(app!);
    app = null;
    document.body.innerHTML = '';
    const el = render('javascript:alert(1)');
    await tick();
    expect(el.querySelector('[data-testid=end-title]')?.textContent).toBe('T');
    expect(el.querySelector('[data-testid=end-site]')).toBeNull();
  });
});
