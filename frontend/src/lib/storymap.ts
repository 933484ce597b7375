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
