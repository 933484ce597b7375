import { describe, expect, it } from 'vitest';
import type { Story } from '../backend/types';
import { layoutStory, takenEdges } from './storymap';

const vote = { number: '', timer: 0, policy: 'last-wins', ties: 'presenter', open: 'key', hideResults: false, grace: 0, letters: false, closeAtOnce: false };
const story: Story = {
  file: 'demo.md',
  hash: 'h',
  title: 'Demo',
  start: 'intro',
  slot: 0,
  wpm: 130,
  vote,
  scenes: [
    { id: 'intro', vote, slides: [], next: 'fork' },
    {
      id: 'fork',
      vote,
      slides: [],
      fork: { choices: [{ number: 1, label: 'A', target: 'a' }, { number: 2, label: 'B', target: 'b' }, { number: 3, label: 'C', target: 'missing' }] },
    },
    { id: 'a', vote, slides: [], next: 'END' },
    { id: 'b', vote, slides: [], next: 'END' },
  ],
};

describe('layoutStory', () => {
  const path = [
    { scene: 'intro', at: '' },
    { scene: 'fork', at: '', choice: 2 },
    { scene: 'b', at: '' },
  ];
  const map = layoutStory(story, path, 'b', 'TB');
  it('has a node per scene plus END, and skips broken targets', () => {
    expect(map.nodes.map((n) => n.id).sort()).toEqual(['END', 'a', 'b', 'fork', 'intro']);
    expect(map.edges).toHaveLength(5);
    expect(map.edges.find((e) => e.to === 'missing')).toBeUndefined();
  });
  it('marks the path taken and the current scene', () => {
    expect(map.edges.filter((e) => e.taken).map((e) => `${e.from}>${e.to}`)).toEqual(['intro>fork', 'fork>b']);
    expect(map.nodes.find((n) => n.current)?.id).toBe('b');
    expect(map.nodes.filter((n) => n.visited).map((n) => n.id).sort()).toEqual(['b', 'fork', 'intro']);
    expect(map.nodes.find((n) => n.id === 'fork')?.kind).toBe('fork');
    expect(map.nodes.find((n) => n.id === 'END')?.kind).toBe('end');
  });
  it('lays out top to bottom with real coordinates', () => {
    const y = (id: string) => map.nodes.find((n) => n.id === id)!.y;
    expect(y('intro')).toBeLessThan(y('fork'));
    expect(y('fork')).toBeLessThan(y('a'));
    expect(map.width).toBeGreaterThan(0);
    expect(map.edges.every((e) => e.points.length >= 2)).toBe(true);
  });
  it('merges choices that lead to the same scene', () => {
    const same: Story = { ...story, scenes: [
      { id: 'f', vote, slides: [], fork: { choices: [{ number: 1, label: 'A', target: 'x' }, { number: 2, label: 'B', target: 'y' }, { number: 3, label: 'C', target: 'x' }] } },
      { id: 'x', vote, slides: [], next: 'END' },
      { id: 'y', vote, slides: [], next: 'END' },
    ] };
    const m = layoutStory(same, [], 'f');
    expect(m.edges.filter((e) => e.from === 'f').map((e) => `${e.to}:${e.label}`).sort()).toEqual(['x:1,3', 'y:2']);
  });
  it('lays out left to right by default', () => {
    const lr = layoutStory(story, path, 'b');
    const x = (id: string) => lr.nodes.find((n) => n.id === id)!.x;
    expect(x('intro')).toBeLessThan(x('fork'));
    expect(x('fork')).toBeLessThan(x('a'));
  });
  it('takenEdges pairs consecutive steps', () => {
    expect([...takenEdges(path)]).toEqual(['intro→fork', 'fork→b']);
  });
});
