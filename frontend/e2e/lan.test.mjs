// Browser test of the desktop window's LAN mode (#23 item 13): the phone
// remote's "Let phones on this network connect" checkbox. The checkbox exists
// only in the desktop window (it calls the Go facade's SetLAN), so the test
// runs the real desktop app under Xvfb, built with Wails' `dev` tag: its
// window runs as usual, and Wails' dev server also serves the same embedded
// frontend to Chromium with the same bindings (window.go.desktop.App over a
// WebSocket), so Chromium drives the real Go methods. Nothing is stubbed.
//
// Ticked, the panel lists the LAN URLs and shows their QR code, the server
// answers on the machine's LAN addresses (with the token, and only with it),
// a phone-sized page opens the console there, and the stage already open on
// loopback reconnects by itself. Unticked, the LAN addresses refuse
// connections again. Then the restart's failure path: another program holds
// the port on the LAN address, so the server cannot come back on the same
// port; it moves to a free one and the panel says the links changed; the
// Screens panel's links are the new ones. On a machine without a LAN address
// the checkbox answers the sentence the Go side gives (TestLANWithoutNetwork).
//
// FORKCAST_DEV_BIN is the dev-tagged binary; without it the test builds one
// (go build -tags dev,webkit2_41, shared build cache) into a temp folder.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import QRCode from 'qrcode';
import { api, artifacts, eventually, launch, looks, root, serve, shows } from './lib.mjs';

const dir = mkdtempSync(path.join(os.tmpdir(), 'forkcast-lan-'));
let xvfb;
let app;
let chrome;
let blocker;
after(async () => {
  await chrome?.close();
  await app?.stop();
  blocker?.close();
  if (xvfb && xvfb.exitCode === null) {
    const gone = new Promise((r) => xvfb.once('exit', r));
    xvfb.kill('SIGTERM');
    await gone;
  }
  rmSync(dir, { recursive: true, force: true });
});

/** devBinary returns the dev-tagged desktop binary, building it when none is given. */
function devBinary() {
  if (process.env.FORKCAST_DEV_BIN) return path.resolve(process.env.FORKCAST_DEV_BIN);
  const out = path.join(dir, 'forkcast-dev');
  execFileSync('go', ['build', '-tags', 'dev,webkit2_41', '-o', out, '.'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], timeout: 15 * 60_000 });
  return out;
}

/** startXvfb starts a virtual display and resolves with its name (":N"). */
function startXvfb() {
  xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let err = '';
  xvfb.stderr.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    let n = '';
    xvfb.stdio[3].on('data', (d) => {
      n += d;
      if (n.includes('\n')) resolve(`:${n.trim()}`);
    });
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited with ${code} before naming its display: ${err}`)));
  });
}

/** freePort asks the kernel for a free loopback port. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * connects says whether a TCP connection to host:port is accepted (true) or
 * refused (false). Only the kernel's answer counts: a connection that gets no
 * answer at all proves nothing, so it rejects instead of passing for "refused".
 */
function connects(host, port) {
  return new Promise((resolve, reject) => {
    const c = net.connect({ host, port, timeout: 10000 });
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', (e) => (e.code === 'ECONNREFUSED' ? resolve(false) : reject(new Error(`connect ${host}:${port}: ${e.message}`))));
    c.once('timeout', () => {
      c.destroy();
      reject(new Error(`connect ${host}:${port}: no answer in 10 s (neither accepted nor refused)`));
    });
  });
}

/** get sends GET path to host (dialled as is) with the bearer token ("" = none). */
async function get(hostPort, p, token) {
  const res = await fetch(`http://${hostPort}${p}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: await res.text() };
}

// This machine's LAN addresses as the Go side lists them: IPv4, up, not loopback.
const lanIPs = Object.values(os.networkInterfaces())
  .flat()
  .filter((a) => a && a.family === 'IPv4' && !a.internal)
  .map((a) => a.address);

const version = (page) => page.evaluate(() => Number(document.querySelector('[data-testid=stage]')?.getAttribute('data-version') ?? -1));

/**
 * followed changes the show with the token of link (it blanks or
 * un-blanks the stage: allowed at any point of a poll, unlike Next in a grace
 * window) and waits for the stage page to catch up with the state the change
 * answered (its data-version at least that state's: the simulated audience
 * and the poll timer move it on) and to show the blank as it now is.
 */
async function followed(link, stage, what) {
  const cur = await api(link, 'GET', '/api/state');
  assert.equal(cur.status, 200, `GET /api/state (${what}): ${JSON.stringify(cur.data)}`);
  const r = await api(link, 'POST', '/api/blank', { on: !cur.data.blank });
  assert.equal(r.status, 200, `POST /api/blank (${what}): ${JSON.stringify(r.data)}`);
  const blank = String(!cur.data.blank);
  await eventually(`the stage (${what}) to catch up with version ${r.data.version}, blank ${blank}`, async () =>
    (await version(stage)) >= r.data.version && (await stage.getAttribute('[data-testid=stage]', 'data-blank')) === blank, {
    seen: () => looks(stage),
  });
}

test('the desktop LAN checkbox: LAN URLs and QR, the server on the network and back, the port-taken restart', async () => {
  const bin = devBinary();
  const display = await startXvfb();
  const devPort = await freePort();
  const story = path.join(dir, 'talk.md');
  copyFileSync(path.join(root, 'stories/demo.md'), story);
  app = serve(bin, ['--story', story, '--db', path.join(dir, 'show.db'), '--source', 'sim:audience=5,seed=3'], {
    timeoutMs: 60000,
    env: {
      DISPLAY: display,
      devserver: `127.0.0.1:${devPort}`,
      XDG_CONFIG_HOME: path.join(dir, 'config'),
      XDG_CACHE_HOME: path.join(dir, 'cache'),
      FORKCAST_TOKEN: '',
    },
  });
  const urls = await app.urls;
  const port = Number(new URL(urls.stage).port);
  const token = new URL(urls.console).searchParams.get('token');
  const window = `http://127.0.0.1:${devPort}/`;
  await eventually(`Wails' dev server at ${window}`, async () => (await fetch(window)).ok, { timeoutMs: 60000, seen: () => app.logs().slice(-400) });

  chrome = await launch();
  const laptop = await chrome.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const con = await laptop.newPage();
  const errors = [];
  con.on('pageerror', (e) => {
    // Wails' dev-mode script (its connection overlay, /wails/ipc.js) throws once at load in a
    // browser; it is the harness, not Forkcast: only errors from the app's own code count.
    if (!String(e.stack).includes('/wails/ipc.js')) errors.push(`console: ${e.message}`);
  });
  await con.goto(window);
  await shows(con, '[data-testid=console][data-scene]', 'the desktop console');
  assert.equal(await con.evaluate(() => typeof window.go?.desktop?.App?.SetLAN), 'function', 'the page talks to the Go facade (Wails bindings)');
  const projector = await chrome.browser.newContext({ viewport: { width: 1280, height: 720 } });
  const stage = await projector.newPage();
  stage.on('pageerror', (e) => errors.push(`stage: ${e.message}`));
  await stage.goto(urls.stage);
  await shows(stage, '[data-testid=stage][data-scene]', 'the stage on loopback');
  await stage.evaluate(() => (window.__sameLoad = true)); // a page that reloads loses this mark

  for (const ip of lanIPs) assert.equal(await connects(ip, port), false, `${ip}:${port} accepted a connection before LAN mode`);
  await (await shows(con, '[data-testid=remote-toggle]', 'the Phone remote button', { visible: true })).click();
  const box = await shows(con, '[data-testid=lan-toggle]', 'the LAN checkbox', { visible: true });
  assert.equal(await box.isChecked(), false, 'LAN mode is off at start');
  await shows(con, 'text=tick the box above', 'the hint that the server listens on this machine only');

  if (lanIPs.length === 0) {
    // No LAN address: the Go side refuses with a sentence (errNoLAN) and stays on loopback.
    await box.click();
    const err = await shows(con, '[data-testid=lan-error]', 'the refusal of LAN mode', { visible: true });
    assert.match(await err.textContent(), /no network address a phone could reach/);
    assert.equal(await box.isChecked(), false, 'the box stays unticked');
    await followed(urls.console, stage, 'loopback after the refusal');
    assert.deepEqual(errors, []);
    return;
  }

  // Tick: the server restarts on every interface, same port.
  await box.click();
  const list = await shows(con, '[data-testid=lan-urls]', 'the LAN URLs', { visible: true });
  assert.equal(await box.isChecked(), true, 'the box is ticked');
  const hosts = (await list.locator('code').allTextContents()).map((s) => s.trim());
  assert.deepEqual([...hosts].sort(), lanIPs.map((ip) => `${ip}:${port}`).sort(), 'one URL per LAN address, on the same port');
  // The QR code is the first LAN URL's console link: drawn here from that URL with the same encoder and options.
  const remote = `http://${hosts[0]}/console?token=${token}`;
  const want = await QRCode.toString(remote, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } });
  // Both go through the page's HTML parser, so only the drawing is compared, not how it was serialised.
  const shown = () =>
    con.locator('[data-testid=qr] svg').evaluate((el, w) => {
      const t = document.createElement('div');
      t.innerHTML = w;
      return { same: t.firstElementChild?.outerHTML === el.outerHTML, svg: el.outerHTML };
    }, want);
  const svg = await eventually('the QR code of the LAN link', async () => {
    const s = await shown();
    return s.same && s.svg;
  }, { seen: async () => `${(await shown()).svg.slice(0, 160)}… (want the QR code of ${remote})` });
  assert.ok(svg.length > 500, 'a real QR code');
  await con.screenshot({ path: path.join(artifacts, 'lan-on.png') });

  for (const h of hosts) {
    const ok = await get(h, '/api/state', token);
    assert.equal(ok.status, 200, `GET http://${h}/api/state with the token: ${ok.body}`);
    const no = await get(h, '/api/state', '');
    assert.equal(no.status, 401, `GET http://${h}/api/state without the token: ${no.body}`);
  }
  // A phone on the venue network opens the console link of the QR code.
  const phone = await (await chrome.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
  await phone.goto(remote);
  await shows(phone, '[data-testid=console] >> text=● connected', 'the console on a phone, over the LAN address');
  // The stage already open on loopback reconnected to the restarted server by itself.
  await followed(urls.console, stage, 'after LAN mode on');
  await phone.close();

  // Untick: loopback only again.
  await box.click();
  await eventually('the box unticked and the LAN URLs gone', async () => !(await box.isChecked()) && (await con.locator('[data-testid=lan-urls]').count()) === 0, {
    seen: () => looks(con),
  });
  for (const ip of lanIPs) assert.equal(await connects(ip, port), false, `${ip}:${port} still accepts connections after LAN mode off`);
  await followed(urls.console, stage, 'after LAN mode off');

  // The restart's failure path: another program holds the port on the LAN address.
  blocker = net.createServer((c) => c.destroy());
  await new Promise((resolve, reject) => blocker.once('error', reject).listen(port, lanIPs[0], resolve));
  await box.click();
  const note = await shows(con, `text=Port ${port} is taken by another program`, 'the note that the links changed', { visible: true });
  assert.match(await note.textContent(), /links changed; open them again/);
  const moved = (await con.locator('[data-testid=lan-urls] code').allTextContents()).map((s) => s.trim());
  const newPort = Number(moved[0].split(':')[1]);
  assert.notEqual(newPort, port, 'the server moved to another port');
  assert.deepEqual([...moved].sort(), lanIPs.map((ip) => `${ip}:${newPort}`).sort(), 'the LAN URLs name the new port');
  const ok = await get(moved[0], '/api/state', token);
  assert.equal(ok.status, 200, `GET http://${moved[0]}/api/state with the token: ${ok.body}`);
  await con.screenshot({ path: path.join(artifacts, 'lan-port-taken.png') });
  // The speaker is told to open the links again: the Screens panel's links must be the new ones.
  const stageLink = await eventually('the Screens panel to show the stage link on the new port', async () => {
    const u = await con.getAttribute('[data-testid=copy-stage]', 'title');
    return Number(new URL(u).port) === newPort && u;
  }, { seen: () => con.getAttribute('[data-testid=copy-stage]', 'title') });
  const fresh = await projector.newPage();
  await fresh.goto(stageLink);
  await shows(fresh, '[data-testid=stage][data-scene]', 'the stage from the new link');
  await followed(stageLink, fresh, 'opened again on the new port');
  assert.equal(await stage.evaluate(() => window.__sameLoad), true, 'the first stage page was reloaded');
  assert.deepEqual(errors, [], 'no page errors');
});
