/**
 * The demo page's diagram layout (src/ui/assets/layout.js), over every channel of every regulation: each step
 * drawn once, no two boxes overlapping, every edge of the graph drawn and pointing down, the main path straight,
 * and every scenario's path joined by edges on the drawing.
 */
import t from 'tap';
import { loadRegulationDir } from '../../src/regulations/catalogue.js';
import { UI_ASSETS_DIR } from '../../src/ui/plugin.js';

interface Point {
  x: number;
  y: number;
}
interface LaidNode {
  id: string;
  kind: string;
  x: number;
  y: number;
  w: number;
  h: number;
  layer: number;
}
interface LaidEdge {
  from: string;
  to: string;
  kind: string;
  labels: string[];
  points: Point[];
}
interface LayoutModule {
  edgesOf: (step: unknown) => { from: string; to: string; kind: string; labels: string[] }[];
  layoutGraph: (steps: unknown[], entry: string) => { nodes: LaidNode[]; edges: LaidEdge[]; width: number; height: number };
  walkedEdges: (edges: { from: string; to: string }[], path: string[]) => Set<string>;
  shortestPath: (edges: { from: string; to: string }[], entry: string, target: string) => string[];
}

const layout = (await import(new URL('layout.js', UI_ASSETS_DIR).href)) as LayoutModule;
const regulations = loadRegulationDir();

t.test('a condition gives a pass edge, a fail edge and its named branches; outcomes to one step share an edge', async (t) => {
  t.same(layout.edgesOf({ id: 'c', kind: 'condition', next: 'a', onFail: 'b', onUnavailable: 'b', branches: { noShow: 'd' } }), [
    { from: 'c', to: 'a', kind: 'next', labels: ['pass'] },
    { from: 'c', to: 'b', kind: 'fail', labels: ['fail', 'unavailable'] },
    { from: 'c', to: 'd', kind: 'branch', labels: ['noShow'] },
  ]);
  t.same(layout.edgesOf({ id: 'p', kind: 'process', next: 'q' }), [{ from: 'p', to: 'q', kind: 'next', labels: [] }]);
  t.same(layout.edgesOf({ id: 'r', kind: 'result' }), []);
});

for (const regulation of regulations) {
  for (const channel of regulation.channels) {
    t.test(`${regulation.service} / ${channel.id}: a layered drawing of every step`, async (t) => {
      const drawn = layout.layoutGraph(channel.steps, channel.entry);
      t.same(drawn.nodes.map((n) => n.id).sort(), channel.steps.map((s) => s.id).sort(), 'each step drawn once');
      const overlaps = [];
      for (const a of drawn.nodes)
        for (const b of drawn.nodes) if (a.id < b.id && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) overlaps.push(`${a.id}/${b.id}`);
      t.same(overlaps, [], 'no two boxes overlap');
      t.ok(drawn.nodes.every((n) => n.x >= 0 && n.y >= 0 && n.x + n.w <= drawn.width && n.y + n.h <= drawn.height), 'every box inside the drawing');
      const graphEdges = channel.steps.flatMap(layout.edgesOf);
      t.same(drawn.edges.map((e) => `${e.from}->${e.to}`).sort(), graphEdges.map((e) => `${e.from}->${e.to}`).sort(), 'every edge of the graph drawn');
      const box = new Map(drawn.nodes.map((n) => [n.id, n]));
      t.same(drawn.edges.filter((e) => box.get(e.to)!.layer <= box.get(e.from)!.layer).map((e) => `${e.from}->${e.to}`), [], 'every edge points down');
      t.equal(box.get(channel.entry)!.layer, 0, 'the entry on top');
      const main: string[] = [];
      const byId = new Map(channel.steps.map((s) => [s.id, s]));
      for (let id: string | undefined = channel.entry; id && !main.includes(id); id = byId.get(id)?.next) main.push(id);
      const centres = new Set(main.map((id) => Math.round(box.get(id)!.x + box.get(id)!.w / 2)));
      t.equal(centres.size, 1, 'the main path runs straight down');
      for (const edge of drawn.edges) {
        const to = box.get(edge.to)!;
        const end = edge.points.at(-1)!;
        t.ok(Math.abs(end.x - (to.x + to.w / 2)) < 0.5 && Math.abs(end.y - to.y) < 0.5, `${edge.from}->${edge.to} ends on its target's top`);
      }
    });
  }
  t.test(`${regulation.service}: every scenario's path is joined by drawn edges`, async (t) => {
    for (const scenario of regulation.scenarios.filter((s) => s.expect.path)) {
      const channel = regulation.channels.find((c) => c.id === scenario.channel)!;
      const edges = channel.steps.flatMap(layout.edgesOf);
      const path = scenario.expect.path!;
      const walked = layout.walkedEdges(edges, path);
      for (let i = 1; i < path.length; i++) {
        t.ok([...walked].some((key) => key.endsWith(`->${path[i]}`)), `${scenario.id}: an edge walked into ${path[i]}`);
      }
    }
  });
  t.test(`${regulation.service}: the shortest path reaches each refusal from the entry`, async (t) => {
    for (const channel of regulation.channels) {
      const edges = channel.steps.flatMap(layout.edgesOf);
      for (const refusal of channel.steps.filter((s) => s.kind === 'refusal')) {
        const path = layout.shortestPath(edges, channel.entry, refusal.id);
        t.equal(path[0], channel.entry);
        t.equal(path.at(-1), refusal.id, `${channel.id}: ${refusal.id}`);
      }
    }
  });
}
