/**
 * Layered top-to-bottom layout of a channel's step graph (a small Sugiyama layout): edges from `next`,
 * `onFail`, `onUnavailable` and `branches`; layers by longest path from the entry so every edge points
 * down; long edges broken by dummy points; the order within a layer by barycentre sweeps (fewest
 * crossings kept); x by a priority pass that pulls each node under its neighbours.
 * Pure functions, no DOM: the page draws the result, the tests check it.
 */

/** The node box per step kind (a condition is drawn as a diamond inside its box). */
export const NODE_SIZE = {
  process: { w: 176, h: 46 },
  condition: { w: 196, h: 60 },
  refusal: { w: 176, h: 50 },
  result: { w: 176, h: 50 },
};
const DUMMY_WIDTH = 14;
const GAP_X = 26;
const LAYER_GAP = 40;
const MARGIN = 16;

/**
 * The edges leaving a step: `next` (a condition's pass branch), `fail`, `unavailable` and named branches.
 * Two outcomes that lead to the same step are one edge carrying both labels.
 * @param {{id: string, kind: string, next?: string, onFail?: string, onUnavailable?: string, branches?: Record<string, string>}} step
 * @returns {{from: string, to: string, kind: 'next'|'fail'|'unavailable'|'branch', labels: string[]}[]}
 */
export function edgesOf(step) {
  const out = [];
  const add = (to, kind, label) => {
    if (!to) return;
    const same = out.find((e) => e.to === to);
    if (same) {
      if (label) same.labels.push(label);
      return;
    }
    out.push({ from: step.id, to, kind, labels: label ? [label] : [] });
  };
  const isCondition = step.kind === 'condition';
  add(step.next, 'next', isCondition ? 'pass' : '');
  if (isCondition) {
    add(step.onFail, 'fail', 'fail');
    add(step.onUnavailable, 'unavailable', 'unavailable');
    for (const [name, to] of Object.entries(step.branches ?? {})) add(to, 'branch', name);
  }
  return out;
}

/**
 * Lays a channel out.
 * @param {{id: string, kind: string}[]} steps
 * @param {string} entry the first step
 * @returns {{nodes: {id: string, kind: string, x: number, y: number, w: number, h: number, layer: number}[],
 *   edges: {from: string, to: string, kind: string, labels: string[], points: {x: number, y: number}[]}[],
 *   width: number, height: number, layers: number}}
 */
export function layoutGraph(steps, entry) {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const edges = steps.flatMap(edgesOf).filter((e) => byId.has(e.to) && e.to !== e.from);

  // Discovery order: depth first from the entry, `next` before failures, so the main path comes first.
  const order = new Map();
  const visit = (id) => {
    if (order.has(id)) return;
    order.set(id, order.size);
    for (const e of edges.filter((x) => x.from === id)) visit(e.to);
  };
  if (byId.has(entry)) visit(entry);
  for (const s of steps) visit(s.id);

  // Back edges (none in the regulations today) are laid out reversed, so the layering stays acyclic.
  const reversed = new Set();
  const state = new Map();
  const dfs = (id) => {
    state.set(id, 1);
    for (const e of edges.filter((x) => x.from === id)) {
      if (state.get(e.to) === 1) reversed.add(e);
      else if (!state.has(e.to)) dfs(e.to);
    }
    state.set(id, 2);
  };
  for (const id of [...order.keys()].sort((a, b) => order.get(a) - order.get(b))) if (!state.has(id)) dfs(id);
  const down = edges.map((e) => (reversed.has(e) ? { from: e.to, to: e.from } : { from: e.from, to: e.to }));

  // Longest-path layering.
  const layer = new Map(steps.map((s) => [s.id, 0]));
  const indegree = new Map(steps.map((s) => [s.id, 0]));
  for (const e of down) indegree.set(e.to, indegree.get(e.to) + 1);
  const queue = steps.filter((s) => indegree.get(s.id) === 0).map((s) => s.id);
  while (queue.length) {
    const id = queue.shift();
    for (const e of down.filter((x) => x.from === id)) {
      layer.set(e.to, Math.max(layer.get(e.to), layer.get(id) + 1));
      indegree.set(e.to, indegree.get(e.to) - 1);
      if (indegree.get(e.to) === 0) queue.push(e.to);
    }
  }
  const layerCount = Math.max(0, ...layer.values()) + 1;

  // The main path: the entry and the steps its `next` links reach. Within a layer it comes first; then
  // branches by how far above they start, so a branch sits close to its condition and a long edge runs outside.
  const spine = new Set();
  for (let id = entry; id && byId.has(id) && !spine.has(id); id = byId.get(id).next) spine.add(id);
  const parentsOf = (id) => down.filter((e) => e.to === id).map((e) => e.from);
  const tie = (id) => order.get(id) / (steps.length + 1);
  const rankOf = (id) => (spine.has(id) ? tie(id) : 1 + Math.min(...parentsOf(id).map((p) => layer.get(id) - layer.get(p)), layerCount) + tie(id));

  // Graph of the layout: real nodes and dummy points, each edge a chain one layer long per link.
  /**
   * `up` / `downs`: neighbours one layer above / below; the primary ones are along `next` links (the main path).
   * @type {Map<string, {id: string, dummy: boolean, layer: number, rank: number, w: number, h: number, up: string[], downs: string[], primaryUps: string[], primaryDowns: string[], x: number}>}
   */
  const nodes = new Map();
  for (const s of steps) {
    const size = NODE_SIZE[s.kind] ?? NODE_SIZE.process;
    nodes.set(s.id, { id: s.id, dummy: false, layer: layer.get(s.id), rank: rankOf(s.id), w: size.w, h: size.h, up: [], downs: [], primaryUps: [], primaryDowns: [], x: 0 });
  }
  const chains = edges.map((e, i) => {
    const d = down[i];
    const chain = [d.from];
    for (let l = layer.get(d.from) + 1; l < layer.get(d.to); l++) {
      const id = `\u0000${i}:${l}`;
      nodes.set(id, { id, dummy: true, layer: l, rank: 1 + l - layer.get(d.from) + tie(d.to) + i / 1e6, w: DUMMY_WIDTH, h: 0, up: [], downs: [], primaryUps: [], primaryDowns: [], x: 0 });
      chain.push(id);
    }
    chain.push(d.to);
    for (let k = 1; k < chain.length; k++) {
      nodes.get(chain[k - 1]).downs.push(chain[k]);
      nodes.get(chain[k]).up.push(chain[k - 1]);
      if (e.kind === 'next') {
        nodes.get(chain[k - 1]).primaryDowns.push(chain[k]);
        nodes.get(chain[k]).primaryUps.push(chain[k - 1]);
      }
    }
    return reversed.has(e) ? chain.reverse() : chain;
  });

  /** @type {string[][]} */
  let layers = Array.from({ length: layerCount }, () => []);
  for (const n of nodes.values()) layers[n.layer].push(n.id);
  for (const l of layers) l.sort((a, b) => nodes.get(a).rank - nodes.get(b).rank);

  const position = (ls) => {
    const pos = new Map();
    for (const l of ls) l.forEach((id, i) => pos.set(id, i));
    return pos;
  };
  const crossings = (ls) => {
    const pos = position(ls);
    let count = 0;
    for (let l = 0; l + 1 < ls.length; l++) {
      const links = ls[l].flatMap((id) => nodes.get(id).downs.map((to) => [pos.get(id), pos.get(to)]));
      for (let i = 0; i < links.length; i++)
        for (let j = i + 1; j < links.length; j++) {
          const [a1, b1] = links[i];
          const [a2, b2] = links[j];
          if ((a1 - a2) * (b1 - b2) < 0) count++;
        }
    }
    return count;
  };
  let best = layers.map((l) => [...l]);
  let bestCrossings = crossings(best);
  for (let sweep = 0; sweep < 6 && bestCrossings > 0; sweep++) {
    const downward = sweep % 2 === 0;
    const range = downward ? [...Array(layerCount).keys()].slice(1) : [...Array(layerCount).keys()].reverse().slice(1);
    for (const l of range) {
      const pos = position(layers);
      const bary = new Map();
      for (const id of layers[l]) {
        const neighbours = downward ? nodes.get(id).up : nodes.get(id).downs;
        bary.set(id, neighbours.length ? neighbours.reduce((sum, n) => sum + pos.get(n), 0) / neighbours.length : pos.get(id));
      }
      // Stable (ties keep the current order), and the main path stays first: it runs straight down the left.
      const key = (id) => (spine.has(id) ? -Infinity : bary.get(id));
      layers[l] = layers[l].map((id, i) => ({ id, i })).sort((a, b) => key(a.id) - key(b.id) || a.i - b.i).map((x) => x.id);
    }
    const c = crossings(layers);
    if (c < bestCrossings) {
      best = layers.map((x) => [...x]);
      bestCrossings = c;
    }
  }
  layers = best;

  // x: left to right in order, then passes that pull each node under its neighbours: under the step it
  // follows on the main path when there is one, so the main path runs straight down.
  const place = (l, desired) => {
    let right = -Infinity;
    for (const id of layers[l]) {
      const n = nodes.get(id);
      const min = right === -Infinity ? MARGIN + n.w / 2 : right + GAP_X + n.w / 2;
      n.x = Math.max(min, desired(n));
      right = n.x + n.w / 2;
    }
  };
  for (let l = 0; l < layerCount; l++) place(l, () => 0);
  const mean = (ids) => ids.reduce((s, id) => s + nodes.get(id).x, 0) / ids.length;
  for (let pass = 0; pass < 5; pass++) {
    const downward = pass % 2 === 0;
    const range = downward ? [...Array(layerCount).keys()].slice(1) : [...Array(layerCount).keys()].reverse().slice(1);
    for (const l of range) {
      place(l, (n) => {
        const primary = downward ? n.primaryUps : n.primaryDowns;
        const neighbours = primary.length ? primary : downward ? n.up : n.downs;
        return neighbours.length ? mean(neighbours) : n.x;
      });
    }
  }
  const minLeft = Math.min(...[...nodes.values()].map((n) => n.x - n.w / 2));
  for (const n of nodes.values()) n.x += MARGIN - minLeft;

  // y: layers stacked, each as tall as its tallest node.
  const layerHeight = layers.map((l) => Math.max(0, ...l.map((id) => nodes.get(id).h)));
  const layerTop = [];
  let top = MARGIN;
  for (let l = 0; l < layerCount; l++) {
    layerTop.push(top);
    top += layerHeight[l] + LAYER_GAP;
  }
  const centreY = (n) => layerTop[n.layer] + layerHeight[n.layer] / 2;

  const realNodes = steps.map((s) => {
    const n = nodes.get(s.id);
    return { id: s.id, kind: s.kind, x: n.x - n.w / 2, y: centreY(n) - n.h / 2, w: n.w, h: n.h, layer: n.layer };
  });
  const box = new Map(realNodes.map((n) => [n.id, n]));
  const laidEdges = edges.map((e, i) => {
    const chain = chains[i];
    const from = box.get(e.from);
    const to = box.get(e.to);
    const via = chain.slice(1, -1).map((id) => ({ x: nodes.get(id).x, y: centreY(nodes.get(id)) }));
    const target = via[0] ?? { x: to.x + to.w / 2, y: to.y };
    // A condition's pass branch leaves from the bottom vertex; its other outcomes from the side facing the target.
    let start = { x: from.x + from.w / 2, y: from.y + from.h };
    if (from.kind === 'condition' && e.kind !== 'next' && Math.abs(target.x - (from.x + from.w / 2)) > 4) {
      start = target.x > from.x + from.w / 2 ? { x: from.x + from.w, y: from.y + from.h / 2 } : { x: from.x, y: from.y + from.h / 2 };
    }
    const end = reversed.has(e) ? { x: to.x + to.w / 2, y: to.y + to.h } : { x: to.x + to.w / 2, y: to.y };
    return { from: e.from, to: e.to, kind: e.kind, labels: e.labels, points: [start, ...via, end] };
  });
  const width = Math.max(0, ...realNodes.map((n) => n.x + n.w), ...[...nodes.values()].map((n) => n.x + n.w / 2)) + MARGIN;
  return { nodes: realNodes, edges: laidEdges, width, height: top - LAYER_GAP + MARGIN, layers: layerCount };
}

/**
 * An SVG path through the points: a smooth vertical S-curve between each pair.
 * @param {{x: number, y: number}[]} points
 */
export function pathThrough(points) {
  const [first, ...rest] = points;
  let d = `M${first.x.toFixed(1)},${first.y.toFixed(1)}`;
  let prev = first;
  for (const p of rest) {
    const midY = (prev.y + p.y) / 2;
    d += ` C${prev.x.toFixed(1)},${midY.toFixed(1)} ${p.x.toFixed(1)},${midY.toFixed(1)} ${p.x.toFixed(1)},${p.y.toFixed(1)}`;
    prev = p;
  }
  return d;
}

/**
 * The edges walked between consecutive steps of a path. Steps a variant skips are not in a timeline, so a
 * pair with no direct edge is joined by the shortest chain of edges through steps not on the path.
 * @param {{from: string, to: string}[]} edges
 * @param {string[]} path step ids in order
 * @returns {Set<string>} `from->to` keys
 */
export function walkedEdges(edges, path) {
  const walked = new Set();
  const onPath = new Set(path);
  for (let i = 1; i < path.length; i++) {
    const from = path[i - 1];
    const to = path[i];
    if (edges.some((e) => e.from === from && e.to === to)) {
      walked.add(`${from}->${to}`);
      continue;
    }
    const previous = new Map([[from, null]]);
    const queue = [from];
    while (queue.length && !previous.has(to)) {
      const id = queue.shift();
      for (const e of edges.filter((x) => x.from === id)) {
        if (previous.has(e.to) || (e.to !== to && onPath.has(e.to))) continue;
        previous.set(e.to, id);
        queue.push(e.to);
      }
    }
    for (let at = previous.has(to) ? to : null; at && previous.get(at); at = previous.get(at)) walked.add(`${previous.get(at)}->${at}`);
  }
  return walked;
}

/**
 * The shortest path of steps from the entry to a step (for an outcome with no timeline, such as a refused login).
 * @param {{from: string, to: string}[]} edges
 */
export function shortestPath(edges, entry, target) {
  const previous = new Map([[entry, null]]);
  const queue = [entry];
  while (queue.length) {
    const id = queue.shift();
    if (id === target) break;
    for (const e of edges.filter((x) => x.from === id)) {
      if (previous.has(e.to)) continue;
      previous.set(e.to, id);
      queue.push(e.to);
    }
  }
  if (!previous.has(target)) return [];
  const path = [];
  for (let at = target; at !== null; at = previous.get(at)) path.unshift(at);
  return path;
}
