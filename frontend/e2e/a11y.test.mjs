// A stage anyone can read, in the browser: axe-core finds no serious or
// critical violation on the stage or the console (ready, open and decided
// polls; high-contrast and large-text modes); the bars of a four-choice
// fork stay apart in a grayscale screenshot (saved to build/artifacts); and
// prefers-reduced-motion stops the bars' and dots' motion.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { artifacts, eventually } from './lib.mjs';
import { axe, startRoom, toFork } from './room.mjs';

const story = `---
title: Four ways
vote:
  number: "+1 503 555 0142"
  timer: 0
  grace: 1s
---
:: start [intro]
# Pick our database
-> db

:: db [fork]
# Which database this time?
1. Postgres -> done #pg
2. SQLite -> done #sqlite
3. MySQL -> done #mysql
4. Redis -> done #redis

:: done
# Done
-> END
`;

let room;
before(async () => {
  room = await startRoom(story, 'audience=300,turnout=1,seed=9,bias=40/30/20/10,burst=2s,window=4s,late=0,invalid=0,change=0');
});
after(async () => {
  assert.deepEqual(room?.errors ?? [], [], 'no page errors');
  await room?.close();
});

/** clean asserts axe finds no serious or critical violation on both pages. */
async function clean(when) {
  for (const [name, page] of [['stage', room.stage], ['console', room.consolePage]]) {
    const v = await axe(page);
    assert.deepEqual(v, [], `${name} ${when}: ${v.join('\n')}`);
  }
}

test('no serious or critical axe violation with the poll ready', async () => {
  await toFork(room);
  await clean('at a ready poll');
});

test('no serious or critical axe violation with the poll open and bars growing', async () => {
  await room.act('/api/poll/open');
  await room.stage.waitForSelector('[data-testid=fork][data-poll-state=open]');
  await eventually('all 300 votes on the stage', async () => Number((await room.stage.textContent('[data-testid=total]')).replace(/\D/g, '')) >= 300, { timeoutMs: 60000, everyMs: 100 });
  await clean('at an open poll');
});

test('a grayscale screenshot of the bars still tells the four choices apart', async () => {
  const stage = room.stage;
  await stage.evaluate(() => (document.documentElement.style.filter = 'grayscale(1)'));
  const chart = stage.locator('[data-testid=stage] [data-testid=bars]');
  const png = await chart.screenshot({ path: path.join(artifacts, 'bars-grayscale.png') });
  const box = await chart.boundingBox();
  // Read each bar's first 160 px back from the screenshot, in the page (a canvas decodes the PNG).
  const sig = await stage.evaluate(async ({ b64, box }) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const cv = document.createElement('canvas');
    cv.width = img.width;
    cv.height = img.height;
    const g = cv.getContext('2d');
    g.drawImage(img, 0, 0);
    const sx = img.width / box.width;
    return [...document.querySelectorAll('[data-testid=stage] .fill')].map((f) => {
      const r = f.parentElement.getBoundingClientRect();
      const x0 = Math.round((r.left - box.x + 4) * sx), y0 = Math.round((r.top - box.y + 3) * sx);
      const w = Math.round(160 * sx), h = Math.max(4, Math.round((r.height - 6) * sx));
      const d = g.getImageData(x0, y0, w, h).data;
      const luma = (i) => d[i * 4];
      let sum = 0, sq = 0, hx = 0, vy = 0;
      const n = w * h;
      for (let i = 0; i < n; i++) { sum += luma(i); sq += luma(i) ** 2; }
      const mean = sum / n;
      const edge = (a, b) => Math.abs(luma(a) - luma(b)) > 40;
      const mid = Math.floor(h / 2), col = Math.floor(w / 3);
      for (let x = 1; x < w; x++) if (edge(mid * w + x, mid * w + x - 1)) hx++;
      for (let y = 1; y < h; y++) if (edge(y * w + col, (y - 1) * w + col)) vy++;
      return { choice: f.closest('[data-choice]').getAttribute('data-choice'), pattern: f.dataset.pattern, mean: Math.round(mean), sd: Math.round(Math.sqrt(sq / n - mean * mean)), hx, vy };
    });
  }, { b64: png.toString('base64'), box });
  await stage.evaluate(() => (document.documentElement.style.filter = ''));
  assert.equal(sig.length, 4, `four bars: ${JSON.stringify(sig)}`);
  // Two bars look the same in grayscale when their mean grey, its spread and
  // their edge counts across and down all match closely.
  for (let i = 0; i < sig.length; i++) {
    for (let j = i + 1; j < sig.length; j++) {
      const a = sig[i], b = sig[j];
      const apart = Math.abs(a.mean - b.mean) > 12 || Math.abs(a.sd - b.sd) > 12 || Math.abs(a.hx - b.hx) > 4 || Math.abs(a.vy - b.vy) > 2;
      assert.ok(apart, `choices ${a.choice} and ${b.choice} look alike in grayscale: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
  }
  console.log('grayscale signatures', JSON.stringify(sig));
});

test('high contrast and large text stay clean, and large text is larger', async () => {
  const before = await room.stage.evaluate(() => getComputedStyle(document.querySelector('[data-testid=stage] .label')).fontSize);
  for (const page of [room.stage, room.consolePage]) {
    await page.keyboard.press('h');
    await page.waitForSelector('html.hc');
  }
  await clean('in high contrast');
  for (const page of [room.stage, room.consolePage]) {
    await page.keyboard.press('h');
    await page.waitForSelector('html:not(.hc)');
    await page.keyboard.press('l');
    await page.waitForSelector('html.lt');
  }
  const after = await room.stage.evaluate(() => getComputedStyle(document.querySelector('[data-testid=stage] .label')).fontSize);
  assert.ok(parseFloat(after) > parseFloat(before) * 1.2, `bar labels ${before} → ${after} in large text`);
  await clean('in large text');
  await room.stage.screenshot({ path: path.join(artifacts, 'a11y-stage-large-text.png') });
  await room.consolePage.screenshot({ path: path.join(artifacts, 'a11y-console-large-text.png') });
  for (const page of [room.stage, room.consolePage]) {
    await page.keyboard.press('l');
    await page.waitForSelector('html:not(.lt)');
  }
});

test('no serious or critical axe violation once decided (losing bars fade, their text does not)', async () => {
  await room.act('/api/poll/close');
  await room.stage.waitForSelector('[data-testid=fork][data-poll-state=decided]');
  await room.consolePage.waitForSelector('[data-testid=poll-state]:text-is("decided")');
  await clean('at a decided poll');
  await room.stage.screenshot({ path: path.join(artifacts, 'a11y-stage-decided.png') });
});

test('prefers-reduced-motion stops the bar and dot motion', async () => {
  const motion = async (reducedMotion) => {
    const ctx = await room.browser.newContext({ reducedMotion, viewport: { width: 1280, height: 720 } });
    const page = await ctx.newPage();
    await page.goto(room.urls.stage);
    await page.waitForSelector('[data-testid=stage] .fill');
    const m = await page.evaluate(() => ({
      fill: parseFloat(getComputedStyle(document.querySelector('[data-testid=stage] .fill')).transitionDuration),
      row: parseFloat(getComputedStyle(document.querySelector('[data-testid=stage] .row')).transitionDuration),
    }));
    await ctx.close();
    return m;
  };
  const normal = await motion('no-preference');
  const reduced = await motion('reduce');
  assert.ok(normal.fill >= 0.2, `bars animate normally: ${JSON.stringify(normal)}`);
  assert.ok(reduced.fill < 0.001 && reduced.row < 0.001, `no motion when reduced: ${JSON.stringify(reduced)}`);
});
