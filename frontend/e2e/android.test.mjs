// Browser test of issue 17: the speaker's Android phone as the vote source.
// `forkcast serve --live --source android:...` reads the emulated SMS Gateway
// for Android (bridge/android/androidtest/cmd/fakephone, a real HTTP server on
// loopback) and takes its signed webhooks on its own server; the console's
// Sources panel must show what the speaker needs: the phone ok, its battery,
// network, clock skew and webhook, the RCS advice, the texts and the time of
// the last one, forged webhooks refused, and, when the phone stops answering,
// a line in the alarm colour saying so. Screenshots go to build/artifacts/.
// FORKCAST_BIN is the forkcast binary; FAKEPHONE_BIN the emulator (built here
// with `go build` when unset).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { api, artifacts, launch, root, serve, eventually } from './lib.mjs';
import { axeSource, demoWith } from './room.mjs';

const bin = process.env.FORKCAST_BIN;
if (!bin) throw new Error('FORKCAST_BIN must name the forkcast binary (make e2e sets it)');

const pass = 'Pa55word';
const key = 'e2e-browser-signing-k3y';
const token = 'android-token';
const dir = mkdtempSync(path.join(tmpdir(), 'forkcast-android-'));
// The demo talk with a poll that stays open until closed by key: the phone's
// time away must not decide whether its text is counted.
const story = path.join(dir, 'talk.md');
writeFileSync(story, demoWith(`
vote:
  number: "+1 503 555 0142"
  timer: 0
  policy: last-wins
  ties: presenter
  open: key
  grace: 5s
`));

let phone, server, urls, chrome, consolePage, stagePage, hookURL;
const errors = [];

/** freePort finds a loopback port nothing listens on: the phone is told the webhook URL before serve starts. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * startPhone runs the emulator with -control and resolves once it printed
 * its address; cmd(line) sends a command and waits for its "ok" line.
 */
async function startPhone(args) {
  let exe = process.env.FAKEPHONE_BIN;
  if (!exe) {
    exe = path.join(dir, 'fakephone');
    execFileSync('go', ['build', '-o', exe, './bridge/android/androidtest/cmd/fakephone'], { cwd: root, stdio: 'inherit' });
  }
  const child = spawn(exe, ['-addr', '127.0.0.1:0', '-rate', '0', '-control', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const url = await eventually('the emulated phone to print its address', () => out.match(/ at (http:\/\/127\.0\.0\.1:\d+),/)?.[1], { timeoutMs: 60000, everyMs: 50 });
  const answers = () => out.split('\n').filter((l) => /^(ok|error:) /.test(l));
  return {
    url,
    logs: () => out,
    async cmd(line) {
      const n = answers().length;
      child.stdin.write(line + '\n');
      await eventually(`the phone to run "${line}"`, () => answers().length > n, { everyMs: 20 });
      assert.equal(answers()[n], `ok ${line}`, `the phone's answer to "${line}"`);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    },
  };
}

/** health returns what the console's Sources panel shows for the phone. */
function panel() {
  return consolePage.evaluate(() => {
    const li = document.querySelector('[data-testid=health] li[data-source=android]');
    if (!li) return null;
    const metrics = {};
    for (const m of li.querySelectorAll('[data-metric]')) metrics[m.getAttribute('data-metric')] = m.textContent.trim();
    return {
      state: li.className.split(/\s+/).find((c) => ['ok', 'connecting', 'degraded', 'down', 'stopped'].includes(c)) ?? li.className,
      head: ['b', '.kind', '.state', '.rx'].map((sel) => li.querySelector(`.head ${sel}`)?.textContent.replace(/\s+/g, ' ').trim()).join(' | '),
      detail: li.querySelector('[data-testid=health-detail]')?.textContent.trim() ?? '',
      notes: [...li.querySelectorAll('[data-testid=health-note]')].map((n) => n.textContent.trim()),
      metrics,
    };
  });
}

/** waitPanel waits until the panel satisfies ok(p), saying what it showed last. */
function waitPanel(what, ok, timeoutMs = 20000) {
  return eventually(`the console's Sources panel to show ${what}`, async () => {
    const p = await panel();
    if (p && ok(p)) return p;
    throw new Error(JSON.stringify(p));
  }, { timeoutMs: timeoutMs, everyMs: 100 });
}

/** axeOn runs axe-core on one region of a page; serious and critical violations, readable. */
async function axeOn(page, selector) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const res = await page.evaluate((sel) => window.axe.run(document.querySelector(sel), { resultTypes: ['violations'] }), selector);
  return res.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
}

/** sign is the app's webhook signature: hex HMAC-SHA256 of the raw body followed by X-Timestamp. */
const sign = (k, body, ts) => createHmac('sha256', k).update(body + ts).digest('hex');

before(async () => {
  phone = await startPhone(['-pass', pass, '-key', key, '-offset', '10m', '-battery', '62', '-charging', '5']);
  const port = await freePort();
  hookURL = `http://127.0.0.1:${port}/android/webhook`;
  server = serve(bin, ['serve', '--live', '--story', story, '--db', path.join(dir, 'show.db'), '--listen', `127.0.0.1:${port}`, '--token', token,
    '--source', `android:${phone.url},poll=200ms,webhook=${hookURL}`], { env: { FORKCAST_ANDROID_PASS: pass, FORKCAST_ANDROID_KEY: key } });
  urls = await server.urls;
  chrome = await launch();
  const context = await chrome.browser.newContext({ bypassCSP: true, viewport: { width: 1440, height: 900 } });
  consolePage = await context.newPage();
  stagePage = await context.newPage();
  for (const [name, p] of [['console', consolePage], ['stage', stagePage]]) p.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
  await consolePage.goto(urls.console);
  await stagePage.goto(urls.stage);
  await consolePage.waitForSelector('[data-testid=console]');
  await stagePage.waitForSelector('[data-testid=stage][data-scene]');
});

after(async () => {
  await chrome?.close();
  await server?.stop();
  await phone?.stop();
  rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(errors, [], 'no page errors');
});

test("the console shows the phone ok, with its battery, network, clock, webhook and the RCS advice", async () => {
  const p = await waitPanel('the phone ok with its webhook on', (p) => p.state === 'ok' && p.metrics.webhook === 'webhook on');
  assert.equal(p.head, 'android | android | ok | 0 texts', 'name, kind, state and no texts yet');
  assert.equal(p.metrics.battery, 'battery 62%, charging (USB)');
  assert.equal(p.metrics.network, 'network Wi-Fi, 4G');
  assert.match(p.metrics.clock, /^phone clock phone (9m5[89]s|10m0s|10m1s) ahead$/, 'the skew of a phone 10 minutes ahead');
  assert.match(p.detail, /^Receiving; the phone's clock is (9m5[89]s|10m0s|10m1s) off \(votes are timed by the laptop\)\.$/);
  assert.deepEqual(p.notes, ['Turn off chat features (RCS) on this phone, or texts from some phones never arrive as SMS.']);
  // Metrics in the speaker's order: battery before network before clock before webhook.
  const order = Object.keys(p.metrics);
  for (const [a, b] of [['battery', 'network'], ['network', 'clock'], ['clock', 'webhook']]) {
    assert.ok(order.indexOf(a) < order.indexOf(b), `${a} before ${b} in ${order.join(', ')}`);
  }
  assert.deepEqual(await axeOn(consolePage, '[data-testid=health]'), [], 'the Sources panel passes axe');
});

test('texts from the phone are counted and shown; a forged webhook is refused and counted in the panel', async () => {
  // To the first fork, then open its poll.
  for (let i = 0; i < 30; i++) {
    const st = (await api(urls.stage, 'GET', '/api/state')).data;
    if (st.atFork && st.poll?.state === 'ready') break;
    assert.equal((await api(urls.stage, 'POST', '/api/next')).status, 200);
    await eventually('the slide to change', async () => (await api(urls.stage, 'GET', '/api/state')).data.version !== st.version, { everyMs: 50 });
  }
  assert.equal((await api(urls.stage, 'POST', '/api/poll/open')).status, 200);
  await stagePage.waitForSelector('[data-testid=fork][data-poll-state=open]');

  const votes = ['1', '2', '1', '1', 'two'];
  for (const [i, v] of votes.entries()) await phone.cmd(`text +1503555010${i} ${v}`);
  const p = await waitPanel('5 texts and the time of the last', (p) => /\b5 texts, last \d\d:\d\d:\d\d$/.test(p.head));
  assert.equal(p.state, 'ok');
  await consolePage.waitForSelector('[data-testid=inbox] li:nth-child(5):not(.empty)');
  const senders = await consolePage.$$eval('[data-testid=inbox] .who', (els) => els.map((e) => e.textContent.trim()));
  assert.equal(senders.length, 5);
  for (const s of senders) assert.doesNotMatch(s, /503555010/, `the console shows ${s}: never a number in full`);
  const st = (await api(urls.stage, 'GET', '/api/state')).data;
  assert.equal(st.poll.total, 5, 'five votes counted');
  assert.deepEqual(st.poll.choices.map((c) => c.count), [3, 2], 'three for 1, two for 2');

  // A webhook signed with another key, with the phone's own time stamp: 403.
  const body = JSON.stringify({ deviceId: 'x', event: 'sms:received', id: 'forged1', webhookId: 'forkcast-android',
    payload: { messageId: '1', message: '2', sender: '+15035559999', phoneNumber: '+15035559999', simNumber: 1, receivedAt: new Date().toISOString() } });
  const ts = String(Math.floor(Date.now() / 1000) + 600);
  const res = await fetch(hookURL, { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'X-Timestamp': ts, 'X-Signature': sign('not-the-key', body, ts) } });
  assert.equal(res.status, 403, 'a forged webhook is refused');
  const q = await waitPanel('the forged webhook refused', (p) => p.metrics.refused === 'refused 1 forged or stale webhooks');
  assert.match(q.head, /\b5 texts\b/, 'the forged text is not counted');
  assert.equal((await api(urls.stage, 'GET', '/api/state')).data.poll.total, 5, 'still five votes');
  await consolePage.screenshot({ path: path.join(artifacts, 'android-console-ok.png') });
  await consolePage.locator('section.health').screenshot({ path: path.join(artifacts, 'android-health-ok.png') });
});

test('when the phone stops answering the console says so in the alarm colour, and nothing sent meanwhile is lost', async () => {
  await phone.cmd('down');
  await phone.cmd('text +15035550199 1'); // the network still delivers to the phone; the laptop gets it when the phone is back
  const p = await waitPanel('the phone down', (p) => p.state === 'down');
  assert.match(p.detail, /^The phone stopped answering at \d\d:\d\d:\d\d \(.+\): check its Wi-Fi, that the app's local server is still Online, and that battery saving has not stopped the app\.$/);
  const colours = await consolePage.evaluate(() => {
    const li = document.querySelector('[data-testid=health] li[data-source=android]');
    const probe = document.createElement('span');
    probe.style.color = 'var(--bad)';
    li.appendChild(probe);
    const bad = getComputedStyle(probe).color;
    probe.remove();
    return { detail: getComputedStyle(li.querySelector('[data-testid=health-detail]')).color, state: getComputedStyle(li.querySelector('.state')).color, bad };
  });
  assert.equal(colours.detail, colours.bad, 'the sentence is in the alarm colour');
  assert.equal(colours.state, colours.bad, 'DOWN is in the alarm colour');
  assert.deepEqual(await axeOn(consolePage, '[data-testid=health]'), [], 'the Sources panel passes axe while the phone is down');
  await consolePage.locator('section.health').screenshot({ path: path.join(artifacts, 'android-health-down.png') });
  await consolePage.screenshot({ path: path.join(artifacts, 'android-console-down.png') });

  await phone.cmd('up');
  const q = await waitPanel('the phone back, with the text it received while away', (p) => p.state === 'ok' && /\b6 texts, last/.test(p.head));
  assert.equal(q.detail.startsWith('The phone stopped'), false);
  assert.equal((await api(urls.stage, 'GET', '/api/state')).data.poll.total, 6, 'the text sent while the phone was away counts');
});
