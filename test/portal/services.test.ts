/**
 * The services as the portal shows them: the list, each regulation with its graphs, the Kazakh text of the
 * seed at the cited lines, and the refusal codes with their citations.
 */
import { readdirSync, readFileSync } from 'node:fs';
import t from 'tap';
import { buildServer } from '../../src/server.js';
import type { Regulation } from '../../src/regulations/types.js';
import { Client } from './client.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());
const client = new Client(app, 'portal-services');

const NINE = [
  'advocate-attestation',
  'advocate-license',
  'forensic-expert-license',
  'bailiff-attestation',
  'bailiff-license',
  'guardianship-orphan',
  'minor-property-inheritance-certificates',
  'legal-stats-archive-certificate',
  'legal-stats-admin-offence-info',
];
const REGULATIONS_DIR = new URL('../../fixtures/regulations/', import.meta.url);
const SEEDS_DIR = new URL('../../fixtures/seeds/', import.meta.url);
const files = readdirSync(REGULATIONS_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(new URL(f, REGULATIONS_DIR), 'utf8')) as Regulation);
const seedLines = (seed: string): string[] => readFileSync(new URL(seed, SEEDS_DIR), 'utf8').split('\n');
/** Letters only Kazakh (not Russian) Cyrillic has. */
const KAZAKH_LETTERS = /[әғқңөұүһіӘҒҚҢӨҰҮҺІ]/;

t.test('GET /portal/services lists the nine services with their variants and channels', async (t) => {
  const res = await client.get('/portal/services');
  t.equal(res.status, 200);
  const services = res.body.services as Record<string, any>[];
  t.same(services.map((s) => s.id).sort(), [...NINE].sort(), 'the nine services');
  for (const summary of services) {
    const file = files.find((f) => f.service === summary.id)!;
    t.match(summary.title, { kk: String, ru: String, en: String }, `${summary.id}: a title in three languages`);
    t.equal(summary.seed, file.seed);
    t.same(summary.variants.map((v: { id: string }) => v.id), file.variants.map((v) => v.id), `${summary.id}: its variants`);
    t.same(
      summary.channels.map((c: { id: string; signer: string }) => [c.id, c.signer]),
      file.channels.map((c) => [c.id, c.signer]),
      `${summary.id}: its channels and who signs on each`,
    );
  }
});

t.test('GET /portal/services/{id} answers each regulation as its file has it', async (t) => {
  for (const id of NINE) {
    const res = await client.get(`/portal/services/${id}`);
    t.equal(res.status, 200, id);
    t.same(res.body, files.find((f) => f.service === id), `${id}: the whole regulation (variants, documents, channels and steps, ambiguities, scenarios)`);
  }
});

t.test('an unknown service is 404 SERVICE_NOT_FOUND, for the regulation and its text alike', async (t) => {
  for (const url of ['/portal/services/no-such-service', '/portal/services/no-such-service/text?lines=1']) {
    const res = await client.get(url);
    t.equal(res.status, 404, url);
    t.equal(res.body.code, 'SERVICE_NOT_FOUND');
    t.match(res.contentType, /application\/problem\+json/);
  }
});

t.test("GET /portal/services/{id}/text answers the seed's Kazakh lines a citation names", async (t) => {
  for (const file of files) {
    const lines = seedLines(file.seed);
    const cited = file.channels.flatMap((c) => c.steps).find((s) => s.kind === 'refusal')!.citation;
    const res = await client.get(`/portal/services/${file.service}/text?lines=${cited.lines}`);
    t.equal(res.status, 200, `${file.service} L${cited.lines}`);
    t.equal(res.body.seed, file.seed);
    for (const { line, text } of res.body.lines as { line: number; text: string }[]) t.equal(text, lines[line - 1], `${file.service} line ${line} is the seed's`);
    t.ok(res.body.lines.some((l: { text: string }) => KAZAKH_LETTERS.test(l.text)), `${file.service}: the cited text is Kazakh`);
  }
  const several = await client.get('/portal/services/advocate-license/text?lines=3-5,10');
  t.same(several.body.lines.map((l: { line: number }) => l.line), [3, 4, 5, 10], 'ranges and single lines, in the order asked');
});

t.test('a line range outside the seed, reversed or over 400 lines is 400 LINES_INVALID; a malformed one is 400 VALIDATION_FAILED', async (t) => {
  const length = seedLines(files.find((f) => f.service === 'advocate-license')!.seed).length;
  for (const lines of ['0', '0-3', '9-5', `${length + 1}`, `1-${length + 5}`, '1-401', '3,9-5']) {
    const res = await client.get(`/portal/services/advocate-license/text?lines=${lines}`);
    t.equal(res.status, 400, lines);
    t.equal(res.body.code, 'LINES_INVALID', lines);
    t.match(res.body.detail, String(length), `${lines}: says how many lines the seed has`);
  }
  t.equal((await client.get('/portal/services/advocate-license/text?lines=1-400')).body.lines?.length, 400, 'a range of 400 lines is read');
  for (const lines of ['abc', '1-', '-3', '1;2', '']) {
    const res = await client.get(`/portal/services/advocate-license/text?lines=${lines}`);
    t.equal(res.status, 400, JSON.stringify(lines));
    t.equal(res.body.code, 'VALIDATION_FAILED', JSON.stringify(lines));
  }
  const missing = await client.get('/portal/services/advocate-license/text');
  t.equal(missing.status, 400);
  t.equal(missing.body.code, 'VALIDATION_FAILED');
});

t.test('GET /portal/refusal-codes lists every code a refusal or result step can give, with every step and citation using it', async (t) => {
  const res = await client.get('/portal/refusal-codes');
  t.equal(res.status, 200);
  const codes = res.body.codes as { code: string; kind: string; message: Record<string, string>; uses: { service: string; channel: string; step: string; citation: unknown }[] }[];
  const byCode = new Map(codes.map((c) => [c.code, c]));
  t.equal(byCode.size, codes.length, 'each code once');
  for (const file of files) {
    for (const channel of file.channels) {
      for (const step of channel.steps.filter((s) => s.kind === 'refusal' || s.kind === 'result')) {
        const entry = byCode.get(step.code!);
        t.ok(entry, `${step.code} (${file.service} ${channel.id} ${step.id}) is listed`);
        t.same(
          entry?.uses.find((u) => u.service === file.service && u.channel === channel.id && u.step === step.id)?.citation,
          step.citation,
          `${step.code} lists ${file.service} ${channel.id} ${step.id} with its citation`,
        );
      }
    }
  }
  const uses = codes.reduce((sum, c) => sum + c.uses.length, 0);
  const given = files
    .flatMap((f) => f.channels.flatMap((c) => c.steps))
    .filter((x) => x.kind === 'refusal' || x.kind === 'result')
    .reduce((sum, x) => sum + 1 + Object.keys(x.resultByVariant ?? {}).length, 0);
  t.equal(uses, given, 'one use per code a refusal or result step gives (its own and per variant), and no other');
  for (const entry of codes) {
    t.match(entry.code, /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/, `${entry.code} is UPPER_SNAKE`);
    t.match(entry.message, { kk: String, ru: String, en: String }, `${entry.code}: a message in three languages`);
    t.ok(entry.kind === 'refusal' || entry.kind === 'result', `${entry.code}: ${entry.kind}`);
  }
  t.same(
    codes.map((c) => c.code),
    [...codes.map((c) => c.code)].sort((a, b) => a.localeCompare(b)),
    'sorted by code',
  );
});

t.test("GET /portal/refusal-codes also lists the codes a result gives for some variants only (a re-issued licence, a duplicate)", async (t) => {
  const codes = new Set(((await client.get('/portal/refusal-codes')).body.codes as { code: string }[]).map((c) => c.code));
  const byVariant = files.flatMap((f) => f.channels.flatMap((c) => c.steps.flatMap((s) => Object.values(s.resultByVariant ?? {}).map((v) => v.code))));
  t.ok(byVariant.length > 0, 'some results vary by variant');
  for (const code of new Set(byVariant)) t.ok(codes.has(code), `${code} is listed`);
});
