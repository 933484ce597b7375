// Browser test of the stage at 16:9 and 4:3 (#23 item 5, stage side): every
// keyword of the bundled Django talk's forks is shown whole (wrapped, never
// cut with an ellipsis), no label is cut, and the choices never run into
// each other or into the "Text 1 or 2 to" banner.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { api, artifacts, launch, serve } from './lib.mjs';

const bin = process.env.FORKCAST_BIN;
if (!bin) throw new Error('FORKCAST_BIN must name the forkcast binary (make e2e sets it)');
const dir = mkdtempSync(path.join(tmpdir(), 'forkcast-fit-'));
let server, urls, chrome;

before(async () => {
  server = serve(bin, ['serve', '--story', 'stories/django-deployment.md', '--db', path.join(dir, 'fit.db'), '--listen', '127.0.0.1:0', '--token', 'fit']);
  urls = await server.urls;
  chrome = await launch();
});
after(async () => {
  await chrome?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

for (const scene of ['crisis-1', 'crisis-2']) {
  test(`${scene}: every keyword is on the stage at 16:9 and 4:3`, async () => {
    assert.equal((await api(urls.stage, 'POST', '/api/goto', { scene })).status, 200);
    let st;
    for (let i = 0; i < 10; i++) {
      st = (await api(urls.stage, 'GET', '/api/state')).data;
      if (st.atFork) break;
      assert.equal((await api(urls.stage, 'POST', '/api/next')).status, 200);
    }
    assert.ok(st.atFork, `${scene} reaches its fork slide`);
    const words = st.poll.choices.flatMap((c) => c.keywords ?? []);
    assert.ok(words.length >= 6, `${scene} has keywords`);
    for (const [w, h] of [[1600, 900], [1024, 768]]) {
      const p = await chrome.browser.newPage({ viewport: { width: w, height: h } });
      await p.goto(urls.stage);
      await p.waitForSelector(`[data-testid=stage][data-scene="${scene}"] [data-testid=fork]`);
      const m = await p.evaluate(() => {
        const vw = innerWidth;
        const cut = [...document.querySelectorAll('[data-testid=bars] .label, [data-testid=bars] .kw, [data-testid=bars] .text')]
          .filter((e) => e.scrollWidth > e.clientWidth + 1)
          .map((e) => e.textContent);
        const kws = [...document.querySelectorAll('[data-testid=bars] .kw b')].map((b) => {
          const r = b.getBoundingClientRect();
          return { word: b.textContent, inside: r.left >= 0 && r.right <= vw && r.width > 0 };
        });
        const rows = [...document.querySelectorAll('[data-testid=bars] .row')].map((r) => r.getBoundingClientRect());
        const overlap = rows.slice(1).some((r, i) => r.top < rows[i].bottom - 1);
        const banner = document.querySelector('[data-testid=fork] footer.banner')?.getBoundingClientRect();
        return { cut, kws, overlap, lastBottom: rows.at(-1).bottom, bannerTop: banner?.top ?? Infinity };
      });
      const label = `${scene} at ${w}×${h}`;
      assert.deepEqual(m.cut, [], `${label}: cut text`);
      assert.deepEqual(m.kws.map((k) => k.word), words, `${label}: the keywords shown`);
      assert.deepEqual(m.kws.filter((k) => !k.inside), [], `${label}: keywords outside the screen`);
      assert.equal(m.overlap, false, `${label}: choices overlap`);
      assert.ok(m.lastBottom <= m.bannerTop, `${label}: the last choice (bottom ${m.lastBottom}) runs into the banner (top ${m.bannerTop})`);
      await p.screenshot({ path: path.join(artifacts, `e2e-fit-${scene}-${w}.png`) });
      await p.close();
    }
  });
}
