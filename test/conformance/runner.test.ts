/**
 * The runner against a sandbox listening on loopback: a case that breaks its expectation fails with a message
 * naming what differed; the deadline is the path's step durations added up from the submission, and the timeline
 * never goes back in time and ends at it; a refused login reports only its refusal step and covers only the login
 * condition's fail edge and that step; a listed expected failure that fails is not a failure, one that passes is an
 * unexpected pass; every tenant name is valid and distinct, and after a run only the failing cases' tenants are left;
 * the JUnit report of such a run validates against the Jenkins xUnit plugin's junit-10.xsd (test/conformance/
 * jenkins-junit.xsd, verbatim from github.com/jenkinsci/xunit-plugin,
 * src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd).
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
import { expectedDeadline, releaseTenants, runCases, tenantOf, timeProblems } from '../../src/conformance/runner.js';
import { kazakhCalendar } from '../../src/core/calendar.js';
import type { Regulation } from '../../src/regulations/types.js';
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
    tenants: { reset: 0, kept: [] },
    regulationDifferences: [],
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

t.test('the deadline is the step durations of the path from the submission; the timeline keeps time', async (t) => {
  const regulation = regulations.find((r) => r.service === 'legal-stats-admin-offence-info')!;
  const c = byId('D-P-01');
  const [ok] = await runCases(client, [c], { regulations: [regulation] });
  t.equal(ok!.status, 'passed', ok!.failures.join('; '));
  t.equal(ok!.deadline, expectedDeadline(regulation, c, c.expect.path!, '2026-03-02T04:00:00.000Z', kazakhCalendar()));
  t.not(ok!.deadline, '2026-03-02T04:00:00.000Z', 'the path takes time');

  // The same case checked against a regulation whose first timed step on the path takes a working day longer.
  const timed = regulation.channels.find((ch) => ch.id === c.channel)!.steps.find((s) => c.expect.path!.includes(s.id) && s.duration)!;
  const longer = structuredClone(regulation) as Regulation;
  longer.channels.find((ch) => ch.id === c.channel)!.steps.find((s) => s.id === timed.id)!.duration = { value: 1, unit: 'workingDays' };
  const [late] = await runCases(client, [c], { regulations: [longer] });
  t.equal(late!.status, 'failed');
  t.match(late!.failures.join('\n'), new RegExp(`deadline ${ok!.deadline}, expected ${expectedDeadline(longer, c, c.expect.path!, '2026-03-02T04:00:00.000Z', kazakhCalendar())}`));

  const at = (step: string, iso: string) => ({ step, at: iso }) as never;
  t.same(timeProblems({ deadline: '2026-03-02T05:00:00.000Z', timeline: [at('a', '2026-03-02T04:00:00.000Z'), at('b', '2026-03-02T05:00:00.000Z')] }, '2026-03-02T05:00:00.000Z'), []);
  const problems = timeProblems({ deadline: '2026-03-02T06:00:00.000Z', timeline: [at('a', '2026-03-02T05:00:00.000Z'), at('b', '2026-03-02T04:00:00.000Z')] }, '2026-03-02T06:00:00.000Z');
  t.match(problems.join('\n'), /the timeline goes back in time: b at 2026-03-02T04:00:00.000Z after a at 2026-03-02T05:00:00.000Z/);
  t.match(problems.join('\n'), /the timeline ends at 2026-03-02T04:00:00.000Z \(b\), not at the deadline 2026-03-02T06:00:00.000Z/);
  t.match(timeProblems({ deadline: null, timeline: [] } as never, '2026-03-02T06:00:00.000Z').join(''), /no deadline; expected 2026-03-02T06:00:00.000Z/);
});

t.test('a refused login reports its refusal step only, and covers the login fail edge and that step only', async (t) => {
  const c = byId('D-P-03');
  t.equal(c.drive.login, 'fails');
  const [result] = await runCases(client, [c]);
  t.equal(result!.status, 'passed', result!.failures.join('; '));
  t.same(result!.path, [c.expect.step], 'the path is the refusal step the login answered');
  t.same(result!.choices, [], 'no condition outcome is seen');
  const regulation = regulations.filter((r) => r.service === 'legal-stats-admin-offence-info');
  const channel = regulation[0]!.channels.find((ch) => ch.id === c.channel)!;
  const login = channel.steps.find((s) => s.check === 'portal.authenticated')!;
  const coverage = computeCoverage(regulation, [c], [result!]);
  t.same(
    coverage.services[0]!.detail.filter((b) => b.status === 'covered').map((b) => b.id).sort(),
    [`${c.channel}:${login.id}:fail`, `${c.channel}:${c.expect.step}`].sort(),
  );
  const failed = computeCoverage(regulation, [c], [{ ...result!, status: 'failed' }]);
  t.same(failed.services[0]!.detail.filter((b) => b.status === 'failed').map((b) => b.id).sort(), [`${c.channel}:${login.id}:fail`, `${c.channel}:${c.expect.step}`].sort(), 'a failing one marks the same two failed');
});

t.test('after a run only the tenants of failing cases are left', async (t) => {
  const runId = 'rrelease1';
  const results = await runCases(client, [byId('D-P-08'), broken('RELEASE-BROKEN')], { runId });
  t.same(results.map((r) => r.status), ['passed', 'failed']);
  const personas = `${runId}.personas`;
  await client.withTenant(personas).admin.personas();
  const ours = () => app.sandbox.tenants.names().filter((n) => n.startsWith(`${runId}.`)).sort();
  t.same(ours(), [personas, results[0]!.tenant, results[1]!.tenant].sort(), 'the run made its tenants');
  const released = await releaseTenants(client, results, [personas]);
  t.same(released.kept, [results[1]!.tenant]);
  t.same(ours(), [results[1]!.tenant], "only the failing case's tenant is left, for inspection");
});
