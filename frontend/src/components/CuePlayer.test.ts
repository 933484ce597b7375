import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Audio, PollState } from '../backend/types';
import { reactiveProps } from '../lib/testprops.svelte';
import CuePlayer from './CuePlayer.svelte';

// jsdom has no audio: count play() calls and the volume each was given.
let plays: { src: string; volume: number }[] = [];
beforeEach(() => {
  plays = [];
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(function (this: HTMLMediaElement) {
    plays.push({ src: this.src, volume: this.volume });
    return Promise.resolve();
  });
});
let app: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (app) unmount(app);
  app = null;
  vi.restoreAllMocks();
});

const audio: Audio = { open: 'chime', winner: '/story-assets/yay.ogg', volume: 0.5 };
function poll(state: PollState['state'], over: Partial<PollState> = {}): PollState {
  return { id: 3, scene: 'f', kind: 'fork', state, number: '', total: 0, invalid: 0, timer: 0, policy: '', ties: '', hideResults: false, choices: [], ...over };
}

function render(props: { poll: PollState | null; muted: boolean; volume: number }) {
  const p = reactiveProps({ ...props, audio, offset: 0 });
  app = mount(CuePlayer, { target: document.body, props: p });
  flushSync();
  return p;
}

describe('CuePlayer', () => {
  it('plays the open and winner cues once each, at the story volume times this screen’s', () => {
    const p = render({ poll: poll('ready', { id: 0 }), muted: false, volume: 0.8 });
    expect(plays).toHaveLength(0);
    p.poll = poll('open');
    flushSync();
    p.poll = { ...poll('open'), total: 5 };
    flushSync();
    expect(plays).toHaveLength(1);
    expect(plays[0].src).toMatch(/chime.*\.wav$/);
    expect(plays[0].volume).toBeCloseTo(0.4);
    p.poll = poll('decided', { winner: 1 });
    flushSync();
    expect(plays.map((x) => x.src.replace(/^.*\/\/[^/]*/, ''))).toEqual([expect.stringMatching(/chime/), '/story-assets/yay.ogg']);
  });

  it('plays nothing when muted', () => {
    const p = render({ poll: null, muted: true, volume: 1 });
    p.poll = poll('open');
    flushSync();
    p.poll = poll('decided', { winner: 2 });
    flushSync();
    expect(plays).toHaveLength(0);
  });
});
