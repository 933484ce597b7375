// The rating slide's last line (the bundled talk's "Explore every branch of
// this talk ... on the talk's page") is shown whole: its box is inside the
// stage and does not touch the status pill, at 16:9 and at 4:3 (#23 item 5).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { api, artifacts, launch, root, serve, shows } from './lib.mjs';

const bin = process.env.FORKCAST_BIN;
if (!bin) throw new Error('FORKCAST_BIN must name the forkcast binary (make e2e sets it)');

let server, chrome, stage, dir, urls;
before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'forkcast-credit-'));
  server = serve(bin, ['serve', '--story', path.join(root, 'stories/django-deployment.md'), '--db', path.join(dir, 'show.db'),
    '--listen', '127.0.0.1:0', '--token', 'credit', '--source', 'sim:audience=30,seed=9,rate=30']);
  urls = await server.urls;
  chrome = await launch();
  const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 720 } });
  stage = await context.newPage();
  await stage.goto(urls.stage);
  await stage.waitForSelector('[data-testid=stage][data-scene]');
  const act = async (p, body) => {
    const r = await api(urls.stage, 'POST', p, body);
    if (r.status !== 200) throw new Error(`POST ${p}: ${r.status} ${JSON.stringify(r.data)}`);
  };
  // The ending's rating slide: build-it's fourth slide, its poll open.
  await act('/api/goto', { scene: 'build-it' });
  for (let i = 0; i < 3; i++) await act('/api/next');
  await act('/api/poll/open');
  await shows(stage, '[data-testid=fork][data-poll-state=open]', 'the rating poll open on the stage');
});
after(async () => {
  await chrome?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

for (const [name, w, h] of [['16:9', 1280, 720], ['4:3', 1024, 768]]) {
  test(`the rating's last line is whole and clear of the status pill at ${name}`, async () => {
    await stage.setViewportSize({ width: w, height: h });
    // Wait for the layout at this size: the stage's frame takes the viewport's shape.
    await stage.waitForFunction(([vw, vh]) => {
      const r = document.querySelector('[data-testid=frame]')?.getBoundingClientRect();
      return !!r && r.height > 0 && Math.abs(r.width / r.height - vw / vh) < 0.05;
    }, [w, h]);
    const m = await stage.evaluate(() => {
      const box = (el) => {
        const r = el.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      };
      const q = document.querySelector('[data-testid=fork] .question');
      const line = [...q.querySelectorAll('p')].pop();
      // The line's own text box (a range), so a taller parent cannot hide a cut.
      const range = document.createRange();
      range.selectNodeContents(line);
      const text = box(range);
      return {
        line: line.textContent,
        text,
        clip: box(q),
        frame: box(document.querySelector('[data-testid=frame]')),
        pill: box(document.querySelector('[data-testid=status] .chip')),
      };
    });
    await stage.screenshot({ path: path.join(artifacts, `e2e-rating-credit-${w}x${h}.png`) });
    assert.match(m.line, /talk's page/, `the last line read: ${m.line}`);
    const inside = (a, b) => a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;
    assert.ok(inside(m.text, m.frame), `the line ${JSON.stringify(m.text)} leaves the stage ${JSON.stringify(m.frame)}`);
    assert.ok(inside(m.text, m.clip), `the line ${JSON.stringify(m.text)} is cut by its box ${JSON.stringify(m.clip)}`);
    const overlap = !(m.text.right <= m.pill.left || m.pill.right <= m.text.left || m.text.bottom <= m.pill.top || m.pill.bottom <= m.text.top);
    assert.ok(!overlap, `the line ${JSON.stringify(m.text)} meets the status pill ${JSON.stringify(m.pill)}`);
  });
}
