import dagre from '@dagrejs/dagre';
import type { PathStep, Story } from '../backend/types';

export interface MapNode {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  kind: 'scene' | 'fork' | 'rating' | 'end';
  visited: boolean;
  current: boolean;
}

export interface MapEdge {
  from: string;
  to: string;
  label: string;
  points: { x: number; y: number }[];
  /** where dagre put the label (the middle of the edge when it did not) */
  lx: number;
  ly: number;
  taken: boolean;
}

export interface StoryMap {
  nodes: MapNode[];
  edges: MapEdge[];
  width: number;
  height: number;
}

const END = 'END';

/** takenEdges returns "from→to" for each step of the path that led somewhere. */
export function takenEdges(path: PathStep[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < path.length; i++) out.add(path[i].scene + '→' + path[i + 1].scene);
  return out;
}

/**
 * layoutStory lays the story out with dagre (left to right by default): one node per scene
 * (plus END), one edge per divert or choice, marking the path taken so far.
 */
export function layoutStory(story: Story, path: PathStep[], current: string, dir: 'TB' | 'LR' = 'LR'): StoryMap {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: dir, nodesep: 12, ranksep: dir === 'LR' ? 30 : 26, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  const visited = new Set(path.map((p) => p.scene));
  const taken = takenEdges(path);
  let hasEnd = false;
  const nodeW = (id: string) => Math.min(150, Math.max(56, 8 + id.length * 7.2));
  for (const sc of story.scenes) g.setNode(sc.id, { width: nodeW(sc.id), height: 26 });
  const edges: { from: string; to: string; label: string; name: string }[] = [];
  for (const sc of story.scenes) {
    const targets: { to: string; label: string }[] = sc.fork
      ? sc.fork.choices.map((c) => ({ to: c.target, label: String(c.number) }))
      : sc.next
        ? [{ to: sc.next, label: '' }]
        : [];
    // choices that lead to the same scene share one edge: "1,3"
    const byTarget = new Map<string, string[]>();
    for (const t of targets) {
      if (t.to === END) hasEnd = true;
      else if (!g.hasNode(t.to)) continue; // a broken target: the checker reports it
      byTarget.set(t.to, [...(byTarget.get(t.to) ?? []), t.label].filter(Boolean));
    }
    for (const [to, labels] of byTarget) {
      const name = `${sc.id}>${to}`;
      g.setEdge(sc.id, to, { label: labels.join(','), width: 6 * labels.join(',').length, height: 10 }, name);
      edges.push({ from: sc.id, to, label: labels.join(','), name });
    }
  }
  if (hasEnd) g.setNode(END, { width: 48, height: 26 });
  dagre.layout(g);
  const nodes: MapNode[] = g.nodes().map((id) => {
    const n = g.node(id) as { x: number; y: number; width: number; height: number };
    const sc = story.scenes.find((s) => s.id === id);
    const kind: MapNode['kind'] = id === END ? 'end' : sc?.fork ? 'fork' : sc?.rating ? 'rating' : 'scene';
    return { id, x: n.x, y: n.y, w: n.width, h: n.height, kind, visited: visited.has(id), current: id === current };
  });
  const outEdges: MapEdge[] = edges.map((e) => {
    const ge = g.edge({ v: e.from, w: e.to, name: e.name }) as { points?: { x: number; y: number }[]; x?: number; y?: number } | undefined;
    const points = ge?.points ?? [];
    const mid = points[Math.floor(points.length / 2)] ?? { x: 0, y: 0 };
    return { from: e.from, to: e.to, label: e.label, points, lx: ge?.x ?? mid.x, ly: ge?.y ?? mid.y, taken: taken.has(e.from + '→' + e.to) };
  });
  const gl = g.graph() as { width?: number; height?: number };
  return { nodes, edges: outEdges, width: gl.width ?? 0, height: gl.height ?? 0 };
}

// The console's map at scale (#14 item 6): a talk of 150 scenes does not fit
// the panel at a readable size, so the map shows the current scene and its
// neighbourhood at a zoom where labels are at least their CSS size, and
// the speaker zooms and pans (wheel, drag, keys) to see more.

/** MapView is the part of the map on screen: its top-left corner (x, y) in map units and the zoom k (screen px per map unit). */
export interface MapView {
  x: number;
  y: number;
  k: number;
}

/** MIN_ZOOM and MAX_ZOOM bound the speaker's zoom; DEFAULT_MAX_ZOOM bounds the zoom a small map opens at. */
export const MIN_ZOOM = 0.25;
export const MAX_ZOOM = 4;
export const DEFAULT_MAX_ZOOM = 1.5;

const clampZoom = (k: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));

/** centerOn is view v moved so that map point (px, py) is in the middle of a w×h screen. */
export function centerOn(v: MapView, px: number, py: number, w: number, h: number): MapView {
  return { k: v.k, x: px - w / v.k / 2, y: py - h / v.k / 2 };
}

/**
 * focusOn is view v moved so that map point (px, py) sits a quarter of the way
 * in from the left of a w×h screen, vertically centred: the map runs left to
 * right, so what comes next is in view.
 */
export function focusOn(v: MapView, px: number, py: number, w: number, h: number): MapView {
  return { k: v.k, x: px - w / v.k / 4, y: py - h / v.k / 2 };
}

/**
 * initialView is the view a map opens at on a w×h screen: the whole map when it
 * fits at zoom 1 or more (up to DEFAULT_MAX_ZOOM), else zoom 1 (labels at their
 * CSS size, never smaller) on the current scene (see focusOn).
 */
export function initialView(map: StoryMap, w: number, h: number, current: string): MapView {
  const fit = Math.min(w / Math.max(1, map.width), h / Math.max(1, map.height));
  if (fit >= 1) {
    const k = Math.min(DEFAULT_MAX_ZOOM, fit);
    return centerOn({ x: 0, y: 0, k }, map.width / 2, map.height / 2, w, h);
  }
  const n = map.nodes.find((m) => m.id === current);
  return n ? focusOn({ x: 0, y: 0, k: 1 }, n.x, n.y, w, h) : centerOn({ x: 0, y: 0, k: 1 }, map.width / 2, map.height / 2, w, h);
}

/** zoomAt multiplies the zoom by factor, keeping the map point under screen point (sx, sy) where it is. */
export function zoomAt(v: MapView, factor: number, sx: number, sy: number): MapView {
  const k = clampZoom(v.k * factor);
  const wx = v.x + sx / v.k;
  const wy = v.y + sy / v.k;
  return { k, x: wx - sx / k, y: wy - sy / k };
}

/** panBy moves the view by (dx, dy) screen pixels (a drag to the right shows what is left). */
export function panBy(v: MapView, dx: number, dy: number): MapView {
  return { k: v.k, x: v.x - dx / v.k, y: v.y - dy / v.k };
}

/** inView says whether node n lies wholly on a w×h screen under view v (with margin px to spare). */
export function inView(v: MapView, n: Pick<MapNode, 'x' | 'y' | 'w' | 'h'>, w: number, h: number, margin = 0): boolean {
  const left = (n.x - n.w / 2 - v.x) * v.k;
  const top = (n.y - n.h / 2 - v.y) * v.k;
  return left >= margin && top >= margin && left + n.w * v.k <= w - margin && top + n.h * v.k <= h - margin;
}

/** neighbourhood is the current scene and the scenes within hops edges of it, either way. */
export function neighbourhood(map: StoryMap, current: string, hops = 2): Set<string> {
  const adj = new Map<string, string[]>();
  const link = (a: string, b: string) => adj.set(a, [...(adj.get(a) ?? []), b]);
  for (const e of map.edges) {
    link(e.from, e.to);
    link(e.to, e.from);
  }
  const seen = new Set<string>([current]);
  let frontier = [current];
  for (let i = 0; i < hops; i++) {
    const next: string[] = [];
    for (const id of frontier) for (const o of adj.get(id) ?? []) if (!seen.has(o)) (seen.add(o), next.push(o));
    frontier = next;
  }
  return seen;
}
