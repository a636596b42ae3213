/**
 * The HTML report of a conformance run: one self-contained file (inline CSS, SVG and a little JS; a Content
 * Security Policy that allows no request at all) that reads offline. For each service: its coverage, and the
 * graph of each channel in a layered layout, steps top to bottom, conditions as diamonds, the branches coloured
 * by status (covered green, failed red, uncovered grey), each step focusable with its citation as its accessible
 * name; then the cases with their status and path (clicking one, or its id button from the keyboard, highlights
 * its path on the graph) and the paths skipped with the reason.
 * @see ../../../docs/conformance.md "Reports"
 */
import type { Channel, Regulation, Step } from '../../regulations/types.js';
import type { BranchStatus, ServiceCoverage } from '../coverage.js';
import { branchId, conditionEdges } from '../graph.js';
import { summaryLine, type ConformanceRun } from '../index.js';

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const NODE_W = 168;
const NODE_H = 46;
const GAP_X = 36;
const GAP_Y = 40;
const MARGIN = 24;

interface Edge {
  from: string;
  to: string;
  /** A condition's outcome; absent on a process's or refusal's `next`. */
  label?: string;
  branch?: string;
}

interface Placed {
  step: Step;
  layer: number;
  x: number;
  y: number;
}

/** The edges of a channel's graph, in the order the steps list them. */
function edgesOf(channel: Channel): Edge[] {
  const edges: Edge[] = [];
  for (const step of channel.steps) {
    if (step.kind === 'condition') {
      for (const e of conditionEdges(step)) edges.push({ from: step.id, to: e.target, label: e.outcome, branch: branchId(channel.id, step.id, e.outcome) });
    } else if (step.next) {
      edges.push({ from: step.id, to: step.next });
    }
  }
  return edges;
}

/**
 * A layered layout: layers by the longest path from the entry (edges that close a loop ignored), order within a
 * layer from a depth-first walk that follows the pass edges first (so the main line stays on the left), then a
 * few barycentre sweeps to untangle the branches.
 */
function layout(channel: Channel, edges: Edge[]): { placed: Map<string, Placed>; width: number; height: number } {
  const byId = new Map(channel.steps.map((s) => [s.id, s]));
  const out = new Map<string, Edge[]>();
  for (const e of edges) if (byId.has(e.to)) out.set(e.from, [...(out.get(e.from) ?? []), e]);
  // Depth-first order, and the edges that go back to a step on the stack (loops) to leave out of layering.
  const order: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const back = new Set<Edge>();
  const visit = (id: string): void => {
    state.set(id, 'open');
    order.push(id);
    for (const e of out.get(id) ?? []) {
      const s = state.get(e.to);
      if (s === 'open') back.add(e);
      else if (!s) visit(e.to);
    }
    state.set(id, 'done');
  };
  visit(channel.entry);
  for (const s of channel.steps) if (!state.has(s.id)) visit(s.id);
  const forward = edges.filter((e) => !back.has(e) && byId.has(e.to));
  // Longest path layering over the forward edges, in topological order.
  const indegree = new Map(order.map((id) => [id, 0]));
  for (const e of forward) indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
  const layer = new Map(order.map((id) => [id, 0]));
  const queue = order.filter((id) => indegree.get(id) === 0);
  while (queue.length) {
    const id = queue.shift()!;
    for (const e of forward.filter((f) => f.from === id)) {
      layer.set(e.to, Math.max(layer.get(e.to)!, layer.get(id)! + 1));
      indegree.set(e.to, indegree.get(e.to)! - 1);
      if (indegree.get(e.to) === 0) queue.push(e.to);
    }
  }
  const layers: string[][] = [];
  for (const id of order) (layers[layer.get(id)!] ??= []).push(id);
  for (let i = 0; i < layers.length; i++) layers[i] ??= [];
  const position = new Map<string, number>();
  const renumber = (): void => layers.forEach((ids) => ids.forEach((id, i) => position.set(id, i)));
  renumber();
  const preds = (id: string): string[] => forward.filter((e) => e.to === id).map((e) => e.from);
  const succs = (id: string): string[] => forward.filter((e) => e.from === id).map((e) => e.to);
  const mean = (ids: string[], fallback: number): number => (ids.length ? ids.reduce((t, id) => t + position.get(id)!, 0) / ids.length : fallback);
  for (let sweep = 0; sweep < 4; sweep++) {
    const down = sweep % 2 === 0;
    const range = down ? layers.map((_, i) => i) : layers.map((_, i) => layers.length - 1 - i);
    for (const i of range) {
      const ids = layers[i]!;
      const key = new Map(ids.map((id) => [id, mean(down ? preds(id) : succs(id), position.get(id)!)]));
      ids.sort((a, b) => key.get(a)! - key.get(b)! || position.get(a)! - position.get(b)!);
      ids.forEach((id, p) => position.set(id, p));
    }
  }
  renumber();
  const placed = new Map<string, Placed>();
  let widest = 1;
  layers.forEach((ids, l) => {
    widest = Math.max(widest, ids.length);
    ids.forEach((id, p) => placed.set(id, { step: byId.get(id)!, layer: l, x: MARGIN + p * (NODE_W + GAP_X), y: MARGIN + l * (NODE_H + GAP_Y) }));
  });
  return { placed, width: MARGIN * 2 + widest * (NODE_W + GAP_X) - GAP_X, height: MARGIN * 2 + layers.length * (NODE_H + GAP_Y) - GAP_Y };
}

function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** The SVG of one channel's graph, coloured by the branch statuses. */
function channelSvg(regulation: Regulation, channel: Channel, status: Map<string, { status: BranchStatus; cases: string[] }>): string {
  const edges = edgesOf(channel);
  const { placed, width, height } = layout(channel, edges);
  const parts: string[] = [];
  // Edges that skip layers run down a lane right of every step they pass, one lane each.
  const rightmost = new Map<number, number>();
  for (const p of placed.values()) rightmost.set(p.layer, Math.max(rightmost.get(p.layer) ?? 0, p.x + NODE_W));
  let lanes = 0;
  let extra = 0;
  for (const e of edges) {
    const a = placed.get(e.from);
    const b = placed.get(e.to);
    if (!a || !b) continue;
    const s = e.branch ? (status.get(e.branch)?.status ?? 'uncovered') : 'plain';
    let x1 = a.x + NODE_W / 2;
    let y1 = a.y + NODE_H;
    let x2 = b.x + NODE_W / 2;
    let y2 = b.y;
    let d: string;
    let labelAt: [number, number] | undefined;
    if (b.layer === a.layer + 1) {
      const bend = Math.min(60, (y2 - y1) / 2 + 10);
      d = `M${x1},${y1} C${x1},${y1 + bend} ${x2},${y2 - bend} ${x2},${y2}`;
    } else if (b.layer > a.layer + 1) {
      let right = 0;
      for (let l = a.layer; l <= b.layer; l++) right = Math.max(right, rightmost.get(l) ?? 0);
      const lane = right + 14 + 9 * lanes;
      // Horizontal runs go through the gaps between layers, never across a step.
      const shift = (lanes++ % 4) * 4;
      extra = Math.max(extra, lane - right + 20);
      const below = y1 + GAP_Y / 2 - 6 + shift;
      const above = y2 - GAP_Y / 2 + 6 - shift;
      d = `M${x1},${y1} V${below} H${lane} V${above} H${x2} V${y2}`;
      labelAt = [x1 + NODE_W / 2 + 8, below - 3];
    } else {
      // Back to an earlier layer (a loop): round the right-hand side.
      const side = Math.max(a.x, b.x) + NODE_W + GAP_X / 2;
      d = `M${a.x + NODE_W},${a.y + NODE_H / 2} C${side},${a.y + NODE_H / 2} ${side},${b.y + NODE_H / 2} ${b.x + NODE_W},${b.y + NODE_H / 2}`;
    }
    const tip = e.branch ? `${e.from} → ${e.to} on ${e.label}: ${s}${status.get(e.branch)?.cases.length ? ` (${status.get(e.branch)!.cases.length} case(s))` : ''}` : `${e.from} → ${e.to}`;
    parts.push(`<path class="edge ${s}" data-from="${esc(e.from)}" data-to="${esc(e.to)}" d="${d}" marker-end="url(#arrow-${s})"><title>${esc(tip)}</title></path>`);
    if (e.label) {
      const [lx, ly] = labelAt ?? [x1 + (x2 - x1) * 0.25 + 4, y1 + (y2 - y1) * 0.25 + 4];
      parts.push(`<text class="elabel ${s}" x="${lx.toFixed(1)}" y="${ly.toFixed(1)}">${esc(e.label)}</text>`);
    }
  }
  for (const p of placed.values()) {
    const { step } = p;
    const branch = step.kind === 'refusal' || step.kind === 'result' ? status.get(branchId(channel.id, step.id)) : undefined;
    const s = branch ? branch.status : 'plain';
    const cx = p.x + NODE_W / 2;
    const cy = p.y + NODE_H / 2;
    const shape =
      step.kind === 'condition'
        ? `<polygon points="${cx},${p.y} ${p.x + NODE_W},${cy} ${cx},${p.y + NODE_H} ${p.x},${cy}"/>`
        : `<rect x="${p.x}" y="${p.y}" width="${NODE_W}" height="${NODE_H}" rx="${step.kind === 'result' ? 14 : step.kind === 'refusal' ? 2 : 6}"/>`;
    const code = step.kind === 'refusal' || step.kind === 'result' ? (step.code ?? '') : (step.check ?? '');
    const tip = [
      `${step.id} (${step.kind}, ${step.number})`,
      step.title.en,
      step.check ? `check: ${step.check}` : '',
      step.code ? `code: ${step.code}` : '',
      `cites ${step.citation.seed} lines ${step.citation.lines}${step.citation.step ? ` (${step.citation.step})` : ''}`,
      branch ? `${branch.status}${branch.cases.length ? `: ${branch.cases.join(', ')}` : ''}` : '',
    ]
      .filter(Boolean)
      .join('\n');
    const label = `${step.id} (${step.kind}): ${step.title.en}; cites ${step.citation.seed} lines ${step.citation.lines}${step.citation.step ? ` (${step.citation.step})` : ''}${branch ? `; ${branch.status}` : ''}`;
    parts.push(
      `<g class="node ${step.kind} ${s}" data-step="${esc(step.id)}" tabindex="0" role="img" aria-label="${esc(label)}">${shape}` +
        `<text x="${cx}" y="${cy - 5}" class="sid">${esc(shorten(step.id, 24))}</text>` +
        `<text x="${cx}" y="${cy + 10}" class="sub">${esc(shorten(code || step.title.en, 26))}</text>` +
        `<title>${esc(tip)}</title></g>`,
    );
  }
  const w = width + extra;
  return (
    `<svg class="graph" xmlns="http://www.w3.org/2000/svg" width="${w}" height="${height}" viewBox="0 0 ${w} ${height}" role="img" ` +
    `aria-label="${esc(`${regulation.service} ${channel.id} graph`)}" data-service="${esc(regulation.service)}" data-channel="${esc(channel.id)}">` +
    `<defs>${['plain', 'covered', 'failed', 'uncovered'].map((s) => `<marker id="arrow-${s}" class="${s}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>`).join('')}</defs>` +
    parts.join('') +
    `</svg>`
  );
}

const STYLE = `
:root{--ok:#15803d;--okbg:#dcfce7;--bad:#b91c1c;--badbg:#fee2e2;--grey:#9ca3af;--greybg:#f3f4f6;--ink:#111827}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);margin:0;padding:0 24px 48px;background:#fff}
header{position:sticky;top:0;background:#fff;border-bottom:1px solid #e5e7eb;padding:12px 0;z-index:2}
h1{font-size:20px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-top:2px solid #e5e7eb;padding-top:16px}h3{font-size:15px;margin:16px 0 6px}
.meta{color:#4b5563;font-size:13px}.summary{font-weight:600;font-size:15px}
table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid #e5e7eb;padding:3px 8px;text-align:left;vertical-align:top}th{background:#f9fafb}
.bar{display:inline-block;width:120px;height:10px;background:var(--greybg);border:1px solid #d1d5db;vertical-align:middle}.bar>span{display:block;height:100%;background:var(--ok)}
.status-passed,.status-unexpected-pass{color:var(--ok)}.status-failed{color:var(--bad);font-weight:600}.status-expected-failure{color:#92400e}.status-skipped{color:#6b7280}
tr.case{cursor:pointer}tr.case:hover{background:#f9fafb}tr.case.active{background:#fef9c3}
button.case-id{font:inherit;background:none;border:0;padding:0;color:#1d4ed8;cursor:pointer;text-align:left}button.case-id:focus-visible{outline:2px solid #ca8a04;outline-offset:2px}
.node:focus{outline:none}.node:focus-visible rect,.node:focus-visible polygon{stroke:#ca8a04;stroke-width:3}
.legend span{display:inline-block;margin-right:14px}.sw{display:inline-block;width:12px;height:12px;border:2px solid;vertical-align:-2px;margin-right:4px}
.sw.covered{background:var(--okbg);border-color:var(--ok)}.sw.failed{background:var(--badbg);border-color:var(--bad)}.sw.uncovered{background:var(--greybg);border-color:var(--grey)}
.scroll{overflow:auto;max-height:80vh;border:1px solid #e5e7eb;background:#fcfcfd}
svg.graph{display:block;font:11px system-ui,sans-serif}
.node rect,.node polygon{fill:#fff;stroke:#374151;stroke-width:1.2}
.node.condition polygon{fill:#eff6ff;stroke:#1d4ed8}
.node.covered rect{fill:var(--okbg);stroke:var(--ok);stroke-width:2}.node.failed rect{fill:var(--badbg);stroke:var(--bad);stroke-width:2}.node.uncovered rect{fill:var(--greybg);stroke:var(--grey);stroke-width:2;stroke-dasharray:4 3}
.node text{text-anchor:middle;pointer-events:none}.node .sid{font-weight:600}.node .sub{fill:#4b5563;font-size:10px}
.edge{fill:none;stroke-width:1.4;stroke-linejoin:round}.edge.plain{stroke:#6b7280}.edge.covered{stroke:var(--ok);stroke-width:2}.edge.failed{stroke:var(--bad);stroke-width:2}.edge.uncovered{stroke:var(--grey);stroke-dasharray:5 4}
marker.plain path{fill:#6b7280}marker.covered path{fill:var(--ok)}marker.failed path{fill:var(--bad)}marker.uncovered path{fill:var(--grey)}
.elabel{font-size:10px;paint-order:stroke;stroke:#fff;stroke-width:3px}.elabel.covered{fill:var(--ok)}.elabel.failed{fill:var(--bad)}.elabel.uncovered{fill:#6b7280}
svg.highlighting .node,svg.highlighting .edge,svg.highlighting .elabel{opacity:.25}svg.highlighting .hl{opacity:1}svg.highlighting .node.hl rect,svg.highlighting .node.hl polygon{stroke:#ca8a04;stroke-width:3}svg.highlighting .edge.hl{stroke:#ca8a04;stroke-width:3;opacity:1}
code{font-size:12px}.fail{color:var(--bad);white-space:pre-wrap}
nav a{margin-right:10px}
`;

/** Clicking a case (or Enter / Space on its id button) highlights its path on the channel's graph; again clears it. */
const SCRIPT = `
document.addEventListener('click', function (ev) {
  var row = ev.target.closest && ev.target.closest('tr.case');
  if (!row) return;
  var svg = document.querySelector('svg.graph[data-service="' + row.dataset.service + '"][data-channel="' + row.dataset.channel + '"]');
  document.querySelectorAll('tr.case.active').forEach(function (r) { if (r !== row) r.classList.remove('active'); });
  document.querySelectorAll('svg.graph.highlighting').forEach(function (g) { g.classList.remove('highlighting'); g.querySelectorAll('.hl').forEach(function (n) { n.classList.remove('hl'); }); });
  if (row.classList.toggle('active') === false || !svg) return;
  var path = row.dataset.path ? row.dataset.path.split(' ') : [];
  svg.classList.add('highlighting');
  path.forEach(function (id, i) {
    svg.querySelectorAll('.node[data-step="' + CSS.escape(id) + '"]').forEach(function (n) { n.classList.add('hl'); });
    if (i + 1 < path.length) svg.querySelectorAll('.edge[data-from="' + CSS.escape(id) + '"][data-to="' + CSS.escape(path[i + 1]) + '"]').forEach(function (e) { e.classList.add('hl'); });
  });
  svg.closest('details').open = true;
});
`;

function coverageBar(c: ServiceCoverage): string {
  return `<span class="bar" title="${c.percent}%"><span style="width:${Math.min(100, c.percent)}%"></span></span> ${c.covered}/${c.branches} (${c.percent}%)`;
}

/** The whole report as one HTML document. */
export function htmlReport(run: ConformanceRun): string {
  const sections = run.regulations.map((regulation) => {
    const coverage = run.coverage.services.find((s) => s.service === regulation.service)!;
    const status = new Map(coverage.detail.map((b) => [b.id, { status: b.status, cases: b.cases }]));
    const rows = run.results
      .filter((r) => r.service === regulation.service)
      .map(
        (r) =>
          `<tr class="case" data-service="${esc(r.service)}" data-channel="${esc(r.channel)}" data-path="${esc(r.path.join(' '))}">` +
          `<td><button type="button" class="case-id" aria-label="${esc(`${r.id}: ${r.status}; highlight its path on the ${r.channel} graph`)}"><code>${esc(r.id.slice(r.service.length + 1))}</code></button></td><td>${esc(r.channel)}</td><td>${esc(r.variant)}</td>` +
          `<td class="status-${r.status}">${esc(r.status)}</td><td>${r.outcome ? `<code>${esc(r.outcome.code)}</code> at <code>${esc(r.outcome.step)}</code>` : '-'}</td>` +
          `<td>${r.durationMs} ms</td><td>${r.failures.length ? `<div class="fail">${esc(r.failures.join('\n'))}</div>` : ''}${r.expectedFailure ? `<div>expected failure: ${esc(r.expectedFailure)}</div>` : ''}</td></tr>`,
      )
      .join('');
    const skipped = run.suite.skipped.filter((s) => s.service === regulation.service);
    const channels = regulation.channels
      .map((channel) => {
        const here = coverage.detail.filter((b) => b.channel === channel.id);
        const covered = here.filter((b) => b.status === 'covered').length;
        return (
          `<details open><summary><h3 style="display:inline">${esc(channel.id)}: ${esc(channel.title.en)}</h3> <span class="meta">${covered}/${here.length} branches covered</span></summary>` +
          `<div class="scroll">${channelSvg(regulation, channel, status)}</div></details>`
        );
      })
      .join('');
    const uncovered = coverage.detail.filter((b) => b.status !== 'covered');
    return (
      `<section class="service" id="svc-${esc(regulation.service)}" data-service="${esc(regulation.service)}">` +
      `<h2>${esc(regulation.service)}: ${esc(regulation.title.en)}</h2>` +
      `<p>Branch coverage: ${coverageBar(coverage)}</p>` +
      (uncovered.length ? `<p>Not covered: ${uncovered.map((b) => `<code>${esc(b.id)}</code> (${b.status})`).join(', ')}</p>` : '') +
      channels +
      `<h3>Cases</h3><p class="meta">Click a case (or its id, with the keyboard) to highlight its path on the graph.</p>` +
      `<table><thead><tr><th>case</th><th>channel</th><th>variant</th><th>status</th><th>outcome</th><th>time</th><th>failures</th></tr></thead><tbody>${rows}</tbody></table>` +
      (skipped.length
        ? `<h3>Skipped paths</h3><table><thead><tr><th>path</th><th>reason</th></tr></thead><tbody>${skipped.map((s) => `<tr><td><code>${esc(s.id.slice(s.service.length + 1))}</code></td><td class="status-skipped">${esc(s.reason)}</td></tr>`).join('')}</tbody></table>`
        : '') +
      `</section>`
    );
  });
  const overview = run.coverage.services
    .map((c) => {
      const results = run.results.filter((r) => r.service === c.service);
      const failed = results.filter((r) => r.status === 'failed').length;
      return `<tr><td><a href="#svc-${esc(c.service)}">${esc(c.service)}</a></td><td>${results.length}</td><td class="${failed ? 'status-failed' : ''}">${failed}</td><td>${coverageBar(c)}</td></tr>`;
    })
    .join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Conformance report: ${esc(summaryLine(run.totals))}</title>
<style>${STYLE}</style></head><body>
<header><h1>kz-egov-sandbox conformance report</h1>
<div class="summary">${esc(summaryLine(run.totals))}; branch coverage ${run.coverage.covered}/${run.coverage.branches} (${run.coverage.percent}%)${run.totals.expectedFailures ? `; ${run.totals.expectedFailures} expected failure(s)` : ''}${run.totals.unexpectedPasses ? `; ${run.totals.unexpectedPasses} unexpected pass(es)` : ''}</div>
<div class="meta">Target ${esc(run.target)}${run.inProcess ? ' (started in process)' : ''}, run ${esc(run.runId)}, ${esc(run.startedAt)}, ${(run.durationMs / 1000).toFixed(1)} s</div>
<div class="legend meta"><span><i class="sw covered"></i>covered: walked by a passing case</span><span><i class="sw failed"></i>failed: walked only by failing cases</span><span><i class="sw uncovered"></i>uncovered</span><span>◇ condition</span></div>
</header>
<h2>Services</h2>
<table><thead><tr><th>service</th><th>cases</th><th>failed</th><th>branch coverage</th></tr></thead><tbody>${overview}</tbody></table>
${sections.join('\n')}
<script>${SCRIPT}</script>
</body></html>
`;
}
