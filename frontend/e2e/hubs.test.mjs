// Browser test of a hub talk (issue #14) imported from Twine: the corpus's
// published SugarCube story, imported with `forkcast import-twine`, runs in
// `forkcast serve`; back at its "Menu" hub ({visited: hide}) the stage no
// longer offers the topic already presented. The speaker's picks go through
// the API; every assertion waits on the page. FORKCAST_BIN is the binary.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { api, artifacts, launch, root, serve, eventually } from './lib.mjs';

const bin = process.env.FORKCAST_BIN;
if (!bin) throw new Error('FORKCAST_BIN must name the forkcast binary (make e2e sets it)');

const token = 'e2e-token';
const dir = mkdtempSync(path.join(tmpdir(), 'forkcast-hubs-'));
const talk = path.join(dir, 'incident.md');

let server, urls, chrome, stage;

/** choicesOnStage lists the stage's ballot: numbers, greyed ones as -n. */
async function choicesOnStage() {
  return stage.$$eval('[data-testid=bars] [data-choice]', (rows) =>
    rows.map((r) => (r.dataset.greyed ? -Number(r.dataset.choice) : Number(r.dataset.choice))),
  );
}

async function post(p, body) {
  const r = await api(urls.stage, 'POST', p, body);
  assert.ok(r.status < 300, `POST ${p}: ${r.status} ${JSON.stringify(r.data)}`);
}

/** atScene waits until the stage shows scene (its last slide when fork). */
async function atScene(scene) {
  await eventually(`the stage to show ${scene}`, async () => (await stage.getAttribute('[data-testid=stage]', 'data-scene')) === scene);
}

/** take leaves the fork on screen by choice n (the speaker's pick) and waits for target. */
async function take(n, target) {
  await post('/api/poll/pick', { choice: n, reason: 'e2e: the speaker takes it' });
  await post('/api/next');
  await atScene(target);
}

before(async () => {
  execFileSync(bin, ['import-twine', '--out', talk, path.join(root, 'app/story/twine/testdata/corpus/sugarcube-published.html')], { stdio: 'pipe' });
  writeFileSync(talk, readFileSync(talk, 'utf8').replace('number: ""', 'number: "+1 555 0100"'));
  server = serve(bin, ['serve', '--story', talk, '--db', path.join(dir, 'show.db'), '--listen', '127.0.0.1:0', '--token', token, '--source', 'sim:audience=50,seed=3']);
  urls = await server.urls;
  chrome = await launch();
  stage = await chrome.browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await stage.goto(urls.stage);
  await stage.waitForSelector('[data-testid=stage][data-scene]');
});

after(async () => {
  await chrome?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the hub offers each topic once, then follows its exit', async () => {
  await atScene('Start');
  await post('/api/next');
  await atScene('Menu');
  await eventually('four topics on the first visit', async () => JSON.stringify(await choicesOnStage()) === '[1,2,3,4]');
  await take(1, 'Timeline');
  // Timeline's fork: "Dig deeper" (1) or "Back to the menu" (2).
  await take(2, 'Menu');
  await eventually('the menu without the timeline', async () => JSON.stringify(await choicesOnStage()) === '[2,3,4]');
  await stage.screenshot({ path: path.join(artifacts, 'hubs-menu-second-visit.png') });
  assert.equal(await stage.$('[data-testid=bars] [data-choice="1"]'), null, 'the presented topic is not on the stage');
  await take(2, 'Alerts');
  await take(2, 'Menu');
  await take(3, 'Rollback');
  await take(2, 'Menu');
  // One topic left: Next takes it without a poll.
  await eventually('one topic left', async () => JSON.stringify(await choicesOnStage()) === '[4]');
  await post('/api/next');
  await atScene('Followups');
  await take(2, 'Menu');
  // None left: the menu's exit is the end of the talk.
  const st = (await api(urls.stage, 'GET', '/api/state')).data;
  assert.equal(st.next?.end, true, `Next from the emptied hub: ${JSON.stringify(st.next)}`);
});
