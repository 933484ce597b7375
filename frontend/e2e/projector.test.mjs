// Projector safety, in the browser: the story's safe-area keeps the stage's
// content inside a margin of each side; [ and ] change it for this screen
// (kept across a reload); P shows a test pattern with the screen's edges,
// the safe area and the bar colours, and P again hides it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { artifacts } from './lib.mjs';
import { demoWith, startRoom } from './room.mjs';

let room;
const story = demoWith(`
vote:
  number: "+1 503 555 0142"
`, 'safe-area: 5%');

before(async () => {
  room = await startRoom(story, 'audience=50,seed=1');
});
after(async () => {
  assert.deepEqual(room?.errors ?? [], [], 'no page errors');
  await room?.close();
});

/** inset returns the safe-area box's margins from each edge of the window, in CSS px. */
const inset = (page) =>
  page.evaluate(() => {
    const r = document.querySelector('[data-testid=safe-area]').getBoundingClientRect();
    return { left: r.left, top: r.top, right: innerWidth - r.right, bottom: innerHeight - r.bottom, w: innerWidth, h: innerHeight };
  });

test("the stage keeps the story's safe area clear", async () => {
  await room.stage.waitForSelector('[data-testid=stage][data-safe-area="5"]');
  const m = await inset(room.stage);
  for (const [side, px, of] of [['left', m.left, m.w], ['right', m.right, m.w], ['top', m.top, m.h], ['bottom', m.bottom, m.h]]) {
    assert.ok(Math.abs(px - of * 0.05) < 1, `${side} margin ${px}px, want 5% of ${of}`);
  }
  const slide = await room.stage.evaluate(() => document.querySelector('[data-testid=frame]').getBoundingClientRect().toJSON());
  assert.ok(slide.left >= m.left - 0.5 && slide.top >= m.top - 0.5, `the slide starts inside the safe area: ${JSON.stringify(slide)}`);
});

test('] grows the safe area for this screen, and it survives a reload', async () => {
  await room.stage.keyboard.press(']');
  await room.stage.keyboard.press(']');
  await room.stage.waitForSelector('[data-testid=stage][data-safe-area="7"]');
  assert.match(await room.stage.textContent('[data-testid=stage-notice]'), /Safe area 7%/);
  await room.stage.reload();
  await room.stage.waitForSelector('[data-testid=stage][data-safe-area="7"]');
  const m = await inset(room.stage);
  assert.ok(Math.abs(m.left - m.w * 0.07) < 1, `left margin ${m.left}px, want 7%`);
  await room.stage.keyboard.press('[');
  await room.stage.waitForSelector('[data-testid=stage][data-safe-area="6"]');
});

test('P shows the test pattern: the edges, the safe area, every bar colour; P hides it', async () => {
  await room.stage.keyboard.press('p');
  await room.stage.waitForSelector('[data-testid=test-pattern]');
  const p = await room.stage.evaluate(() => {
    const box = (sel) => document.querySelector(sel).getBoundingClientRect();
    return {
      edge: box('[data-testid=test-pattern] .edge').toJSON(),
      tl: box('.corner.tl').toJSON(),
      br: box('.corner.br').toJSON(),
      safe: box('[data-testid=safe-frame]').toJSON(),
      chips: document.querySelectorAll('[data-testid=test-pattern] .chip').length,
      w: innerWidth,
      h: innerHeight,
    };
  });
  assert.deepEqual([p.edge.left, p.edge.top, p.edge.width, p.edge.height], [0, 0, p.w, p.h], 'the outer line is the window edge');
  assert.deepEqual([p.tl.left, p.tl.top, Math.round(p.br.right), Math.round(p.br.bottom)], [0, 0, p.w, p.h], 'corner marks in the corners');
  assert.ok(Math.abs(p.safe.left - p.w * 0.06) < 1, `safe frame at 6%: ${JSON.stringify(p.safe)}`);
  assert.equal(p.chips, 9, 'every bar colour and pattern');
  await room.stage.screenshot({ path: path.join(artifacts, 'projector-test-pattern.png') });
  await room.stage.keyboard.press('p');
  await room.stage.waitForSelector('[data-testid=test-pattern]', { state: 'detached' });
});
