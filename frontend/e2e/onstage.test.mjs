// Browser tests of what reaches the projector (#23 item 2) in a live show:
// the override dialog says where its reason goes and can keep it private; a
// click on the story map asks before it moves the show; the rating has no
// "Follow winner". Keys go to the console page, as on the speaker's laptop.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { api, artifacts, launch, serve, eventually } from './lib.mjs';

const bin = process.env.FORKCAST_BIN;
if (!bin) throw new Error('FORKCAST_BIN must name the forkcast binary (make e2e sets it)');

const dir = mkdtempSync(path.join(tmpdir(), 'forkcast-onstage-'));
let server, urls, chrome, stage, con;
const errors = [];

const state = async () => (await api(urls.console, 'GET', '/api/state')).data;

before(async () => {
  server = serve(bin, ['serve', '--live', '--story', 'stories/demo.md', '--db', path.join(dir, 'live.db'), '--listen', '127.0.0.1:0', '--token', 'onstage', '--no-source']);
  urls = await server.urls;
  chrome = await launch();
  stage = await chrome.browser.newPage({ viewport: { width: 1600, height: 900 } });
  con = await chrome.browser.newPage({ viewport: { width: 1440, height: 900 } });
  for (const [n, p] of [['stage', stage], ['console', con]]) p.on('pageerror', (e) => errors.push(`${n}: ${e.message}`));
  await stage.goto(urls.stage);
  await con.goto(urls.console);
  await stage.waitForSelector('[data-testid=stage][data-scene=title]');
  await con.waitForSelector('[data-testid=console] .badge.live');
});

after(async () => {
  await chrome?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a map click in a live show asks first; Cancel leaves the show where it was', async () => {
  await con.click('[data-testid=console] [data-node=check]');
  await con.waitForSelector('[data-testid=jump-confirm]:has-text("Jump the live show to check?")');
  await con.screenshot({ path: path.join(artifacts, 'e2e-onstage-jump-confirm.png') });
  await con.click('[data-testid=jump-no]');
  await con.waitForSelector('[data-testid=jump-confirm]', { state: 'detached' });
  // The cancel was processed (the dialog is gone); the show has not moved.
  assert.equal((await state()).scene, 'title', 'Cancel must not move the show');
  await con.click('[data-testid=console] [data-node=deploy]');
  await con.click('[data-testid=jump-yes]');
  await stage.waitForSelector('[data-testid=stage][data-scene=deploy]');
});

test('the override dialog says the reason goes on the stage, and keeps it private when asked', async () => {
  await con.locator('body').click({ position: { x: 5, y: 5 } });
  await con.keyboard.press('PageDown'); // deploy has one slide: open its poll
  await con.waitForSelector('[data-testid=poll-state]:text-is("open")');
  await con.keyboard.press('2');
  await con.waitForSelector('[data-testid=pick-dialog]');
  await con.fill('[data-testid=pick-reason]', 'the sponsor demo needs Monday');
  assert.match(await con.textContent('[data-testid=pick-where]'), /The reason is shown on the stage/);
  await con.check('[data-testid=pick-private]');
  assert.match(await con.textContent('[data-testid=pick-where]'), /stays on this console/);
  await con.screenshot({ path: path.join(artifacts, 'e2e-onstage-override-private.png') });
  await con.click('[data-testid=pick-submit]');
  await stage.waitForSelector('[data-testid=fork][data-poll-state=decided] [data-testid=speakers-call]');
  assert.equal((await stage.textContent('[data-testid=speakers-call]')).trim(), "Speaker's call", 'no reason on the stage');
  assert.doesNotMatch(await stage.textContent('[data-testid=stage]'), /sponsor/, 'the private reason never reaches the stage');
  await con.waitForSelector('[data-testid=override-reason]:has-text("override (private): the sponsor demo needs Monday")');
  await stage.screenshot({ path: path.join(artifacts, 'e2e-onstage-override-private-stage.png') });
  const st = await state();
  assert.equal(st.poll.overridePrivate, true);

  // A public override shows its reason (the second fork).
  await con.keyboard.press('PageDown'); // follow the winner: wait
  await stage.waitForSelector('[data-testid=stage][data-scene=wait]');
  await con.keyboard.press('PageDown');
  await stage.waitForSelector('[data-testid=stage][data-scene=check] [data-testid=fork]');
  await con.keyboard.press('PageDown'); // open its poll
  await stage.waitForSelector('[data-testid=stage][data-scene=check] [data-testid=fork][data-poll-state=open]');
  await con.keyboard.press('1');
  await con.fill('[data-testid=pick-reason]', 'the room shouted for graphs');
  await con.keyboard.press('Enter');
  await stage.waitForSelector('[data-testid=speakers-call]:has-text("Speaker\'s call: the room shouted for graphs")');
});

test('the rating has no Follow winner button', async () => {
  await con.keyboard.press('PageDown'); // dashboards
  await stage.waitForSelector('[data-testid=stage][data-scene=dashboards]');
  await con.keyboard.press('PageDown'); // rating
  await stage.waitForSelector('[data-testid=stage][data-scene=rating] [data-testid=fork]');
  await con.waitForSelector('[data-testid=btn-open]:not([disabled])');
  assert.equal(await con.$('[data-testid=btn-follow]'), null, 'no Follow winner on a rating');
  await con.screenshot({ path: path.join(artifacts, 'e2e-onstage-rating-console.png') });
  assert.deepEqual(errors, []);
});
