import { afterEach, describe, expect, it, vi } from 'vitest';
import { Listeners, toApiError } from './api';
import { EventConnection, EventState, EventTally } from './events';
import { HttpBackend, type EventSourceLike } from './http';
import { connect, pickTransport } from './index';
import { TOKEN_KEY, takeToken, withToken } from './token';
import { WailsBackend, type WailsApp } from './wails';

class FakeES implements EventSourceLike {
  readyState = 0;
  onopen: ((ev: Event) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  closed = false;
  listeners = new Map<string, (ev: MessageEvent) => void>();
  constructor(public url: string) {}
  addEventListener(type: string, fn: (ev: MessageEvent) => void) {
    this.listeners.set(type, fn);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  fire(type: string, data: unknown) {
    this.listeners.get(type)?.({ data: JSON.stringify(data) } as MessageEvent);
  }
}

function memStore() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
}

describe('token', () => {
  it('takes ?token= from the URL, keeps it, strips it', () => {
    const s = memStore();
    const got = takeToken('http://127.0.0.1:8080/console?token=abc&x=1#k', s);
    expect(got).toEqual({ token: 'abc', cleanURL: '/console?x=1#k' });
    expect(s.m.get(TOKEN_KEY)).toBe('abc');
  });
  it('falls back to the kept token, and to none', () => {
    const s = memStore();
    s.setItem(TOKEN_KEY, 'kept');
    expect(takeToken('http://h/stage', s)).toEqual({ token: 'kept', cleanURL: null });
    expect(takeToken('http://h/stage', memStore())).toEqual({ token: '', cleanURL: null });
    expect(takeToken('http://h/stage', null)).toEqual({ token: '', cleanURL: null });
  });
  it('adds a token to a link', () => {
    expect(withToken('http://h/stage', 'a b')).toBe('http://h/stage?token=a+b');
    expect(withToken('http://h/stage', '')).toBe('http://h/stage');
  });
});

describe('transport selection', () => {
  afterEach(() => {
    delete (window as unknown as Record<string, unknown>).go;
    delete (window as unknown as Record<string, unknown>).runtime;
  });
  it('picks Wails inside the desktop window, HTTP elsewhere', () => {
    expect(pickTransport({})).toBe('http');
    expect(pickTransport({ go: { desktop: {} } })).toBe('wails');
    expect(pickTransport({ runtime: { EventsOn: () => () => {} } })).toBe('wails');
  });
  it('connect returns an HTTP backend in a browser and strips the token', async () => {
    history.replaceState(null, '', '/console?token=t0k');
    const b = await connect();
    expect(b.kind).toBe('http');
    expect(b.canControl()).toBe(true);
    expect(location.search).toBe('');
    expect(sessionStorage.getItem(TOKEN_KEY)).toBe('t0k');
  });
  it('connect returns the Wails backend when bindings exist', async () => {
    const w = window as unknown as Record<string, unknown>;
    w.go = { desktop: { App: { State: async () => ({}) } } };
    w.runtime = { EventsOn: () => () => {} };
    const b = await connect();
    expect(b.kind).toBe('wails');
  });
});

describe('HttpBackend', () => {
  function setup() {
    const calls: { url: string; init: RequestInit }[] = [];
    let answer: { status: number; body: unknown } = { status: 200, body: { version: 3, scene: 'x' } };
    const fetchFn = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify(answer.body), { status: answer.status });
    }) as unknown as typeof fetch;
    const sources: FakeES[] = [];
    const b = new HttpBackend({
      base: 'http://127.0.0.1:9',
      token: 'T',
      fetch: fetchFn,
      eventSource: (u) => {
        const es = new FakeES(u);
        sources.push(es);
        return es;
      },
      reconnectMs: 5,
    });
    return { b, calls, sources, setAnswer: (a: typeof answer) => (answer = a) };
  }

  it('posts actions with the bearer token and JSON bodies', async () => {
    const { b, calls } = setup();
    await b.pick(2, 'why');
    await b.pick(1, 'hush', true);
    await b.setBlank(true);
    await b.goto('scene-2');
    expect(calls.map((c) => [c.url, c.init.method, c.init.body])).toEqual([
      ['http://127.0.0.1:9/api/poll/pick', 'POST', '{"choice":2,"reason":"why"}'],
      ['http://127.0.0.1:9/api/poll/pick', 'POST', '{"choice":1,"reason":"hush","private":true}'],
      ['http://127.0.0.1:9/api/blank', 'POST', '{"on":true}'],
      ['http://127.0.0.1:9/api/goto', 'POST', '{"scene":"scene-2"}'],
    ]);
    expect((calls[0].init.headers as Record<string, string>).Authorization).toBe('Bearer T');
  });

  it('feeds the state an action answers to state listeners', async () => {
    const { b } = setup();
    const got: unknown[] = [];
    b.on(EventState, (p) => got.push(p));
    await b.next();
    expect(got).toEqual([{ version: 3, scene: 'x' }]);
  });

  it('rejects with the server error {code, message}', async () => {
    const { b, setAnswer } = setup();
    setAnswer({ status: 409, body: { code: 'conflict', message: 'The poll is not open.' } });
    await expect(b.closePoll()).rejects.toEqual({ code: 'conflict', message: 'The poll is not open.' });
  });

  it('rejects with a readable error when the server is down', async () => {
    const b = new HttpBackend({ base: 'http://x', token: '', fetch: (async () => { throw new TypeError('fetch failed'); }) as unknown as typeof fetch });
    await expect(b.getState()).rejects.toMatchObject({ code: 'unavailable' });
    expect(b.canControl()).toBe(false);
  });

  it('asks for the remote link with the token, null when there is none', async () => {
    const { b, calls, setAnswer } = setup();
    setAnswer({ status: 200, body: { stage: 's', console: 'c', remote: 'http://192.168.1.5:8080/console?token=T' } });
    expect(await b.remoteURL()).toBe('http://192.168.1.5:8080/console?token=T');
    expect(calls[0].url).toBe('http://127.0.0.1:9/api/links');
    expect((calls[0].init.headers as Record<string, string>).Authorization).toBe('Bearer T');
    setAnswer({ status: 200, body: { stage: 's', console: 'c', remote: '' } });
    expect(await b.remoteURL()).toBeNull();
  });

  it('opens one event stream with the token and dispatches events', () => {
    const { b, sources } = setup();
    const tallies: unknown[] = [];
    const off = b.on(EventTally, (p) => tallies.push(p));
    b.on(EventState, () => {});
    expect(sources).toHaveLength(1);
    expect(sources[0].url).toBe('http://127.0.0.1:9/api/events?token=T');
    sources[0].fire(EventTally, { seq: 1 });
    off();
    sources[0].fire(EventTally, { seq: 2 });
    expect(tallies).toEqual([{ seq: 1 }]);
  });

  it('reports the link and reopens a stream the browser gave up on', async () => {
    vi.useFakeTimers();
    try {
      const { b, sources } = setup();
      const links: unknown[] = [];
      b.on(EventConnection, (p) => links.push(p));
      b.on(EventState, () => {});
      sources[0].onopen?.(new Event('open'));
      sources[0].readyState = 2;
      sources[0].onerror?.(new Event('error'));
      expect(links).toEqual([{ connected: true }, { connected: false }]);
      vi.advanceTimersByTime(10);
      expect(sources).toHaveLength(2);
      sources[1].onopen?.(new Event('open'));
      expect(links).toEqual([{ connected: true }, { connected: false }, { connected: true }]);
      b.close();
      expect(sources[1].closed).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops and says so when the server refuses the token of a stream it gave up on', async () => {
    // settle lets the probe's promises (the fake fetch, its body) run; no timer moves meanwhile.
    const settle = async () => {
      for (let i = 0; i < 20; i++) await Promise.resolve();
    };
    vi.useFakeTimers();
    try {
      const { b, calls, sources, setAnswer } = setup();
      const links: unknown[] = [];
      b.on(EventConnection, (p) => links.push(p));
      b.on(EventState, () => {});
      sources[0].onopen?.(new Event('open'));
      // Away first: the probe answers 503, the page keeps trying.
      setAnswer({ status: 503, body: { code: 'unavailable', message: 'down' } });
      sources[0].readyState = 2;
      sources[0].onerror?.(new Event('error'));
      await settle();
      expect(calls.map((c) => c.url)).toEqual(['http://127.0.0.1:9/api/state']);
      vi.advanceTimersByTime(10);
      expect(sources).toHaveLength(2);
      // Then the token is refused (New token elsewhere): no more streams, and the page is told.
      setAnswer({ status: 401, body: { code: 'unauthorized', message: 'The token is not right.' } });
      sources[1].readyState = 2;
      sources[1].onerror?.(new Event('error'));
      await settle();
      expect(links.at(-1)).toEqual({ connected: false, refused: true });
      expect((calls[1].init.headers as Record<string, string>).Authorization).toBe('Bearer T');
      vi.advanceTimersByTime(10_000);
      expect(sources).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('backs off while the server stays down, and starts over once it answers', () => {
    vi.useFakeTimers();
    try {
      const sources: FakeES[] = [];
      const b = new HttpBackend({
        base: 'http://127.0.0.1:9',
        token: 'T',
        eventSource: (u) => {
          const es = new FakeES(u);
          sources.push(es);
          return es;
        },
        reconnectMs: 100,
        reconnectMaxMs: 400,
      });
      b.on(EventState, () => {});
      // giveUp fails the newest stream as a browser does on an HTTP error.
      const giveUp = () => {
        const es = sources[sources.length - 1];
        es.readyState = 2;
        es.onerror?.(new Event('error'));
      };
      // The delays before each new stream: 100, 200, 400, then capped at 400.
      const waits: number[] = [];
      for (let i = 0; i < 4; i++) {
        giveUp();
        const before = sources.length;
        let waited = 0;
        while (sources.length === before && waited < 10_000) {
          vi.advanceTimersByTime(50);
          waited += 50;
        }
        waits.push(waited);
      }
      expect(waits).toEqual([100, 200, 400, 400]);
      sources[sources.length - 1].onopen?.(new Event('open'));
      giveUp();
      vi.advanceTimersByTime(100);
      expect(sources).toHaveLength(6);
      b.close();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('WailsBackend', () => {
  it('calls the bound methods and normalises their errors', async () => {
    const seen: unknown[] = [];
    const app = {
      Pick: async (c: number, r: string) => void seen.push(['pick', c, r]),
      PickPrivate: async (c: number, r: string) => void seen.push(['pickPrivate', c, r]),
      Next: async () => {
        throw { code: 'conflict', message: 'No winner yet.' };
      },
      Inbox: async () => null,
    } as unknown as WailsApp;
    let handler: ((...d: unknown[]) => void) | undefined;
    let unsub = 0;
    const rt = { EventsOn: (_n: string, cb: (...d: unknown[]) => void) => ((handler = cb), () => void unsub++) };
    const b = new WailsBackend(app, rt);
    await b.pick(3, 'r');
    await b.pick(2, 'kept off the stage', true);
    expect(seen).toEqual([['pick', 3, 'r'], ['pickPrivate', 2, 'kept off the stage']]);
    await expect(b.next()).rejects.toEqual({ code: 'conflict', message: 'No winner yet.' });
    await expect(b.inbox(5)).resolves.toEqual([]);
    const got: unknown[] = [];
    const off = b.on(EventTally, (p) => got.push(p));
    handler?.({ seq: 9 });
    off();
    expect(got).toEqual([{ seq: 9 }]);
    expect(unsub).toBe(1);
  });
});

describe('toApiError and Listeners', () => {
  it('normalises errors', () => {
    expect(toApiError({ code: 'invalid', message: 'Bad.' })).toEqual({ code: 'invalid', message: 'Bad.' });
    expect(toApiError('{"code":"conflict","message":"No."}')).toEqual({ code: 'conflict', message: 'No.' });
    expect(toApiError('boom')).toEqual({ code: 'internal', message: 'boom' });
    expect(toApiError(42)).toEqual({ code: 'internal', message: 'Internal error.' });
    expect(toApiError(new Error('x'))).toEqual({ code: 'internal', message: 'x' });
  });
  it('keeps going when a handler throws', () => {
    const l = new Listeners();
    const got: number[] = [];
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    l.on('e', () => {
      throw new Error('bad');
    });
    l.on('e', () => got.push(1));
    l.emit('e', null);
    expect(got).toEqual([1]);
    err.mockRestore();
  });
});
