import { describe, expect, it } from 'vitest';
import { EventState } from './events';
import { HttpBackend } from './http';
import { WailsBackend, type WailsApp } from './wails';
import dts from '../../wailsjs/go/desktop/App.d.ts?raw';

function httpSetup(answers: Record<string, { status: number; body: unknown }> = {}) {
  const calls: { url: string; method: string; body: unknown; auth: string }[] = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    const p = new URL(url).pathname;
    calls.push({
      url: p,
      method: String(init.method),
      body: init.body === undefined ? undefined : JSON.parse(String(init.body)),
      auth: (init.headers as Record<string, string>).Authorization,
    });
    const a = answers[p] ?? { status: 200, body: {} };
    return new Response(JSON.stringify(a.body), { status: a.status });
  }) as unknown as typeof fetch;
  const eventSource = () => ({ readyState: 0, onopen: null, onerror: null, addEventListener: () => {}, close: () => {} });
  return { b: new HttpBackend({ base: 'http://127.0.0.1:9', token: 'T', fetch: fetchFn, eventSource }), calls };
}

describe('HttpBackend rehearsal tools', () => {
  it('calls the documented routes with the token', async () => {
    const { b, calls } = httpSetup({
      '/api/rehearse/report': { status: 200, body: { slotMs: 60000, paths: [] } },
      '/api/rehearse/walk': { status: 200, body: { percent: 100 } },
      '/api/rehearse/audience': { status: 200, body: { bias: '60/40' } },
      '/api/rehearse/reset': { status: 200, body: { version: 9, scene: 'intro' } },
    });
    const states: unknown[] = [];
    b.on(EventState, (s) => states.push(s));
    expect(await b.timingReport()).toEqual({ slotMs: 60000, paths: [] });
    expect(await b.walk()).toEqual({ percent: 100 });
    expect(await b.audience()).toBe('60/40');
    await b.setAudience('1:100');
    await b.resetRehearsal();
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['GET', '/api/rehearse/report', undefined],
      ['POST', '/api/rehearse/walk', {}],
      ['GET', '/api/rehearse/audience', undefined],
      ['POST', '/api/rehearse/audience', { bias: '1:100' }],
      ['POST', '/api/rehearse/reset', {}],
    ]);
    expect(calls.every((c) => c.auth === 'Bearer T')).toBe(true);
    expect(states).toEqual([{ version: 9, scene: 'intro' }]); // a reset answers the new state
  });

  it('rejects with the server error, e.g. in a live show', async () => {
    const { b } = httpSetup({ '/api/rehearse/report': { status: 409, body: { code: 'conflict', message: 'This is a live show.' } } });
    await expect(b.timingReport()).rejects.toEqual({ code: 'conflict', message: 'This is a live show.' });
  });

  it('has no displays to pick in a browser', async () => {
    const { b } = httpSetup();
    expect(await b.displays()).toBeNull();
    await expect(b.fullscreenOn(1)).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('WailsBackend rehearsal tools and displays', () => {
  it('calls the bound facade', async () => {
    const seen: unknown[] = [];
    const app = {
      TimingReport: async () => ({ slotMs: 1 }),
      Walk: async () => ({ percent: 50 }),
      Audience: async () => '2:80',
      SetAudience: async (b: string) => void seen.push(['bias', b]),
      ResetRehearsal: async () => void seen.push(['reset']),
      Displays: async () => [{ index: 0, width: 1920, height: 1080, primary: true, current: true }],
      FullscreenOn: async (n: number) => void seen.push(['fullscreen', n]),
    } as unknown as WailsApp;
    const b = new WailsBackend(app, { EventsOn: () => () => {} });
    expect(await b.timingReport()).toEqual({ slotMs: 1 });
    expect(await b.walk()).toEqual({ percent: 50 });
    expect(await b.audience()).toBe('2:80');
    await b.setAudience('60/40');
    await b.resetRehearsal();
    expect(await b.displays()).toHaveLength(1);
    await b.fullscreenOn(1);
    expect(seen).toEqual([['bias', '60/40'], ['reset'], ['fullscreen', 1]]);
  });

  it('normalises a bound method error', async () => {
    const app = { SetAudience: async () => Promise.reject({ code: 'invalid', message: 'Bias "x": no.' }) } as unknown as WailsApp;
    const b = new WailsBackend(app, { EventsOn: () => () => {} });
    await expect(b.setAudience('x')).rejects.toEqual({ code: 'invalid', message: 'Bias "x": no.' });
  });

  it('publishes and opens the report through the bound methods, passing their sentences on', async () => {
    const calls: string[] = [];
    const app = {
      Publish: async () => (calls.push('Publish'), { site: '/s/index.html', report: '/s/report.html', files: 2 }),
      OpenReport: async () => {
        calls.push('OpenReport');
        throw { code: 'conflict', message: 'No program could open the report.' };
      },
    } as unknown as WailsApp;
    const b = new WailsBackend(app, { EventsOn: () => () => {} });
    await expect(b.publish()).resolves.toEqual({ site: '/s/index.html', report: '/s/report.html', files: 2 });
    await expect(b.openReport()).rejects.toEqual({ code: 'conflict', message: 'No program could open the report.' });
    expect(calls).toEqual(['Publish', 'OpenReport']);
  });

  it('calls only methods the generated bindings have', () => {
    // Every WailsApp method (the compiler keeps this list complete) must be in
    // frontend/wailsjs/go/desktop/App.d.ts, which `make bindings` generates from package app/desktop.
    const used: Record<keyof WailsApp, true> = {
      State: true, Story: true, Next: true, Prev: true, Goto: true, OpenPoll: true, ClosePoll: true, Pick: true, PickPrivate: true,
      SetBlank: true, Inbox: true, SecondScreenURL: true, ToggleFullscreen: true, Ready: true, TimingReport: true,
      Walk: true, Audience: true, SetAudience: true, ResetRehearsal: true, Displays: true, FullscreenOn: true,
      Links: true, OpenLink: true, Present: true, StageWindow: true,
      Finish: true, TakeExit: true,
      StartClock: true, ResetClock: true,
      Publish: true, OpenReport: true,
      LANState: true, SetLAN: true, NewToken: true,
    };
    const bound = new Set([...dts.matchAll(/export function (\w+)\(/g)].map((m) => m[1]));
    expect(Object.keys(used).filter((m) => !bound.has(m))).toEqual([]);
  });
});
