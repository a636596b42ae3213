/**
 * Draws a channel's step graph as SVG (layout from ./layout.js) and paints the path an application took.
 * Every node is focusable and opens with Enter or Space; hover and focus show its citation.
 */
import { layoutGraph, pathThrough } from './layout.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * @param {string} name
 * @param {Record<string, string | number>} [attributes]
 * @param {string} [text]
 */
function svg(name, attributes = {}, text) {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Cuts a text to `max` characters with an ellipsis. */
export function fit(text, max) {
  const clean = String(text ?? '').replace(/\s+/g, ' ').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).trimEnd()}…`;
}

/**
 * @typedef {{id: string, kind: string, number: string, actor: string, title: {kk?: string, en: string}, check?: string, code?: string,
 *   next?: string, onFail?: string, onUnavailable?: string, branches?: Record<string, string>, inferred?: boolean}} Step
 */

/**
 * Renders the diagram into `container` (replacing what was there).
 * @param {HTMLElement} container
 * @param {{steps: Step[], entry: string, label: string, stepTitle: (step: Step) => string,
 *   edgeLabel: (label: string) => string, onOpen: (id: string) => void, onHint: (id: string | null, element?: Element) => void}} options
 */
export function renderDiagram(container, options) {
  const { steps, entry } = options;
  const layout = layoutGraph(steps, entry);
  const byId = new Map(steps.map((s) => [s.id, s]));
  const root = svg('svg', {
    width: Math.ceil(layout.width),
    height: Math.ceil(layout.height),
    viewBox: `0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}`,
    role: 'group',
    'aria-label': options.label,
    class: 'graph',
  });
  const defs = svg('defs');
  for (const kind of ['plain', 'fail', 'visited', 'scheduled']) {
    const marker = svg('marker', { id: `arrow-${kind}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' });
    marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: `arrowhead arrowhead-${kind}` }));
    defs.append(marker);
  }
  root.append(defs);

  const edgeLayer = svg('g', { class: 'edges' });
  const labelLayer = svg('g', { class: 'edge-labels' });
  const nodeLayer = svg('g', { class: 'nodes' });
  root.append(edgeLayer, nodeLayer, labelLayer);

  /** @type {Map<string, SVGPathElement>} */
  const edgeElements = new Map();
  for (const edge of layout.edges) {
    const failing = edge.kind !== 'next';
    const path = svg('path', {
      d: pathThrough(edge.points),
      class: `edge edge-${edge.kind}`,
      'data-from': edge.from,
      'data-to': edge.to,
      'marker-end': `url(#arrow-${failing ? 'fail' : 'plain'})`,
    });
    edgeElements.set(`${edge.from}->${edge.to}`, path);
    edgeLayer.append(path);
    if (edge.labels.length) {
      const [start, next] = edge.points;
      const sideways = Math.abs(next.x - start.x) > 4 && byId.get(edge.from)?.kind === 'condition' && edge.kind !== 'next';
      const x = sideways ? start.x + (next.x > start.x ? 6 : -6) : start.x + 6;
      const y = sideways ? start.y - 5 : start.y + 13;
      labelLayer.append(
        svg('text', { x, y, class: `edge-label edge-label-${edge.kind}`, 'text-anchor': sideways && next.x < start.x ? 'end' : 'start' }, edge.labels.map(options.edgeLabel).join(' / ')),
      );
    }
  }

  /** @type {Map<string, SVGGElement>} */
  const nodeElements = new Map();
  for (const node of layout.nodes) {
    const step = byId.get(node.id);
    const title = options.stepTitle(step);
    const group = svg('g', {
      class: `node node-${node.kind}${step.inferred ? ' inferred' : ''}`,
      'data-step': node.id,
      tabindex: 0,
      role: 'button',
      'aria-label': `${step.number}: ${title}${step.code ? ` (${step.code})` : ''}`,
      transform: `translate(${node.x.toFixed(1)},${node.y.toFixed(1)})`,
    });
    if (node.kind === 'condition') {
      group.append(svg('polygon', { class: 'shape', points: `${node.w / 2},0 ${node.w},${node.h / 2} ${node.w / 2},${node.h} 0,${node.h / 2}` }));
    } else {
      group.append(svg('rect', { class: 'shape', width: node.w, height: node.h, rx: node.kind === 'process' ? 8 : 3 }));
      if (node.kind === 'result' || node.kind === 'refusal') group.append(svg('rect', { class: 'inner', x: 3, y: 3, width: node.w - 6, height: node.h - 6, rx: 2 }));
    }
    const centre = node.w / 2;
    const numberMax = node.kind === 'condition' ? 22 : 28;
    const second = node.kind === 'condition' ? fit(step.check ?? title, 24) : step.code ? fit(step.code, 26) : fit(title, 28);
    group.append(
      svg('text', { x: centre, y: node.h / 2 - 4, class: 'node-number', 'text-anchor': 'middle' }, fit(step.number, numberMax)),
      svg('text', { x: centre, y: node.h / 2 + 10, class: step.code ? 'node-code' : 'node-title', 'text-anchor': 'middle' }, second),
    );
    group.addEventListener('click', () => options.onOpen(node.id));
    group.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        options.onOpen(node.id);
      }
    });
    group.addEventListener('mouseenter', () => options.onHint(node.id, group));
    group.addEventListener('mouseleave', () => options.onHint(null));
    group.addEventListener('focus', () => options.onHint(node.id, group));
    group.addEventListener('blur', () => options.onHint(null));
    nodeElements.set(node.id, group);
    nodeLayer.append(group);
  }

  container.replaceChildren(root);

  return {
    layout,
    /** Clears the painted path. */
    reset() {
      for (const g of nodeElements.values()) {
        g.classList.remove('visited', 'scheduled', 'current', 'outcome', 'selected');
        g.removeAttribute('data-visit');
        g.querySelectorAll('.visit-badge').forEach((b) => b.remove());
      }
      for (const [, path] of edgeElements) {
        path.classList.remove('visited', 'scheduled');
        path.setAttribute('marker-end', `url(#arrow-${path.classList.contains('edge-next') ? 'plain' : 'fail'})`);
      }
    },
    /**
     * Marks a step as walked, the `index`-th of the path.
     * @param {string} id
     * @param {number} index
     * @param {'done'|'scheduled'} state
     */
    visit(id, index, state) {
      const g = nodeElements.get(id);
      if (!g) return;
      nodeLayer.querySelectorAll('.current').forEach((c) => c.classList.remove('current'));
      g.classList.add(state === 'done' ? 'visited' : 'scheduled', 'current');
      if (state === 'done') g.classList.remove('scheduled');
      const visits = g.getAttribute('data-visit');
      g.setAttribute('data-visit', visits ? `${visits} ${index}` : String(index));
      const badge = svg('text', { x: 4, y: 11, class: 'visit-badge' }, String(index + 1));
      g.querySelectorAll('.visit-badge').forEach((b) => b.remove());
      g.append(badge);
    },
    /** Marks an edge (`from->to`) as walked. */
    walk(key, state) {
      const path = edgeElements.get(key);
      if (!path) return;
      path.classList.add(state === 'done' ? 'visited' : 'scheduled');
      path.setAttribute('marker-end', `url(#arrow-${state === 'done' ? 'visited' : 'scheduled'})`);
    },
    /** Emphasises the step where the application ended. */
    emphasise(id) {
      nodeElements.get(id)?.classList.add('outcome');
    },
    /** Shows a step as the one open in the side panel. */
    select(id) {
      for (const [key, g] of nodeElements) g.classList.toggle('selected', key === id);
    },
    /** Scrolls a step into view in the diagram's box. */
    reveal(id) {
      const g = nodeElements.get(id);
      if (!g) return;
      const box = container.getBoundingClientRect();
      const node = g.getBoundingClientRect();
      if (node.top < box.top || node.bottom > box.bottom) container.scrollTop += node.top - box.top - box.height / 2 + node.height / 2;
      if (node.left < box.left || node.right > box.right) container.scrollLeft += node.left - box.left - 16;
    },
    /** The node of a step (for focus). */
    node(id) {
      return nodeElements.get(id);
    },
  };
}
