// Browser tests of the console's "New token" button (#23: "a new token on
// request"), on a real `forkcast serve` and Debian's Chromium. The speaker
// presses the button in the Screens panel; from then on the old token is
// refused (a second console opened with the old link gets the auth error on
// its page, the API answers 401), the new links work, the console that
// pressed it goes on with the new token, and the stage already open on the
// projector keeps following the show, also across a crash and restart (the
// new token is kept with the database). Every step waits on the page.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { api, artifacts, eventually, keptLinksShow, launch, looks, serve, shows } from './lib.mjs';

const bin = process.env.FORKCAST_BIN;
if (!bin) throw new Error('FORKCAST_BIN must name the forkcast binary (make e2e sets it)');

// No --listen, no --token: the port and token are the ones kept with the database.
const { dir, story, args, env } = keptLinksShow('token');
let server;
let chrome;
after(async () => {
  await chrome?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const tokenOf = (u) => new URL(u).searchParams.get('token');
const where = (page) =>
  page.evaluate(() => {
    const el = document.querySelector('[data-testid=stage], [data-testid=console]');
    return `${el?.getAttribute('data-scene')}/${el?.getAttribute('data-slide')}/${el?.getAttribute('data-poll-state')}`;
  });
// at is where a state puts the show: scene/slide/poll state, as the pages mark it.
const at = (s) => `${s.scene}/${s.slide}/${s.poll?.state ?? 'none'}`;
const serverAt = async (u) => {
  const r = await api(u, 'GET', '/api/state');
  assert.equal(r.status, 200, `GET /api/state: ${JSON.stringify(r.data)}`);
  return r.data;
};
const follows = (page, name, want) =>
  eventually(`the ${name} to show ${want}`, async () => (await where(page)) === want, { seen: () => looks(page) });

test('New token: the old token is refused, the new links work, the open stage follows, also after a restart', async () => {
  server = serve(bin, args, { env });
  const first = await server.urls;
  const oldToken = tokenOf(first.console);
  chrome = await launch();
  const projector = await chrome.browser.newContext({ viewport: { width: 1280, height: 720 } });
  const laptop = await chrome.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const phone = await chrome.browser.newContext({ viewport: { width: 390, height: 844 } });
  const stage = await projector.newPage();
  const speaker = await laptop.newPage();
  const remote = await phone.newPage(); // a console opened earlier with the old link (a phone remote)
  const errors = [];
  for (const [n, p] of [['stage', stage], ['console', speaker], ['remote', remote]]) p.on('pageerror', (e) => errors.push(`${n}: ${e.message}`));
  await stage.goto(first.stage);
  await speaker.goto(first.console);
  await remote.goto(first.console);
  await shows(stage, '[data-testid=stage][data-scene]', 'the first slide');
  await shows(speaker, '[data-testid=console] >> text=● connected', 'a connected console');
  await shows(remote, '[data-testid=console] >> text=● connected', 'a connected console');
  await stage.evaluate(() => (window.__sameLoad = true)); // a page that reloads loses this mark

  // The speaker presses New token in the Screens panel.
  const oldStageLink = await (await shows(speaker, '[data-testid=copy-stage]', 'the stage link')).getAttribute('title');
  assert.equal(tokenOf(oldStageLink), oldToken, 'the stage link before the new token');
  await (await shows(speaker, '[data-testid=new-token]', 'the New token button', { visible: true })).click();
  const note = await shows(speaker, '[data-testid=token-note]', 'the note that the old links stopped working', { visible: true });
  assert.match(await note.textContent(), /old links no longer work/);
  const link = (view) =>
    eventually(`the ${view} link with a new token`, async () => {
      const u = await speaker.getAttribute(`[data-testid=copy-${view}]`, 'title');
      return tokenOf(u) !== oldToken && u;
    });
  const newStage = await link('stage');
  const newConsole = await link('console');
  const newToken = tokenOf(newConsole);
  assert.equal(tokenOf(newStage), newToken, 'the stage and console links carry one token');
  assert.match(newToken, /^[0-9a-f]{48}$/, 'a strong random token (24 bytes of hex)');
  await speaker.screenshot({ path: path.join(artifacts, 'token-new.png') });

  // The old token is refused, the new one works.
  const refused = await api(first.console, 'POST', '/api/next', {});
  assert.equal(refused.status, 401, `POST /api/next with the old token: ${JSON.stringify(refused.data)}`);
  assert.equal(refused.data.code, 'unauthorized');
  const links = await api(newConsole, 'GET', '/api/links');
  assert.equal(links.status, 200, `GET /api/links with the new token: ${JSON.stringify(links.data)}`);
  assert.equal(links.data.stage, newStage, 'the server names the links the panel shows');

  // The remote console with the old link: its Next gets the auth error, and the show stays.
  const before = await serverAt(newConsole);
  await remote.keyboard.press('PageDown');
  const toast = await shows(remote, '[data-testid=toast]', 'the error of a Next with the old token', { visible: true });
  assert.match(await toast.textContent(), /token is not right/i, 'the remote says its token was refused');
  const still = await serverAt(newConsole);
  assert.equal(`${at(still)}/${still.version}`, `${at(before)}/${before.version}`, 'a refused Next moved the show');

  // The speaker's console goes on with the new token: its Next moves the show, and the stage follows.
  await speaker.keyboard.press('PageDown');
  const moved = await eventually('the show to move on after the speaker\'s Next', async () => {
    const s = await serverAt(newConsole);
    return s.version > before.version && at(s) !== at(before) && s;
  });
  const here = at(moved);
  await follows(speaker, 'console', here);
  await follows(stage, 'stage opened with the old link', here);
  assert.equal(await stage.evaluate(() => window.__sameLoad), true, 'the stage was reloaded');

  // A page opened from the new stage link works.
  const fresh = await projector.newPage();
  await fresh.goto(newStage);
  await follows(fresh, 'stage opened with the new link', here);
  await fresh.close();

  // A crash and a restart on the same database: the new token was kept, the old one stays refused,
  // and the stage already open reconnects by itself and follows the next move.
  server.child.kill('SIGKILL');
  await new Promise((r) => (server.child.exitCode !== null || server.child.signalCode !== null ? r() : server.child.once('exit', r)));
  server = serve(bin, args, { env });
  const second = await server.urls;
  assert.equal(tokenOf(second.console), newToken, 'the restarted server prints the new token');
  assert.equal(new URL(second.stage).origin, new URL(first.stage).origin, 'the restarted server keeps its port');
  const again = await api(first.console, 'POST', '/api/next', {});
  assert.equal(again.status, 401, `POST /api/next with the old token after the restart: ${JSON.stringify(again.data)}`);
  const next = await api(second.console, 'POST', '/api/next', {});
  assert.equal(next.status, 200, `POST /api/next with the new token after the restart: ${JSON.stringify(next.data)}`);
  const there = at(next.data);
  assert.notEqual(there, here, 'the Next after the restart moved the show');
  await follows(stage, 'stage opened before the restart', there);
  await follows(speaker, 'console that made the token', there);
  assert.equal(await stage.evaluate(() => window.__sameLoad), true, 'the stage was reloaded');
  await stage.screenshot({ path: path.join(artifacts, 'token-stage-after-restart.png') });
  assert.deepEqual(errors, [], 'no page errors');
});

// On a server the network can reach (--listen 0.0.0.0, as the desktop's LAN mode) reading the show
// needs the token too: the stage opened before New token follows while its event stream stays open,
// and once the stream breaks (here a crash and restart) it says on the screen what to do instead of
// freezing on its last slide; the new link works.
test('New token on a LAN server: the old stage says what to do once its stream breaks; the new link works', async () => {
  await server?.stop(); // the first test's server
  const db = path.join(dir, 'lan.db');
  const lanArgs = (listen) => ['serve', '--story', story, '--db', db, '--listen', listen, '--source', 'sim:audience=5,seed=3'];
  server = serve(bin, lanArgs('0.0.0.0:0'), { env });
  const first = await server.urls;
  const port = new URL(first.stage).port;
  const oldToken = tokenOf(first.console);
  chrome ??= await launch();
  const projector = await chrome.browser.newContext({ viewport: { width: 1280, height: 720 } });
  const laptop = await chrome.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const stage = await projector.newPage();
  const speaker = await laptop.newPage();
  const errors = [];
  for (const [n, p] of [['stage', stage], ['console', speaker]]) p.on('pageerror', (e) => errors.push(`${n}: ${e.message}`));
  await stage.goto(first.stage);
  await speaker.goto(first.console);
  await shows(stage, '[data-testid=stage][data-scene]', 'the first slide');
  await shows(speaker, '[data-testid=console] >> text=● connected', 'a connected console');

  await (await shows(speaker, '[data-testid=new-token]', 'the New token button', { visible: true })).click();
  await shows(speaker, '[data-testid=token-note]', 'the note that the old links stopped working', { visible: true });
  const newStage = await eventually('the stage link with a new token', async () => {
    const u = await speaker.getAttribute('[data-testid=copy-stage]', 'title');
    return tokenOf(u) !== oldToken && u;
  });
  const refused = await api(first.stage, 'GET', '/api/state');
  assert.equal(refused.status, 401, `GET /api/state with the old token on a LAN server: ${JSON.stringify(refused.data)}`);

  // While its stream stays open the old stage follows.
  const r = await api(newStage, 'POST', '/api/next', {});
  assert.equal(r.status, 200, `POST /api/next with the new token: ${JSON.stringify(r.data)}`);
  await follows(stage, 'stage opened with the old link', at(r.data));

  // The stream breaks: crash and restart on the same port (the new token is kept with the database).
  server.child.kill('SIGKILL');
  await new Promise((res) => (server.child.exitCode !== null || server.child.signalCode !== null ? res() : server.child.once('exit', res)));
  server = serve(bin, lanArgs(`0.0.0.0:${port}`), { env });
  const second = await server.urls;
  assert.equal(tokenOf(second.stage), tokenOf(newStage), 'the restarted server keeps the new token');
  const notice = await shows(stage, '[data-testid=link-refused]', 'the sentence that the link\'s token was replaced', { visible: true, timeoutMs: 30000 });
  assert.match(await notice.textContent(), /token was replaced.*Open the new link from the console's Screens panel/s);
  await stage.screenshot({ path: path.join(artifacts, 'token-stage-refused.png') });
  // The speaker's console, on the new token, follows the restarted server; the new stage link works.
  const n = await api(second.console, 'POST', '/api/next', {});
  assert.equal(n.status, 200, `POST /api/next after the restart: ${JSON.stringify(n.data)}`);
  await eventually(`the console to catch up with version ${n.data.version}`, async () => Number(await speaker.getAttribute('[data-testid=console]', 'data-version')) >= n.data.version, {
    seen: () => looks(speaker),
  });
  const fresh = await projector.newPage();
  await fresh.goto(newStage);
  await shows(fresh, '[data-testid=stage][data-scene]', 'the stage from the new link');
  assert.equal(await fresh.locator('[data-testid=link-refused]').count(), 0, 'the new link is not refused');
  assert.deepEqual(errors, [], 'no page errors');
});
