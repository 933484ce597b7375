// Shared helpers of the browser tests: Debian's Chromium driven by
// playwright-core (never a downloaded browser), and `forkcast serve`.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const artifacts = path.join(root, 'build/artifacts');
mkdirSync(artifacts, { recursive: true });

/**
 * launch starts headless Chromium with the flags FACTS.md lists (no network
 * chatter); playwright gives it a fresh temporary profile of its own.
 */
export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => {});
    },
  };
}

/**
 * serve starts `forkcast serve` (or any command printing "stage: URL" and
 * "console: URL") and resolves with the URLs once both are printed.
 */
export function serve(bin, args, { timeoutMs = 30000, env = {} } = {}) {
  // It runs in the repository's root (the stories' paths are relative to it):
  // a relative bin is taken from the caller's folder first.
  if (bin.includes('/')) bin = path.resolve(bin);
  const child = spawn(bin, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const urls = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no stage/console URLs after ${timeoutMs} ms:\n${out}\n${err}`)), timeoutMs);
    const look = () => {
      const stage = out.match(/^stage:\s*(\S+)/m);
      const consoleURL = out.match(/^console:\s*(\S+)/m);
      if (stage && consoleURL) {
        clearTimeout(timer);
        resolve({ stage: stage[1], console: consoleURL[1] });
      }
    };
    child.stdout.on('data', (d) => {
      out += d;
      look();
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${bin} exited with ${code} before printing its URLs:\n${out}\n${err}`));
    });
  });
  return {
    child,
    urls,
    logs: () => out + err,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(t);
    },
  };
}

/** api calls the server's JSON API with the token of a page URL. */
export async function api(pageURL, method, p, body) {
  const u = new URL(pageURL);
  const token = u.searchParams.get('token') ?? '';
  const res = await fetch(`${u.origin}${p}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data = null;
  try {
    data = JSON.parse(text);
  } catch {
    data = text;
  }
  return { status: res.status, data };
}

/**
 * eventually calls probe until it returns a truthy value, and returns that
 * value. A probe that throws is retried too (its error is what was seen). Past
 * the deadline it throws "timed out after N ms waiting for WHAT; last seen: X",
 * where X is what `seen` describes (when given) or the probe's last answer.
 * The deadline is generous on purpose: it bounds a condition, it is not the
 * time the condition is expected to take.
 */
export async function eventually(what, probe, { timeoutMs = 20000, everyMs = 50, seen } = {}) {
  const t0 = Date.now();
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() - t0 > timeoutMs) {
      let saw = last instanceof Error ? `error: ${last.message}` : JSON.stringify(last);
      if (seen) saw = await Promise.resolve().then(seen).catch((e) => `(could not tell: ${e.message})`);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${String(saw).slice(0, 600)}`);
    }
    await new Promise((r) => setTimeout(r, everyMs)); // the poll interval of the condition, not a wait for an outcome
  }
}

/**
 * looks describes what a page shows: the data- attributes of its stage or
 * console root (scene, slide, version, poll state), whether it is ready, and
 * any toast, dialog or overlay. It is the "last seen" of the page waits.
 */
export async function looks(page) {
  return page.evaluate(() => {
    const root = document.querySelector('[data-testid=stage], [data-testid=console]');
    const text = (sel) => document.querySelector(sel)?.textContent?.trim();
    return JSON.stringify({
      ...(root ? { ...root.dataset } : { view: 'none yet' }),
      ready: document.documentElement.dataset.ready ?? null,
      toast: text('[data-testid=toast]') ?? null,
      pickDialog: !!document.querySelector('[data-testid=pick-dialog]'),
      help: !!document.querySelector('[data-testid=help]'),
      offline: !!document.querySelector('[data-testid=offline]'),
      blank: !!document.querySelector('[data-testid=blank].on'),
    });
  });
}

/**
 * shows waits until the page has an element matching selector (visible too
 * when { visible: true }), and resolves with its locator. `what` says in words
 * what the page should show; a timeout quotes what the page showed instead.
 */
export async function shows(page, selector, what, { timeoutMs = 20000, visible = false } = {}) {
  const loc = page.locator(selector).first();
  await eventually(`the page to show ${what} (${selector})`, async () => (visible ? loc.isVisible() : (await loc.count()) > 0), {
    timeoutMs,
    seen: () => looks(page),
  });
  return loc;
}

/** fontsLoaded waits until every font face the element at sel uses has
 * loaded. A face (a heading's weight) loads the first time the page uses it;
 * measured before, text has the fallback's metrics (a fresh clone under load
 * measured a heading 2.7 px taller than the checker). Laying the element out
 * starts any load. */
export async function fontsLoaded(page, sel, what) {
  await eventually(`the fonts of ${what} loaded`, () =>
    page.evaluate(async (sel) => {
      document.querySelector(sel)?.getBoundingClientRect();
      await document.fonts.ready;
      return document.fonts.status === 'loaded';
    }, sel),
  );
}

/** gone waits until no element of the page matches selector. */
export async function gone(page, selector, what, { timeoutMs = 20000 } = {}) {
  await eventually(`the page to stop showing ${what} (${selector})`, async () => (await page.locator(selector).count()) === 0, {
    timeoutMs,
    seen: () => looks(page),
  });
}

/** marks reads the data- attributes of the page's stage or console root. */
export async function marks(page) {
  return page.evaluate(() => {
    const root = document.querySelector('[data-testid=stage], [data-testid=console]');
    return root ? { ...root.dataset, version: Number(root.dataset.version ?? -1) } : null;
  });
}

/**
 * caughtUp waits until the page shows server state st or a later one (its
 * data-version is at least st.version): after it, a key the page interprets
 * (a digit, B) is interpreted against that state.
 */
export async function caughtUp(page, st, what = `state version ${st.version}`) {
  await eventually(`the page to catch up with ${what}`, async () => (await marks(page))?.version >= st.version, { seen: () => looks(page) });
}

/**
 * held waits until the show has been on its current slide for at least ms by
 * the server's own clock (state.now minus the time the scene was entered), and
 * returns that state. A rehearsal records a slide's time only when it was shown
 * long enough (rehearse.DefaultMinTotal, 3 s; shorter is a skim): a test that
 * then leaves the slide knows its time is recorded, however fast or slow the
 * machine ran the steps before. The show must be on a scene's first slide
 * (the scene's entry time is then the slide's).
 */
export async function held(pageURL, ms) {
  let last = 'no state yet';
  return eventually(`the show to stay ${ms} ms on its slide (server clock)`, async () => {
    const st = (await api(pageURL, 'GET', '/api/state')).data;
    if (st?.slide !== 0) {
      last = `${st?.scene} slide ${st?.slide}: held needs a scene's first slide`;
      return null;
    }
    const shown = Date.parse(st.now) - Date.parse(st.path.at(-1).at);
    last = `${st.scene} shown for ${shown} ms`;
    return shown >= ms ? st : null;
  }, { timeoutMs: ms + 20000, seen: () => last });
}

/**
 * ignored presses key in page and proves the page handled it without effect:
 * it then presses ? (help), which the page handles in order after key, and
 * waits for the help overlay; only then does it check that nothing matches
 * absent (a pick dialog, say, which would also swallow the ?). Esc closes
 * the help again.
 */
export async function ignored(page, key, absent, what) {
  await page.keyboard.press(key);
  await page.keyboard.press('?');
  await shows(page, '[data-testid=help]', `the help overlay (after ${key}, which should do nothing: ${what})`);
  const n = await page.locator(absent).count();
  await page.keyboard.press('Escape');
  await gone(page, '[data-testid=help]', 'the help overlay');
  return n === 0;
}

/**
 * settled waits until the page's finite animations and transitions (a slide
 * fading in, bars growing) have finished, so a screenshot shows their end.
 * Infinite ones (a pulsing dot) are not waited for.
 */
export async function settled(page) {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
        .map((a) => a.finished.catch(() => {})),
    ),
  );
}

/** frames waits until the page has drawn two more frames (the resize steps and a re-render have run). */
export async function frames(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** percentile of sorted numbers (nearest rank). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

// Set-up shared by the tests of a live Twine-imported talk (greyed, hubtime)
// and of a page written from a Go test's session (publish, report). The
// imports stand here, with the helpers that need them (imports are hoisted).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

/** atScene waits until page's stage or console shows scene. */
export async function atScene(page, scene) {
  await eventually(`the page to show ${scene}`, async () => (await page.getAttribute('[data-testid=stage], [data-testid=console]', 'data-scene')) === scene, {
    seen: () => looks(page),
  });
}

/**
 * twineShow imports the Twine corpus file corpus (relative to the repository)
 * with `bin import-twine` into a temporary talk `name`.md, lets edit rewrite
 * the talk's source, serves it (`bin serve`, token "e2e-token", the simulated
 * audience `sim`), and opens the stage (at stageViewport) and the console in
 * Chromium, each waited for until it shows a scene. post(p, body) sends a
 * request to the show's API and fails unless it succeeds; close() stops it
 * all and removes the folder (a set-up that fails closes what it started).
 */
export async function twineShow(bin, { name, corpus, edit, sim, stageViewport }) {
  const dir = mkdtempSync(path.join(tmpdir(), `forkcast-${name}-`));
  const talk = path.join(dir, `${name}.md`);
  const show = { dir };
  show.close = async () => {
    await show.chrome?.close();
    await show.server?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  show.post = async (p, body) => {
    const r = await api(show.urls.stage, 'POST', p, body);
    assert.ok(r.status < 300, `POST ${p}: ${r.status} ${JSON.stringify(r.data)}`);
  };
  try {
    execFileSync(bin, ['import-twine', '--out', talk, path.join(root, corpus)], { stdio: 'pipe' });
    writeFileSync(talk, edit(readFileSync(talk, 'utf8')));
    show.server = serve(bin, ['serve', '--story', talk, '--db', path.join(dir, 'show.db'), '--listen', '127.0.0.1:0', '--token', 'e2e-token', '--source', sim]);
    show.urls = await show.server.urls;
    show.chrome = await launch();
    show.stage = await show.chrome.browser.newPage({ viewport: stageViewport });
    await show.stage.goto(show.urls.stage);
    await show.stage.waitForSelector('[data-testid=stage][data-scene]');
    show.console = await show.chrome.browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await show.console.goto(show.urls.console);
    await show.console.waitForSelector('[data-testid=console][data-scene]');
  } catch (e) {
    await show.close(); // a set-up that failed half-way leaves nothing running
    throw e;
  }
  return show;
}

/**
 * goFixture runs the Go test named test in app/cli, which leaves the
 * database of its session at the path in the environment variable envVar,
 * and returns that path (file, in dir). It fails when the test leaves none.
 */
export function goFixture(dir, test, envVar, file) {
  const db = path.join(dir, file);
  execFileSync('go', ['test', './app/cli', '-run', `^${test}$`, '-count=1'], {
    cwd: root,
    env: { ...process.env, [envVar]: db },
    stdio: 'inherit',
  });
  assert.ok(existsSync(db), `the Go test ${test} left no database at ${db}`);
  return db;
}

/**
 * filePage launches Chromium with one page (1200×900) for files opened from
 * file://; it records every URL the page requests and every console error or
 * uncaught page error. close() closes the browser.
 */
export async function filePage() {
  const chrome = await launch();
  const ctx = await chrome.browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await ctx.newPage();
  const requests = [];
  const problems = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return { page, requests, problems, close: () => chrome.close() };
}

/**
 * offline fails unless every request of a filePage stayed on file:// and
 * nothing was logged as an error.
 */
export function offline({ requests, problems }) {
  assert.deepEqual(
    requests.filter((u) => !u.startsWith('file://')),
    [],
    'requests to other hosts',
  );
  assert.deepEqual(problems, [], 'console errors');
}

/**
 * keptLinksShow is a copy of the demo talk in a new folder, with the
 * arguments of a `forkcast serve` that has no --listen and no --token: its
 * port and token are the ones kept with the database (FORKCAST_TOKEN unset in
 * env). The caller removes dir.
 */
export function keptLinksShow(name) {
  const dir = mkdtempSync(path.join(tmpdir(), `forkcast-${name}-`));
  const story = path.join(dir, 'talk.md');
  // The demo without its poll timer: nothing moves the show but the test (a
  // 12 s countdown that ran out while a loaded machine restarted the server
  // turned the test's Next into "counting late texts", 409).
  const demo = readFileSync(path.join(root, 'stories/demo.md'), 'utf8');
  const untimed = demo.replace(/^ {2}timer: .*\n/m, '');
  assert.notEqual(untimed, demo, 'stories/demo.md has a front-matter timer to take out');
  writeFileSync(story, untimed);
  const args = ['serve', '--story', story, '--db', path.join(dir, 'show.db'), '--source', 'sim:audience=5,seed=3'];
  return { dir, story, args, env: { FORKCAST_TOKEN: '' } };
}

/**
 * png is a grey w×h PNG image (8-bit greyscale), written by hand with
 * node:zlib, so tests can put images of known pixel sizes beside a story.
 */
export function png(w, h) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const head = Buffer.alloc(13);
  head.writeUInt32BE(w, 0);
  head.writeUInt32BE(h, 4);
  head[8] = 8; // bit depth; colour type 0 (grey), no interlace
  const rows = Buffer.alloc((w + 1) * h, 0x80);
  for (let y = 0; y < h; y++) rows[y * (w + 1)] = 0; // each row's filter byte: none
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([sig, chunk('IHDR', head), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}
