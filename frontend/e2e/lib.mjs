// Shared helpers of the browser tests: Debian's Chromium driven by
// playwright-core (never a downloaded browser), and `forkcast serve`.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** waitFor polls fn until it returns a truthy value or the time is up. */
export async function waitFor(what, fn, timeoutMs = 15000, everyMs = 100) {
  const t0 = Date.now();
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what} (last: ${(last instanceof Error ? last.message : JSON.stringify(last))?.slice(0, 400)})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** percentile of sorted numbers (nearest rank). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
