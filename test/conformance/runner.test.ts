/**
 * The runner against a sandbox listening on loopback: a case that breaks its expectation fails with a message
 * naming what differed; a listed expected failure that fails is not a failure, one that passes is an unexpected
 * pass; every tenant name is valid and distinct; the JUnit report of such a run still validates.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { computeCoverage } from '../../src/conformance/coverage.js';
import type { ConformanceRun } from '../../src/conformance/index.js';
import { writeReports } from '../../src/conformance/reports/index.js';
import { runCases, tenantOf } from '../../src/conformance/runner.js';
import { deriveSuite } from '../../src/conformance/suite.js';
import type { SuiteCase } from '../../src/conformance/types.js';
import { TENANT_PATTERN } from '../../src/core/tenant-store.js';
import { createClient } from '../../src/sdk/index.js';
import { buildServer } from '../../src/server.js';

const XSD = new URL('./jenkins-junit.xsd', import.meta.url).pathname;

const app = await buildServer({ logger: false });
const url = await app.listen({ port: 0, host: '127.0.0.1' });
const client = createClient({ baseUrl: url });
t.teardown(async () => {
  await client.close();
  await app.close();
});

const regulations = app.sandbox.regulations.catalogue.list();
const suite = deriveSuite(regulations, app.sandbox.personas.bundled(), { services: ['legal-stats-admin-offence-info'] });
const byId = (id: string): SuiteCase => suite.cases.find((c) => c.id === `legal-stats-admin-offence-info/${id}`)!;
/** D-P-01 told to expect another code: it will fail. */
const broken = (id: string): SuiteCase => {
  const c = byId('D-P-01');
  return { ...c, id: `legal-stats-admin-offence-info/${id}`, expect: { ...c.expect, code: 'NOT_THE_CODE' } };
};

t.test('a case that walks another way fails, naming what differed', async (t) => {
  const [result] = await runCases(client, [broken('BROKEN')]);
  t.equal(result!.status, 'failed');
  t.match(result!.failures.join('\n'), /outcome code ADMIN_OFFENCE_INFO_ISSUED, expected NOT_THE_CODE/);
  t.same(result!.path, byId('D-P-01').expect.path, 'the path walked is reported');
});

t.test('expected failures: a listed failure is expected, a listed pass is an unexpected pass', async (t) => {
  const cases = [broken('LISTED-BROKEN'), byId('D-P-02'), broken('UNLISTED-BROKEN'), byId('D-P-08')];
  const expectedFailures = new Map([
    ['legal-stats-admin-offence-info/LISTED-BROKEN', 'the code is wrong on purpose'],
    ['legal-stats-admin-offence-info/D-P-02', 'believed broken'],
  ]);
  const results = await runCases(client, cases, { expectedFailures, concurrency: 2 });
  t.same(
    results.map((r) => [r.id.split('/')[1], r.status]),
    [
      ['LISTED-BROKEN', 'expected-failure'],
      ['D-P-02', 'unexpected-pass'],
      ['UNLISTED-BROKEN', 'failed'],
      ['D-P-08', 'passed'],
    ],
  );
  t.equal(results[0]!.expectedFailure, 'the code is wrong on purpose', 'the reason is kept');

  // The JUnit report of such a run validates too: a failure, an expected failure (skipped), a skipped path.
  const run: ConformanceRun = {
    runId: 'r1',
    target: url,
    inProcess: true,
    startedAt: new Date().toISOString(),
    durationMs: 1,
    regulations: regulations.filter((r) => r.service === 'legal-stats-admin-offence-info'),
    suite: { services: suite.services, cases, skipped: suite.skipped },
    results,
    coverage: computeCoverage(regulations.filter((r) => r.service === 'legal-stats-admin-offence-info'), cases, results),
    totals: { total: 4, passed: 2, failed: 1, skipped: suite.skipped.length, expectedFailures: 1, unexpectedPasses: 1 },
    unknownExpectedFailures: [],
  };
  const dir = mkdtempSync(join(tmpdir(), 'conformance-runner-'));
  const [junit] = writeReports(run, ['junit'], dir);
  const xml = readFileSync(junit!, 'utf8');
  t.match(xml, /<failure type="ConformanceFailure" message="outcome code ADMIN_OFFENCE_INFO_ISSUED, expected NOT_THE_CODE"/);
  t.match(xml, /<skipped type="expected-failure" message="expected failure: the code is wrong on purpose"/);
  t.match(xml, /unexpected pass: listed as an expected failure \(believed broken\)/);
  const { stderr } = await promisify(execFile)('xmllint', ['--noout', '--schema', XSD, junit!]);
  t.match(stderr, /validates/);
});

t.test('each case runs in its own tenant, named from the run id and the case id', async (t) => {
  const names = suite.cases.map((c) => tenantOf('r1234', c.id));
  t.equal(new Set(names).size, names.length, 'one tenant per case');
  const long = tenantOf('rabcdefgh1234', 'minor-property-inheritance-certificates/stateCorporation/internal-affairs/sc.c2.grounds=fail');
  t.ok(long.length <= 64 && TENANT_PATTERN.test(long), `a long id still makes a valid tenant name (${long})`);
  t.ok(long.startsWith('rabcdefgh1234.minor-property'), 'it starts with the run id and the case id');
  t.not(long, tenantOf('rabcdefgh1234', 'minor-property-inheritance-certificates/stateCorporation/internal-affairs/sc.c2.compliant=fail'));
});
