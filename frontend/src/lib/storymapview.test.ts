import { describe, expect, it } from 'vitest';
import { centerOn, DEFAULT_MAX_ZOOM, focusOn, inView, initialView, MAX_ZOOM, MIN_ZOOM, neighbourhood, panBy, zoomAt, type StoryMap } from './storymap';

const node = (id: string, x: number, y: number) => ({ id, x, y, w: 60, h: 26, kind: 'scene' as const, visited: false, current: false });
const edge = (from: string, to: string) => ({ from, to, label: '', points: [], lx: 0, ly: 0, taken: false });

// A long chain a → b → ... far wider than the screen.
const ids = Array.from({ length: 40 }, (_, i) => `s${i}`);
const big: StoryMap = {
  nodes: ids.map((id, i) => node(id, 40 + i * 100, 200)),
  edges: ids.slice(1).map((id, i) => edge(ids[i], id)),
  width: 4000,
  height: 400,
};

describe('the map view', () => {
  it('opens a big map at zoom 1 on the current scene, in view', () => {
    const v = initialView(big, 500, 300, 's30');
    expect(v.k).toBe(1);
    expect(inView(v, big.nodes[30], 500, 300)).toBe(true);
    expect(inView(v, big.nodes[0], 500, 300)).toBe(false);
    // the scenes that come next are in view: the current one sits at the left
    expect(inView(v, big.nodes[32], 500, 300)).toBe(true);
    expect(inView(v, big.nodes[28], 500, 300)).toBe(false);
  });

  it('opens a small map whole, enlarged at most to the default', () => {
    const small: StoryMap = { nodes: [node('a', 50, 20), node('b', 150, 20)], edges: [edge('a', 'b')], width: 200, height: 40 };
    const v = initialView(small, 800, 400, 'a');
    expect(v.k).toBe(DEFAULT_MAX_ZOOM);
    for (const n of small.nodes) expect(inView(v, n, 800, 400)).toBe(true);
    const mid = initialView(small, 300, 400, 'a');
    expect(mid.k).toBe(1.5);
    expect(initialView(small, 250, 400, 'a').k).toBeCloseTo(1.25);
  });

  it('zooms about the pointer and stays within bounds', () => {
    const v = { x: 100, y: 50, k: 1 };
    const z = zoomAt(v, 2, 200, 100);
    expect(z.k).toBe(2);
    // the map point under the pointer stays under it
    expect(z.x + 200 / z.k).toBeCloseTo(v.x + 200 / v.k);
    expect(z.y + 100 / z.k).toBeCloseTo(v.y + 100 / v.k);
    expect(zoomAt(v, 1000, 0, 0).k).toBe(MAX_ZOOM);
    expect(zoomAt(v, 0.0001, 0, 0).k).toBe(MIN_ZOOM);
  });

  it('pans with a drag and centres on a point', () => {
    expect(panBy({ x: 100, y: 50, k: 2 }, 40, -20)).toEqual({ x: 80, y: 60, k: 2 });
    expect(centerOn({ x: 0, y: 0, k: 2 }, 500, 300, 400, 200)).toEqual({ x: 400, y: 250, k: 2 });
    expect(focusOn({ x: 0, y: 0, k: 2 }, 500, 300, 400, 200)).toEqual({ x: 450, y: 250, k: 2 });
  });

  it('focuses the current scene and what is two steps from it', () => {
    expect([...neighbourhood(big, 's10')].sort()).toEqual(['s10', 's11', 's12', 's8', 's9']);
    expect([...neighbourhood(big, 's0', 1)].sort()).toEqual(['s0', 's1']);
  });
});
