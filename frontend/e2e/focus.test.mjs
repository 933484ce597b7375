// Browser test of the console's focus traps (#23 item 4): after typing in the
// audience-bias field, PageDown leaves it and drives the show and Escape
// leaves it; after a mouse click on a console button, Space drives the show
// instead of pressing that button again.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { artifacts } from './lib.mjs';
import { startRoom } from './room.mjs';
import { readFileSync } from 'node:fs';
import { root } from './lib.mjs';

let room;
before(async () => {
  room = await startRoom(readFileSync(path.join(root, 'stories/demo.md'), 'utf8'), 'audience=40,seed=5');
});
after(async () => {
  await room?.close();
});

const focused = () => room.consolePage.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName);

test('keys leave the bias field and a clicked button', async () => {
  const con = room.consolePage;
  await con.waitForSelector('[data-testid=scene-id]:text-is("title")');
  await con.fill('[data-testid=audience-spec]', '1:100');
  assert.equal(await focused(), 'audience-spec');
  await con.keyboard.press('PageDown');
  await con.waitForSelector('[data-testid=scene-id]:text-is("deploy")');
  assert.equal(await focused(), 'BODY', 'PageDown left the field');
  assert.equal(await con.inputValue('[data-testid=audience-spec]'), '1:100', 'the field kept its text');

  await con.click('[data-testid=audience-spec]');
  await con.keyboard.type('o');
  assert.match(await con.inputValue('[data-testid=audience-spec]'), /o$/, 'letters are typed into the field');
  await con.keyboard.press('Escape');
  assert.equal(await focused(), 'BODY', 'Escape left the field');
  await con.keyboard.press('PageDown');
  await con.waitForSelector('[data-testid=poll-state]:text-is("open")');

  await con.click('[data-testid=btn-tools]');
  await con.waitForSelector('[data-testid=rehearsal-panel]');
  await con.keyboard.press(' ');
  await con.waitForSelector('[data-testid=next-hint][data-confirm=true]');
  assert.ok(await con.$('[data-testid=rehearsal-panel]'), 'Space did not press the tools button again');
  await con.screenshot({ path: path.join(artifacts, 'e2e-focus-console.png') });
  assert.deepEqual(room.errors, []);
});
