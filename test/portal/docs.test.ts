/**
 * docs/regulations.md says what the files and the code say: the problem codes, the nine services' variants,
 * channels and scenario counts, the checks and the systems they ask, the decision traits, the reading options
 * and the routes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import t from 'tap';
import { problemCatalogues } from '../../src/core/problem.js';
import { buildServer } from '../../src/server.js';
import { decide } from '../../src/regulations/checks/index.js';
import { CHECK_NAMES, DECISION_CHECKS, READING_OPTIONS, type DecisionCheckName } from '../../src/regulations/checks/names.js';
import type { CheckContext } from '../../src/regulations/checks/types.js';
import type { Regulation } from '../../src/regulations/types.js';

const doc = readFileSync(new URL('../../docs/regulations.md', import.meta.url), 'utf8');
const REGULATIONS_DIR = new URL('../../fixtures/regulations/', import.meta.url);
const files = readdirSync(REGULATIONS_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(new URL(f, REGULATIONS_DIR), 'utf8')) as Regulation);
const app = await buildServer({ logger: false });
t.teardown(() => app.close());

/** The rows of the table after `<!-- marker -->` (or of the table whose header starts with `header`), as cells. */
function table(start: { marker?: string; header?: string }): string[][] {
  const lines = doc.split('\n');
  let i = start.marker ? lines.indexOf(`<!-- ${start.marker} -->`) : lines.findIndex((l) => l.startsWith(start.header!));
  if (i < 0) return [];
  while (!lines[i]!.startsWith('|')) i++;
  const rows: string[][] = [];
  for (i += 2; lines[i]?.startsWith('|'); i++) rows.push(lines[i]!.slice(1, -1).split(' | ').map((c) => c.trim()));
  return rows;
}

const ticks = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

t.test('every problem code of the channels is documented with its status', async (t) => {
  const catalogue = problemCatalogues().get('regulations')!;
  t.ok(catalogue, 'the catalogue is registered');
  const rows = table({ marker: 'problems' });
  t.equal(rows.length, Object.keys(catalogue).length, 'one row per code');
  for (const [code, spec] of Object.entries(catalogue)) t.match(doc, `| \`${code}\` | ${spec.status} |`, code);
});

t.test('the services table gives each file\'s seed, variants, channels with their scenario rows, and scenario count', async (t) => {
  const rows = table({ marker: 'services' });
  t.same(rows.map((r) => ticks(r[0]!)[0]).sort(), files.map((f) => f.service).sort(), 'one row per regulation file');
  for (const file of files) {
    const row = rows.find((r) => ticks(r[0]!)[0] === file.service);
    if (!row) continue;
    t.equal(row[1], file.seed, `${file.service}: seed`);
    t.same(ticks(row[2]!), file.variants.map((v) => v.id), `${file.service}: variants`);
    t.equal(
      row[3],
      file.channels.map((c) => `\`${c.id}\` (${file.scenarios.filter((s) => s.channel === c.id).length})`).join(', '),
      `${file.service}: channels and their scenario rows`,
    );
    t.equal(Number(row[4]), file.scenarios.length, `${file.service}: scenarios`);
  }
});

t.test('every check has a row, and the services it names are routed by the gateway to the system it names', async (t) => {
  const rows = table({ header: '| check | asks |' });
  t.same(rows.map((r) => ticks(r[0]!)[0]).sort(), [...CHECK_NAMES].sort(), 'one row per check');
  const routed = ((await app.inject({ method: 'GET', url: '/shep/services' })).json().services as { serviceId: string; system: string }[]);
  for (const row of rows) {
    const [check, system] = [ticks(row[0]!)[0]!, ticks(row[1]!)[0]];
    const serviceIds = ticks(row[2]!).filter((id) => /Sync$/.test(id));
    if ((DECISION_CHECKS as readonly string[]).includes(check)) {
      t.equal(row[2], 'human decision', `${check} is a human decision`);
      continue;
    }
    for (const serviceId of serviceIds) t.equal(routed.find((s) => s.serviceId === serviceId)?.system, system, `${check}: ${serviceId} goes to ${system}`);
  }
  const used = new Set(files.flatMap((f) => f.channels.flatMap((c) => c.steps.flatMap((s) => (s.check ? [s.check] : [])))));
  for (const check of used) t.ok(rows.some((r) => ticks(r[0]!)[0] === check), `${check}, used by a regulation, is documented`);
});

t.test('the decision-trait table is what the checks do with a persona carrying the trait', async (t) => {
  const rows = table({ marker: 'decision-traits' });
  const traits = ((await app.inject({ method: 'GET', url: '/__admin/personas/traits' })).json().traits as { id: string }[]).map((x) => x.id);
  for (const name of DECISION_CHECKS) t.ok(rows.some((r) => ticks(r[0]!)[0] === name), `${name} has a row`);
  for (const row of rows) {
    const [name, trait] = [ticks(row[0]!)[0] as DecisionCheckName, ticks(row[1]!)[0]!];
    t.ok(traits.includes(trait), `${trait} is a trait of the vocabulary`);
    const ctx = { application: { decisions: {}, applicantIin: '900115300013' }, persona: () => ({ traits: [trait] }) } as unknown as CheckContext;
    t.equal(decide(ctx, name).outcome, row[2], `${name} with ${trait}: ${row[2]}`);
  }
  const none = { application: { decisions: {}, applicantIin: '900115300013' }, persona: () => ({ traits: [] }) } as unknown as CheckContext;
  for (const name of DECISION_CHECKS) t.equal(decide(none, name).outcome, 'pass', `${name} passes otherwise`);
});

t.test('the reading-option table lists every option the checks read and every option a file offers, with its values and defaults', async (t) => {
  const rows = table({ marker: 'reading-options' });
  for (const [name, { values }] of Object.entries(READING_OPTIONS)) {
    const row = rows.find((r) => ticks(r[0]!)[0] === name);
    t.ok(row, `${name} has a row`);
    t.same(ticks(row?.[1] ?? ''), values, `${name}: ${values.join(', ')}`);
  }
  for (const file of files) {
    for (const option of file.ambiguities.flatMap((a) => (a.option ? [a.option] : []))) {
      const row = rows.find((r) => ticks(r[0]!)[0] === option.name);
      t.ok(row, `${option.name} (${file.service}) has a row`);
      t.same(ticks(row?.[1] ?? '').sort(), [...option.values].sort(), `${option.name}: its values`);
      t.match(row?.[3] ?? '', `\`${file.service}\` (${option.default})`, `${option.name}: ${file.service} with default ${option.default}`);
    }
  }
});

t.test('every portal, provider and State Corporation channel route in the OpenAPI document is documented', async (t) => {
  const paths = (await app.inject({ method: 'GET', url: '/docs/json' })).json().paths as Record<string, Record<string, unknown>>;
  const routes = Object.entries(paths)
    .filter(([p]) => p.startsWith('/portal/') || p.startsWith('/provider/') || p === '/state-corporation/applications')
    .flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`));
  t.ok(routes.length >= 16, `${routes.length} routes`);
  for (const route of routes) t.match(doc, `\`${route}`, route);
});
