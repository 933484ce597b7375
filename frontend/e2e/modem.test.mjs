// Browser test of issue 15 through a modem on a real pseudo-terminal: the
// modem emulator (bridge/modem/modemtest/cmd/fakemodem) hands `forkcast serve`
// PDUs made by an encoder Forkcast did not write (node-pdu: UCS-2, a 16-bit
// concatenation reference, three parts delivered 3, 1, 2, a surrogate pair
// split across parts) and one PDU nobody can read (its coding says
// compressed). The console must show the long text counted as the vote it
// carries and the other as "unreadable text kept" with its masked sender;
// the stage's bars count one vote.
// FORKCAST_BIN is the forkcast binary; FAKEMODEM_BIN the emulator (built
// here with `go build` when unset).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { api, artifacts, caughtUp, launch, root, serve, eventually } from './lib.mjs';

const bin = process.env.FORKCAST_BIN;
if (!bin) throw new Error('FORKCAST_BIN must name the forkcast binary (make e2e sets it)');

const dir = mkdtempSync(path.join(tmpdir(), 'forkcast-modem-e2e-'));
const token = 'e2e-token';
const fixtures = JSON.parse(readFileSync(path.join(root, 'bridge/modem/modemtest/foreign/fixtures.json'), 'utf8')).fixtures;
const fixture = (name) => fixtures.find((f) => f.name === name) ?? assert.fail(`no fixture ${name}`);
const long = fixture('nodepdu-ucs2-16bit-3parts-vote');

/** compressed is a foreign single-part PDU with its DCS set to 0x20 (compressed): readable address, unreadable text. */
function compressed(hex) {
  const smsc = 2 * (1 + parseInt(hex.slice(0, 2), 16));
  const digits = parseInt(hex.slice(smsc + 2, smsc + 4), 16);
  const dcs = smsc + 2 + 2 + 2 + 2 * Math.ceil(digits / 2) + 2; // first octet, length, type, digits, PID
  return hex.slice(0, dcs) + '20' + hex.slice(dcs + 2);
}

let modem, device, feed, server, urls, chrome, stage, consolePage;
const errors = [];

async function state() {
  const r = await api(urls.stage, 'GET', '/api/state');
  assert.equal(r.status, 200, `GET /api/state: ${JSON.stringify(r.data)}`);
  return r.data;
}

before(async () => {
  let fake = process.env.FAKEMODEM_BIN;
  if (!fake) {
    fake = path.join(dir, 'fakemodem');
    const b = spawnSync('go', ['build', '-o', fake, './bridge/modem/modemtest/cmd/fakemodem'], { cwd: root, encoding: 'utf8' });
    assert.equal(b.status, 0, `go build fakemodem: ${b.stderr}`);
  }
  // The texts arrive through a FIFO, written only once the poll is open.
  const fifo = path.join(dir, 'texts');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
  modem = spawn(fake, ['-profile', 'huawei-e173', '-baud', '115200', '-texts', fifo, '-delay', '0s', '-interval', '300ms'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  modem.stdout.on('data', (d) => (out += d));
  modem.stderr.on('data', (d) => (out += d));
  device = await eventually('the emulator to print its pseudo-terminal', async () => out.match(/^(\/dev\/\S+)$/m)?.[1]);
  // Read-write, so the open never blocks even if the emulator died first.
  feed = createWriteStream(fifo, { flags: 'r+' });
  server = serve(bin, ['serve', '--live', '--story', 'stories/demo.md', '--db', path.join(dir, 'show.db'), '--listen', '127.0.0.1:0',
    '--token', token, '--source', `modem:${device}`]);
  urls = await server.urls;
  chrome = await launch();
  stage = await chrome.browser.newPage({ viewport: { width: 1920, height: 1080 } });
  consolePage = await chrome.browser.newPage({ viewport: { width: 1440, height: 900 } });
  for (const [p, name] of [[stage, 'stage'], [consolePage, 'console']]) {
    p.on('pageerror', (e) => errors.push(`${name}: ${e.message}`));
  }
});

after(async () => {
  feed?.destroy();
  await chrome?.close();
  await server?.stop();
  if (modem && modem.exitCode === null) {
    const gone = new Promise((r) => modem.once('exit', r));
    modem.kill('SIGTERM');
    const t = setTimeout(() => modem.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(t);
  }
  rmSync(dir, { recursive: true, force: true });
});

test('a foreign three-part UCS-2 text counts as its vote; an unreadable one is shown kept, never counted', async () => {
  await stage.goto(urls.stage);
  await consolePage.goto(urls.console);
  await consolePage.waitForSelector('[data-testid=console]');
  await eventually('the modem source to be up', async () => (await state()).sources?.find((s) => s.source === 'modem')?.state === 'ok');
  for (let i = 0; i < 20; i++) {
    const st = await state();
    if (st.atFork && st.poll && st.poll.state === 'ready') break;
    // This test's subject is the modem's texts, not the keys (the clicker and
    // show tests drive the stage with keys): move through the API, and wait
    // until the stage page shows each move. A key sent to the stage here was
    // lost once in ~6 runs under load even after the page showed the state;
    // not yet explained (see issue 12's note).
    const r = await api(urls.stage, 'POST', '/api/next');
    assert.equal(r.status, 200, `POST /api/next: ${JSON.stringify(r.data)}`);
    const now = await eventually('the slide to change', async () => {
      const s = await state();
      return s.version !== st.version ? s : null;
    }, { everyMs: 50 });
    await caughtUp(stage, now, 'the next slide on the stage');
  }
  await stage.waitForSelector('[data-testid=fork]');
  await stage.keyboard.press('o');
  await stage.waitForSelector('[data-testid=fork][data-poll-state=open]');

  const raw = compressed(fixture('nodepdu-gsm7').pdus[0]);
  feed.end(`fixture ${long.name} 3 1 2\npdu ${raw}\n`);

  const rows = await eventually('the console inbox to show both texts', async () => {
    const r = await consolePage.$$eval('[data-testid=inbox] li:not(.empty)', (lis) =>
      lis.map((li) => ({ who: li.querySelector('.who')?.textContent ?? '', msg: li.querySelector('.msg')?.textContent ?? '', res: li.querySelector('.res')?.textContent ?? '' })),
    );
    return r.length >= 2 ? r : null;
  }, { timeoutMs: 30000, everyMs: 150 });
  const kept = rows.find((r) => r.res === 'unreadable text kept');
  const counted = rows.find((r) => r.res === 'counted → 2');
  assert.ok(kept, `no "unreadable text kept" row: ${JSON.stringify(rows)}`);
  assert.match(kept.who, /•/, `the unreadable text's sender is shown masked: ${kept.who}`);
  assert.ok(!kept.who.includes('700900123'), `the sender's number is not shown whole: ${kept.who}`);
  assert.ok(counted, `no row counted for 2: ${JSON.stringify(rows)}`);
  assert.equal(counted.msg, long.text);

  await stage.waitForFunction(() => {
    const counts = [...document.querySelectorAll('[data-testid=stage] [data-count]')].map((e) => Number(e.getAttribute('data-count')));
    return counts.length >= 2 && counts[1] === 1 && counts.reduce((a, b) => a + b, 0) === 1;
  }, null, { timeout: 15000 });
  const st = await state();
  assert.equal(st.poll.total, 1, 'one vote counted: the unreadable text is not counted');
  assert.equal(st.poll.invalid, 0, 'the unreadable text is not an invalid vote either');
  await consolePage.screenshot({ path: path.join(artifacts, 'e2e-console-modem-foreign.png') });
  assert.deepEqual(errors, []);
});
