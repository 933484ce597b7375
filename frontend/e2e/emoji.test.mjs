// Emoji texted by the audience draw in the console's inbox from the bundled
// Noto Emoji font (@fontsource/noto-emoji), not as tofu, on a machine with no
// emoji font of its own (#23 item 16). The screenshot is for looking at.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { artifacts, eventually, root } from './lib.mjs';
import { startRoom, toFork } from './room.mjs';

let room;
before(async () => {
  // invalid=0.7: most first texts are not votes, among them emoji ("🚀🚀🚀", "🤷").
  room = await startRoom(readFileSync(path.join(root, 'stories/demo.md'), 'utf8'), 'audience=60,invalid=0.7,seed=4,rate=20');
});
after(async () => {
  await room?.close();
});

test('texted emoji draw with the bundled emoji font', async () => {
  const con = room.consolePage;
  await toFork(room);
  await room.act('/api/poll/open');
  let seen = '';
  await eventually('an emoji text in the console inbox', async () => {
    seen = await con.evaluate(() => document.querySelector('[data-testid=console]')?.innerText ?? '');
    return /\p{Extended_Pictographic}/u.test(seen);
  }, { timeoutMs: 30000, seen: () => seen.slice(-200) });
  // The browser fetches a face's file only when a character in its range is drawn.
  let faces = [];
  await eventually('a Noto Emoji face loaded for the drawn emoji', async () => {
    faces = await con.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'Noto Emoji').map((f) => f.status);
    });
    return faces.includes('loaded');
  }, { seen: () => JSON.stringify(faces) });
  const family = await con.evaluate(() => getComputedStyle(document.querySelector('[data-testid=console]')).fontFamily);
  assert.match(family, /Noto Emoji/, `the console's font stack: ${family}`);
  const row = con.locator('li', { hasText: /\p{Extended_Pictographic}/u }).first();
  await row.scrollIntoViewIfNeeded();
  await row.screenshot({ path: path.join(artifacts, 'e2e-inbox-emoji.png') });
});
