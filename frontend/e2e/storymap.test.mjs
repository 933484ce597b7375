// Browser test of the console's story map at scale (issue #14): a generated
// 150-scene hub talk (a menu of 8 topics, each a chain of scenes back to
// the menu) runs live in `forkcast serve`. The map opens on the current
// scene with its label on screen at 11 px or more; it follows the show far
// down a topic; the wheel, the buttons, the keys and a drag zoom and pan;
// a click on a scene asks before the live show jumps. The screenshot is
// build/artifacts/storymap-150.png. FORKCAST_BIN is the binary.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { api, artifacts, eventually, launch, looks, serve, shows } from './lib.mjs';

const bin = process.env.FORKCAST_BIN;
if (!bin) throw new Error('FORKCAST_BIN must name the forkcast binary (make e2e sets it)');

const token = 'e2e-token';
const dir = mkdtempSync(path.join(tmpdir(), 'forkcast-storymap-'));
const talk = path.join(dir, 'big.md');

/** hubTalk writes a hub talk of exactly 150 scenes: intro, menu, outro and 8 topic chains. */
function hubTalk() {
  const lens = [18, 18, 18, 18, 18, 18, 18, 21]; // 147 + intro, menu, outro
  let s = '---\ntitle: A hundred and fifty scenes\nstart: intro\nvote:\n  number: "+1 555 0100"\n  visited: hide\n---\n\n';
  s += ':: intro\n# Hello\n-> menu\n\n:: menu {exit: outro}\n# Where next?\n';
  lens.forEach((_, t) => (s += `${t + 1}. Topic ${t + 1} -> t${t + 1}-1\n`));
  s += '\n';
  lens.forEach((n, t) => {
    for (let i = 1; i <= n; i++) s += `:: t${t + 1}-${i}\n# Topic ${t + 1}, part ${i}\n-> ${i < n ? `t${t + 1}-${i + 1}` : 'menu'}\n\n`;
  });
  s += ':: outro\n# Thanks\n-> END\n';
  return s;
}

let server, urls, chrome, consolePage;

async function post(p, body) {
  const r = await api(urls.console, 'POST', p, body);
  assert.ok(r.status < 300, `POST ${p}: ${r.status} ${JSON.stringify(r.data)}`);
}

/** current reads the map's current scene: its on-screen box, the label's font size on screen, and the map's box. */
async function current() {
  return consolePage.evaluate(() => {
    const svg = document.querySelector('[data-testid=story-map]');
    const g = svg?.querySelector('[data-current=true]');
    if (!svg || !g) return null;
    const text = g.querySelector('text');
    const vb = svg.viewBox.baseVal;
    const scale = svg.clientWidth / vb.width; // screen px per map unit (meet, same on both axes)
    const css = parseFloat(getComputedStyle(text).fontSize);
    const box = g.getBoundingClientRect();
    const map = svg.getBoundingClientRect();
    return {
      id: g.dataset.node,
      px: css * scale,
      inside: box.left >= map.left && box.right <= map.right && box.top >= map.top && box.bottom <= map.bottom,
      zoom: Number(svg.dataset.zoom),
      vx: vb.x,
      scenes: Number(svg.dataset.scenes),
    };
  });
}

before(async () => {
  writeFileSync(talk, hubTalk());
  server = serve(bin, ['serve', '--live', '--story', talk, '--db', path.join(dir, 'show.db'), '--listen', '127.0.0.1:0', '--token', token, '--no-source']);
  urls = await server.urls;
  chrome = await launch();
  consolePage = await chrome.browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await consolePage.goto(urls.console);
  await consolePage.waitForSelector('[data-testid=console][data-scene]');
});

after(async () => {
  await chrome?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the map of 150 scenes is readable, follows the show, zooms and pans, and asks before jumping', async () => {
  await shows(consolePage, '[data-testid=story-map][data-zoom]', 'the story map');
  const first = await eventually('the current scene on the map', current);
  assert.equal(first.scenes, 151, 'the map draws 150 scenes and END');
  assert.equal(first.id, 'intro');
  assert.ok(first.px >= 11, `the current label is ${first.px.toFixed(1)} px on screen, want ≥ 11`);
  assert.ok(first.inside, 'the current scene is in view');

  // Far down topic 8: the map follows, the label stays readable.
  await post('/api/next');
  await eventually('the console at the menu', async () => (await consolePage.getAttribute('[data-testid=console]', 'data-scene')) === 'menu');
  await post('/api/goto', { scene: 't8-1' });
  for (let i = 1; i < 15; i++) await post('/api/next');
  const far = await eventually('the map to follow to t8-15', async () => {
    const c = await current();
    return c?.id === 't8-15' && c.inside ? c : null;
  }, { seen: current });
  assert.ok(far.px >= 11, `the current label is ${far.px.toFixed(1)} px on screen, want ≥ 11`);
  await consolePage.screenshot({ path: path.join(artifacts, 'storymap-150.png') });

  // Zoom: buttons, keys on the focused map, the wheel.
  const z0 = far.zoom;
  await consolePage.click('[data-testid=map-zoom-in]');
  await eventually('zoomed in by the button', async () => (await current()).zoom > z0 * 1.2, { seen: current });
  await consolePage.focus('[data-testid=story-map]');
  await consolePage.keyboard.press('-');
  await consolePage.keyboard.press('-');
  await eventually('zoomed out by the keys', async () => (await current()).zoom < z0, { seen: current });
  // The map's arrows pan the map, not the show.
  const beforeArrow = await current();
  await consolePage.keyboard.press('ArrowRight');
  await eventually('panned by the arrow key', async () => (await current()).vx > beforeArrow.vx, { seen: current });
  assert.equal((await api(urls.console, 'GET', '/api/state')).data.scene, 't8-15', 'the arrow on the map did not move the show');
  const box = await consolePage.locator('[data-testid=story-map]').boundingBox();
  const zw = (await current()).zoom;
  await consolePage.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await consolePage.mouse.wheel(0, -400);
  await eventually('zoomed in by the wheel', async () => (await current()).zoom > zw, { seen: current });
  // A drag pans.
  const v0 = (await current()).vx;
  await consolePage.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await consolePage.mouse.down();
  await consolePage.mouse.move(box.x + box.width / 2 - 120, box.y + box.height / 2, { steps: 6 });
  await consolePage.mouse.up();
  await eventually('panned by the drag', async () => (await current()).vx > v0 + 10, { seen: current });
  await consolePage.click('[data-testid=map-center]');
  await eventually('the current scene centred again', async () => (await current()).inside, { seen: current });

  // A click on a scene asks first in a live show; the show moves only on "Jump".
  await consolePage.click('[data-testid=story-map] [data-node="t8-17"]');
  const ask = await shows(consolePage, '[data-testid=jump-confirm]', 'the jump confirmation');
  assert.match(await ask.textContent(), /Jump the live show to t8-17\?/);
  assert.equal((await api(urls.console, 'GET', '/api/state')).data.scene, 't8-15', 'the show did not move before the answer');
  await consolePage.click('[data-testid=jump-yes]');
  await eventually('the jump to t8-17', async () => (await current())?.id === 't8-17', { seen: () => looks(consolePage) });
});
