// Browser test of a restart mid-talk (#23 item 3): `forkcast serve` is killed
// (SIGKILL, as a crash) and started again on the same database. It comes back
// on the same port with the same token, so the stage page already open on the
// projector reconnects by itself and shows the same slide, without a reload;
// while the server is down the console says "reconnecting" and the stage
// keeps its slide and says nothing.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { api, artifacts, eventually, keptLinksShow, launch, looks, serve } from './lib.mjs';

const bin = process.env.FORKCAST_BIN;
if (!bin) throw new Error('FORKCAST_BIN must name the forkcast binary (make e2e sets it)');

// No --listen, no --token: the port and token are the ones kept with the database.
const { dir, args, env } = keptLinksShow('restart');
let server;
let chrome;
after(async () => {
  await chrome?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const where = (page) => page.evaluate(() => {
  const el = document.querySelector('[data-testid=stage], [data-testid=console]');
  return `${el?.getAttribute('data-scene')}/${el?.getAttribute('data-slide')}`;
});

test('a killed and restarted server: same links, the open stage follows again without a reload', async () => {
  server = serve(bin, args, { env });
  const first = await server.urls;
  chrome = await launch();
  const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 720 } });
  const stage = await context.newPage();
  const con = await context.newPage();
  const errors = [];
  stage.on('pageerror', (e) => errors.push(`stage: ${e.message}`));
  await stage.goto(first.stage);
  await con.goto(first.console);
  await stage.waitForSelector('[data-testid=stage][data-scene]');
  await con.waitForSelector('[data-testid=console] >> text=● connected');

  // Go to a scene of plain slides (a fork's Next would open or close its
  // poll without moving), and wait until the stage shows where the server is.
  const g = await api(first.stage, 'POST', '/api/goto', { scene: 'ship' });
  assert.equal(g.status, 200, `POST /api/goto: ${JSON.stringify(g.data)}`);
  const st = (await api(first.stage, 'GET', '/api/state')).data;
  const here = `${st.scene}/${st.slide}`;
  await eventually(`the stage to show ${here}`, async () => (await where(stage)) === here, { seen: () => looks(stage) });
  // A page that reloads loses this mark.
  await stage.evaluate(() => (window.__sameLoad = true));

  // Crash: SIGKILL, no clean-up.
  const gone = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGKILL');
  await gone;
  await con.waitForSelector('[data-testid=console] >> text=○ reconnecting…', { timeout: 20000 });
  // Proof that the stage noticed too (an empty, hidden mark), before looking for an absence.
  await stage.waitForSelector('[data-testid=offline]', { state: 'attached', timeout: 20000 });
  await con.screenshot({ path: path.join(artifacts, 'e2e-restart-console-down.png') });
  await stage.screenshot({ path: path.join(artifacts, 'e2e-restart-stage-down.png') });
  assert.equal(await where(stage), here, 'the stage keeps its slide while the server is down');
  assert.doesNotMatch(await stage.evaluate(() => document.body.innerText), /reconnect|offline|disconnected/i, 'nothing about the link on the projector');

  // Restart on the same database: the same links.
  server = serve(bin, args, { env });
  const again = await server.urls;
  const t0 = Date.now();
  assert.deepEqual(again, first, 'the restarted server has the same stage and console links');
  const resumed = (await api(again.stage, 'GET', '/api/state')).data;
  assert.equal(`${resumed.scene}/${resumed.slide}`, here, 'the session resumes at the same slide');

  // The open pages reconnect by themselves: the console says so, and the stage
  // follows the next slide (proof that it is live again, not merely unchanged).
  await con.waitForSelector('[data-testid=console] >> text=● connected', { timeout: 20000 });
  const r = await api(again.stage, 'POST', '/api/next', {});
  assert.equal(r.status, 200, `POST /api/next after the restart: ${JSON.stringify(r.data)}`);
  const moved = `${r.data.scene}/${r.data.slide}`;
  assert.notEqual(moved, here, 'Next after the restart moves the show');
  await eventually(`the stage to follow to ${moved}`, async () => (await where(stage)) === moved, { seen: () => looks(stage), timeoutMs: 20000 });
  const ms = Date.now() - t0;
  console.log(`restart: the open stage followed ${ms} ms after the server printed its links`);
  assert.ok(ms < 5000, `the stage followed after ${ms} ms, want < 5000`);
  assert.equal(await stage.evaluate(() => window.__sameLoad), true, 'the stage page was not reloaded');
  await stage.screenshot({ path: path.join(artifacts, 'e2e-restart-stage-back.png') });
  assert.deepEqual(errors, []);
});
