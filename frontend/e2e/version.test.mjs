// Browser test of the version a speaker sees (#22): the Help overlay (?) on
// the console and on the stage shows the version stamped into the binary
// under test (-X main.version, as make release stamps it), the same string
// the binary prints for --version and serves as /version.json.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { artifacts, gone, root, shows } from './lib.mjs';
import { bin, startRoom } from './room.mjs';

let room;
let stamped;
before(async () => {
  // The binary's own word, read independently of the page: "forkcast VERSION ...".
  const out = execFileSync(bin, ['--version'], { encoding: 'utf8' });
  const m = out.match(/^forkcast (\S+)/);
  assert.ok(m, `forkcast --version printed ${JSON.stringify(out)}`);
  stamped = m[1];
  room = await startRoom(readFileSync(path.join(root, 'stories/demo.md'), 'utf8'), 'audience=5,seed=3');
});
after(async () => {
  await room?.close();
});

test('the binary serves its stamped version as /version.json', async () => {
  const res = await fetch(new URL('/version.json', room.urls.console));
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { version: stamped });
});

for (const which of ['consolePage', 'stage']) {
  test(`the Help overlay on the ${which === 'stage' ? 'stage' : 'console'} shows the version`, async () => {
    const page = room[which];
    await page.bringToFront();
    await page.keyboard.press('?');
    await shows(page, '[data-testid=help]', 'the help overlay after ?');
    // The version arrives by a fetch after the overlay opens: wait for it.
    await shows(page, '[data-testid=help] [data-testid=version]', 'the version line in the help overlay');
    assert.equal((await page.textContent('[data-testid=help] [data-testid=version]')).trim(), `Forkcast ${stamped}`);
    await page.screenshot({ path: path.join(artifacts, `e2e-version-${which}.png`) });
    await page.keyboard.press('Escape');
    await gone(page, '[data-testid=help]', 'the help overlay after Escape');
  });
}

test('no page errors', () => {
  assert.deepEqual(room.errors, []);
});
