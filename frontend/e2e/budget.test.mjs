// Browser test of the checker's projector budget (#23 item 5): for forks and
// ratings generated just under and just over the budget (long labels,
// keywords, questions, credits, banners), and for the bundled talk's forks
// and ratings, `forkcast check`'s verdict (a warning on the scene or not)
// agrees with what the real stage does at 16:9 and 4:3 with the poll ready
// and open: the rows fit the chart and no text is cut, or they do not. The
// model (app/story/projector.go) cannot drift from the stage CSS, nor its
// width table (app/story/fontwidths.go) from the fonts, without this failing.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { api, artifacts, fontsLoaded, launch, root, serve, shows } from './lib.mjs';

const bin = process.env.FORKCAST_BIN;
if (!bin) throw new Error('FORKCAST_BIN must name the forkcast binary (make e2e sets it)');
const dir = mkdtempSync(path.join(tmpdir(), 'forkcast-budget-'));
// The checker measures text with the fonts' real advances and kerning, so
// its verdicts are meant to be exact; a warning on a scene the stage still
// fits is tolerated only when its estimate is over the room by at most this
// fraction (line-box rounding), and the tests count such verdicts.
const margin = 0.01;
const ratios = [['16:9', 1600, 900], ['4:3', 1024, 768]];

// The generated forks: each is [id, choices], a choice [label, keywords].
const words = (n, w = 'word') => Array.from({ length: n }, (_, i) => `${w}${i % 10}`).join(' ');
const forks = [
  ['two-short', [['Ship it', ['ship', 'yes']], ['Wait', ['wait']]]],
  ['two-medium', [[words(4), ['alpha', 'beta']], [words(4), ['gamma']]]],
  ['two-long', [[words(14), ['alpha', 'beta', 'gamma']], [words(14), ['delta', 'epsilon', 'zeta']]]],
  ['three-medium', [[words(5), ['one', 'uno']], [words(5), ['two', 'dos']], [words(5), ['three', 'tres']]]],
  ['three-long', [[words(12), ['one', 'uno', 'eins']], [words(12), ['two', 'dos']], [words(12), ['three', 'tres']]]],
  ['three-near', [['Security breach', ['breach']], ['Traffic surge', ['surge']], ['Nothing', []]]],
  ['four-short', [['A', ['a']], ['B', ['b']], ['C', ['c']], ['D', ['d']]]],
  ['four-long', [[words(9), ['aa', 'bb']], [words(9), ['cc']], [words(9), ['dd']], [words(9), ['ee']]]],
  ['long-word', [['Supercalifragilisticexpialidociousnessisimo', ['ok']], ['Fine', ['fine']]]],
  ['long-keyword', [['Short', ['antidisestablishmentarianisms']], ['Fine', ['fine']]]],
  // Long questions: the heading wraps (narrower with the countdown beside
  // it while the poll is open), the header grows and the chart shrinks.
  ['head-two', [['Ship it', ['ship']], ['Wait', ['wait']]], 'Pawprint launches on Monday morning. Whose photo goes on the banner?'],
  ['head-three', [['Security breach', ['breach']], ['Traffic surge', ['surge']], ['Nothing', ['calm']]], 'Three in the morning and your phone buzzes twice. What happened?'],
  ['head-four', [[words(3), ['aa']], [words(3), ['bb']], [words(3), ['cc']], [words(3), ['dd']]], 'Six months in and the team has doubled. Which of these hurts most?'],
  ['head-body', [['Ship it', ['ship']], ['Wait', ['wait']]], 'A big customer calls', 'HamsterHaven wants Pawprint white-labelled: their brand, their domain. Six weeks.'],
  ['head-huge', [['Yes', ['yes']], ['No', ['no']]], words(30, 'question')],
  // Near the budget with no countdown beside the question (the header at
  // its 150 px): the fork of app/story/testdata/broken/targets.md, and the
  // one of twine/testdata rich.twee with its 30 s timer.
  ['near-untimed', [['Security breach', ['breach']], ['Traffic surge', ['surge']], ['Nothing', []]], 'What happened?', '', '{timer: 0}'],
  ['near-rich', [['Security breach', ['breach', 'security']], ['Traffic surge', ['surge']], ['Leave early', []]], 'Pick one', '', '{timer: 30s}'],
  ['hub-three', [['Security', ['security']], ['Traffic', []], ['Done', []]], '3 a.m.', '', '{timer: 0}'],
  // Inline Markdown (#23): the question renders **strong** in the 800 face
  // and `code` in JetBrains Mono at 0.86em with its padding; a label is
  // shown as written, its asterisks and backticks included. Each verdict
  // below is the opposite of what plain text would give: at 16:9, 65 mono
  // x's fit the question's 969 px (as Inter they would not); at 4:3, 70
  // bold words wrap to more lines than regular ones, and the question no
  // longer fits (regular, it needs 492 px of 518); at 16:9, backticks push
  // 31 y's past a label's 711 px.
  ['q-code', [['Ship it', ['ship']], ['Wait', ['wait']]], 'Pick one', `Is \`${'x'.repeat(65)}\` too long?`],
  ['q-strong', [['Ship it', ['ship']], ['Wait', ['wait']]], 'Pick one', `**${words(70)}**`],
  ['label-ticks', [[`\`${'y'.repeat(31)}\``, ['ticks']], ['Wait', ['wait']]]],
  ['label-stars', [[`**${words(3)}** and \`${words(2, 'code')}\``, ['stars']], ['Wait', ['wait']]]],
  // Banners: a long number, letters beside the numbers.
  ['banner-long', [['Ship it', ['ship']], ['Wait', ['wait']]], 'Pick one', '', '{number: "+44 (0)20 7946 0958 ext. 4321"}'],
  ['banner-near', [['Ship it', ['ship']], ['Wait', ['wait']]], 'Pick one', '', '{number: "+1 (503) 555-0142 x12"}'],
  ['banner-letters', [['Ship it', ['ship']], ['Wait', ['wait']]], 'Pick one', '', '{letters: true}'],
  ['banner-four-letters', [['A', []], ['B', []], ['C', []], ['D', []]], 'Pick one', '', '{letters: true, number: "+1 503 555 0142 0142"}'],
];
// The ratings, after the forks: [id, heading, credit lines, options].
const ratings = [
  ['rate-credit', 'How did we do? Text a number from 1 to 10', ["Explore every branch of this talk, the ones you skipped too, on the talk's page."]],
  ['rate-credits', 'How did we do? Text a number from 1 to 10', ['Slides, code and every branch you did not take: pawprint.example.org/talk', 'Thanks to the DjangoCon organisers, the volunteers, and everyone who texted a vote tonight.', 'Photos by the speaker; hamsters by HamsterHaven; cats by the internet at large.']],
  ['rate-huge', 'How did we do? Text a number from 1 to 10', [words(40, 'credit'), words(30, 'thanks')]],
  ['rate-number', 'Rate us', ['Thanks!'], '{number: "+44 (0)20 7946 0958 ext. 4321"}'],
];

function story() {
  let s = '---\ntitle: Budget\nstart: s0\nvote:\n  number: "+1 503 555 0142"\n  timer: 90s\n---\n\n';
  forks.forEach(([id, cs, heading = 'Pick one', body, opts = ''], i) => {
    s += `:: s${i}\n# Before ${id}\n\n-> ${id}\n\n:: ${id} [fork] ${opts}\n# ${heading}\n\n${body ? `${body}\n\n` : ''}`;
    cs.forEach(([label, kws], j) => {
      s += `${j + 1}. ${label} -> ${j === 0 && i + 1 < forks.length ? `s${i + 1}` : 'end'} ${kws.map((k) => `#${k}`).join(' ')}\n`;
    });
    s += '\n';
  });
  s += `:: end\n# The end\n\n-> ${ratings[0][0]}\n\n`;
  ratings.forEach(([id, heading, lines, opts = ''], i) => {
    s += `:: ${id} [rating] ${opts}\n# ${heading}\n\n${lines.join('\n\n')}\n\n-> ${ratings[i + 1]?.[0] ?? 'END'}\n\n`;
  });
  return s;
}

/** verdicts runs `forkcast check` on file: the fork ids it warns are cut. */
function verdicts(file, ids) {
  let out;
  try {
    out = execFileSync(path.resolve(bin), ['check', file], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`forkcast check ${file} failed: ${e.stdout}${e.stderr}`);
  }
  const cut = {};
  const near = {};
  for (const id of ids) {
    cut[id] = { '16:9': false, '4:3': false };
    near[id] = { '16:9': false, '4:3': false };
  }
  for (const line of out.split('\n')) {
    const m = line.match(/warning: (?:the (?:choices|question|banner) of scene "([^"]+)" (?:\(".*"\) )?needs? (\d+) px of the stage's (\d+)|the question of scene "([^"]+)" has|"[^"]+" is too long).* at (16:9|4:3)/);
    if (!m) continue;
    // A too-long word names no scene: it is found by the fork its line is in.
    const id = m[1] ?? m[4] ?? forkAt(file, Number(line.split(':')[1]));
    const at = m[5];
    // Over by less than the model's stated margin: the checker may warn
    // where the stage still fits (it errs on the cautious side, never the
    // other way).
    const isNear = m[2] !== undefined && Number(m[2]) <= Number(m[3]) * (1 + margin);
    cut[id][at] = true;
    near[id][at] = isNear;
    // One warning per fork: a cut at 16:9 also cuts at 4:3 (narrower).
    if (at === '16:9') {
      cut[id]['4:3'] = true;
      near[id]['4:3'] = isNear;
    }
  }
  return { cut, near, out };
}

let storyLines = [];
function forkAt(file, line) {
  for (let l = line - 1; l >= 0; l--) {
    const m = storyLines[l]?.match(/^:: (\S+) \[(?:fork|rating)\]/);
    if (m) return m[1];
  }
  throw new Error(`no fork above ${file}:${line}`);
}

/** goFork shows scene's fork slide on the stage (the poll not yet open). */
async function goFork(urls, scene) {
  assert.equal((await api(urls.stage, 'POST', '/api/goto', { scene })).status, 200);
  let st;
  for (let i = 0; i < 10; i++) {
    st = (await api(urls.stage, 'GET', '/api/state')).data;
    if (st.atFork) break;
    assert.equal((await api(urls.stage, 'POST', '/api/next')).status, 200);
  }
  assert.ok(st.atFork, `${scene} reaches its fork slide`);
}

/** measure shows scene's fork at w×h, its poll in state (ready or open):
 * what the real stage cuts, of the choices and of the question. */
async function measure(p, scene, rating, timed, state, w) {
  // The page follows the show over server-sent events: wait for the poll state asked for (and, open, for the countdown beside
  // the question, which is what narrows it).
  const sel = `[data-testid=stage][data-scene="${scene}"] [data-testid=fork][data-poll-state=${state}] ${rating ? '.chart' : '[data-testid=bars] .row'}`;
  // A generous deadline; a failure quotes what the page showed (looks()).
  await shows(p, sel, `${scene}'s fork with its poll ${state}`, { timeoutMs: 60000 });
  if (state === 'open' && timed) await p.waitForSelector('[data-testid=fork] header [data-testid=countdown]', { state: 'attached' });
  await fontsLoaded(p, '[data-testid=fork]', `${scene} (${state})`);
  const m = await p.evaluate(() => {
    const fork = document.querySelector('[data-testid=fork]').getBoundingClientRect();
    const chart = document.querySelector('[data-testid=fork] .chart');
    const c = chart.getBoundingClientRect();
    const banner = document.querySelector('[data-testid=fork] footer.banner').getBoundingClientRect();
    const header = document.querySelector('[data-testid=fork] header').getBoundingClientRect();
    const q = document.querySelector('[data-testid=fork] header .question .slide-content');
    const rows = [...document.querySelectorAll('[data-testid=bars] .row')].map((r) => r.getBoundingClientRect());
    // The banner is cut when its text is wider than the stage less the
    // banner's padding (40px a side): the banner (nowrap) then widens the
    // fork's grid past the stage, so the stage's width is the measure.
    const bannerBox = document.querySelector('[data-testid=fork] footer.banner');
    const parts = [...bannerBox.children].map((e) => e.getBoundingClientRect());
    const scale = fork.height / 720;
    const bannerText = (Math.max(...parts.map((r) => r.right)) - Math.min(...parts.map((r) => r.left))) / scale;
    const bannerRoom = fork.width / scale - 80;
    const cut = [...document.querySelectorAll('[data-testid=bars] .label, [data-testid=bars] .kw, [data-testid=bars] .text')]
      .filter((e) => e.scrollWidth > e.clientWidth + 1)
      .map((e) => e.textContent);
    const outside = [...document.querySelectorAll('[data-testid=bars] .text, [data-testid=bars] .kw b')]
      .filter((e) => {
        const r = e.getBoundingClientRect();
        return r.right > c.right + 1 || r.bottom > c.bottom + 1;
      })
      .map((e) => e.textContent);
    // The question is cut when its text overflows its box (clipped), runs
    // past the header, or pushes the banner off the stage.
    const qCut = [...q.children]
      .filter((e) => {
        const r = e.getBoundingClientRect();
        return r.bottom > header.bottom + 1 || r.right > header.right + 1;
      })
      .map((e) => e.textContent);
    if (q.scrollHeight > q.clientHeight + 1 || q.scrollWidth > q.clientWidth + 1) qCut.push(`(scrolls ${q.scrollHeight}/${q.clientHeight})`);
    if (banner.bottom > fork.bottom + 1) qCut.push(`(banner pushed to ${banner.bottom} of ${fork.bottom})`);
    const h1 = q.querySelector('h1');
    const lh = h1 ? parseFloat(getComputedStyle(h1).lineHeight) : 0;
    return {
      tall: rows.length > 0 && rows.at(-1).bottom > Math.min(c.bottom, banner.top) + 1,
      bannerCut: bannerText > bannerRoom + 0.5 ? `${bannerBox.textContent}: ${bannerText.toFixed(1)} of ${bannerRoom} px` : '',
      cut,
      outside,
      qCut,
      lastBottom: rows.at(-1)?.bottom,
      chartBottom: c.bottom,
      headerHeight: header.height,
      scale,
      headingLines: h1 ? Math.round(h1.getBoundingClientRect().height / lh) : 0,
    };
  });
  if (process.env.BUDGET_SHOTS) await p.screenshot({ path: path.join(artifacts, `e2e-budget-${scene}-${state}-${w}.png`) });
  return { ...m, overflow: m.tall || m.cut.length > 0 || m.outside.length > 0 || m.qCut.length > 0 || m.bannerCut !== '' };
}

let chrome;
before(async () => {
  chrome = await launch();
});
after(async () => {
  await chrome?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function agree(file, ids, label, rated = [], untimed = []) {
  storyLines = (await import('node:fs')).readFileSync(path.resolve(root, file), 'utf8').split('\n');
  const { cut, near, out } = verdicts(file, ids);
  const pages = {};
  const server = serve(bin, ['serve', '--story', file, '--db', path.join(dir, `${label}.db`), '--listen', '127.0.0.1:0', '--token', 'budget']);
  try {
    const urls = await server.urls;
    // One stage page per ratio, open for the whole run (loading one per
    // measure made the run take minutes).
    for (const [name, w, h] of ratios) {
      pages[name] = await chrome.browser.newPage({ viewport: { width: w, height: h } });
      await pages[name].goto(urls.stage);
    }
    const seen = [];
    const pairs = []; // per scene and ratio: the checker's and the stage's, ready or open
    const wrong = []; // every disagreement, so one run shows them all
    for (const id of ids) {
      await goFork(urls, id);
      const stage = {};
      for (const state of ['ready', 'open']) {
        if (state === 'open') assert.equal((await api(urls.stage, 'POST', '/api/poll/open')).status, 200, `${id}: open the poll`);
        for (const [name, w, h] of ratios) {
          const m = await measure(pages[name], id, rated.includes(id), !untimed.includes(id), state, w);
          stage[`${state} ${name}`] = m;
          seen.push({
            id,
            at: name,
            poll: state,
            checker: cut[id][name],
            stage: m.overflow,
            near: near[id][name],
            banner: m.bannerCut,
            header: Math.round(m.headerHeight / m.scale),
            lines: m.headingLines,
          });
        }
      }
      assert.equal((await api(urls.stage, 'POST', '/api/poll/close')).status, 200, `${id}: close the poll`);
      for (const [name] of ratios) {
        // The checker models the poll open (the countdown beside the
        // question narrows it and the side column is taller); the stage is
        // cut when either moment cuts, so both are compared.
        const ready = stage[`ready ${name}`];
        const open = stage[`open ${name}`];
        const m = { ...open, overflow: open.overflow || ready.overflow };
        pairs.push({ id, at: name, checker: cut[id][name], stage: m.overflow, near: near[id][name] });
        if (near[id][name] && !m.overflow) continue; // within the cautious margin
        if (m.overflow !== cut[id][name]) wrong.push(
          `${id} at ${name}, poll open: the stage ${m.overflow ? 'cuts' : 'shows everything'} (last row bottom ${m.lastBottom}, chart bottom ${m.chartBottom}, cut ${JSON.stringify(m.cut)}, outside ${JSON.stringify(m.outside)}, question cut ${JSON.stringify(m.qCut)}, banner ${JSON.stringify(open.bannerCut || ready.bannerCut)}, header ${m.headerHeight / m.scale} px, ${m.headingLines} heading lines) but check says ${cut[id][name] ? 'cut' : 'fits'}`,
        );
      }
    }
    console.log(JSON.stringify(seen));
    const exact = pairs.filter((v) => v.checker === v.stage).length;
    console.log(`${label}: ${exact} of ${pairs.length} verdicts exact, ${pairs.length - exact} cautious (within ${margin * 100}%)`);
    assert.deepEqual(wrong, [], `the checker and the stage disagree:\n${out}`);
    return pairs;
  } finally {
    for (const p of Object.values(pages)) await p.close();
    await server.stop();
  }
}

test('the width table is the fonts measured in Chromium', () => {
  // gen_fontwidths.mjs --check re-measures every rune and kerning pair of
  // app/story/fontwidths.go, and the phrases TestTextWidth sets, with the
  // bundled fonts.
  const r = spawnSync(process.execPath, [path.join(root, 'app/story/gen_fontwidths.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `gen_fontwidths.mjs --check:\n${r.stdout}${r.stderr}`);
});

test('the checker and the stage agree on generated forks and ratings at 16:9 and 4:3', async () => {
  const file = path.join(dir, 'budget.md');
  writeFileSync(file, story());
  const rated = ratings.map(([id]) => id);
  const untimed = forks.filter((f) => f[4]?.includes('timer: 0')).map(([id]) => id);
  const seen = await agree(file, [...forks.map(([id]) => id), ...rated], 'gen', rated, untimed);
  // The set must straddle the budget, or agreement proves nothing.
  assert.ok(seen.some((s) => s.stage) && seen.some((s) => !s.stage), `scenes on both sides of the budget: ${JSON.stringify(seen)}`);
  // The verdicts are exact: at most one cautious warning.
  const cautious = seen.filter((s) => s.checker && !s.stage);
  assert.ok(cautious.length <= 1, `at most one cautious warning: ${JSON.stringify(cautious)}`);
});

test('the checker and the stage agree on the bundled talk', async () => {
  const ids = ['warmup', 'crisis-1', 'crisis-2', 'crisis-3', 'crisis-4', 'crisis-5', 'build-it', 'refuse'];
  const seen = await agree('stories/django-deployment.md', ids, 'django', ['build-it', 'refuse']);
  // After the fix of its first fork's keywords the talk shows whole.
  assert.deepEqual(seen.filter((s) => s.stage || s.checker), [], 'the bundled talk fits the stage');
});
