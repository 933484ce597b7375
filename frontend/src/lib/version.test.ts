import { describe, expect, it } from 'vitest';
import { loadVersion, versionURL } from './version';

function answer(status: number, body: string): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  const f = (async (input: RequestInfo | URL) => {
    urls.push(String(input));
    return new Response(body, { status, headers: { 'Content-Type': 'application/json' } });
  }) as typeof fetch;
  return { fetch: f, urls };
}

describe('loadVersion', () => {
  it('reads the version the app serves', async () => {
    const a = answer(200, '{"version":"v0.2.0-3-gabc1234-dirty"}');
    expect(await loadVersion(a.fetch)).toBe('v0.2.0-3-gabc1234-dirty');
    expect(a.urls).toEqual([versionURL]);
  });
  it('answers null for a missing file, bad JSON, a wrong shape or a failed fetch', async () => {
    expect(await loadVersion(answer(404, 'not found').fetch)).toBeNull();
    expect(await loadVersion(answer(200, '<!doctype html>').fetch)).toBeNull();
    expect(await loadVersion(answer(200, '{"version":3}').fetch)).toBeNull();
    expect(await loadVersion(answer(200, '{"version":""}').fetch)).toBeNull();
    expect(await loadVersion(answer(200, 'null').fetch)).toBeNull();
    const broken = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await loadVersion(broken)).toBeNull();
  });
});
