/**
 * `kz-egov-sandbox conformance` as a user runs it: its help documents every option, usage mistakes exit 2 with one
 * line (an unknown --tag lists the known ones; an --out folder that cannot be made fails before the run), a
 * selection with no case exits 1, a listed expected failure that passes is reported as an unexpected pass,
 * coverage below --min-coverage exits 1, reports are written (or the failure to write them is said, and the
 * summary still printed), the passing cases' tenants are reset on the target, a target serving other
 * regulations than the bundled ones gets a warning, and the output ends with "N passed, N failed".
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { BUNDLED_REGULATIONS_DIR } from '../../src/regulations/catalogue.js';
import { buildServer } from '../../src/server.js';
import { runCli } from '../cli/run-cli.js';

t.test('--help documents every option', async (t) => {
  const { code, stdout } = await runCli(['conformance', '--help']);
  t.equal(code, 0);
  for (const option of ['--target URL', '--service S', '--tag T', '--concurrency N', '--report KINDS', '--out DIR', '--min-coverage P', '--expected-failures FILE', '--help']) {
    t.match(stdout, option, `documents ${option}`);
  }
  t.match(stdout, /N passed, N failed/);
  const main = await runCli(['--help']);
  t.match(main.stdout, /conformance\s+Run the conformance suite/, 'the command is listed in the main help');
});

const scratch = mkdtempSync(join(tmpdir(), 'conformance-cli-'));
const notAFolder = join(scratch, 'a-file');
writeFileSync(notAFolder, 'not a folder');

t.test('usage mistakes exit 2 with one line on stderr', async (t) => {
  const cases: [string[], RegExp][] = [
    [['--concurrency', '0'], /--concurrency must be a whole number from 1 to 64/],
    [['--report', 'pdf'], /--report takes junit, json, html/],
    [['--min-coverage', '120'], /--min-coverage must be a percentage from 0 to 100/],
    [['--expected-failures', '/no/such/file.json'], /--expected-failures \/no\/such\/file\.json: no such file/],
    [['--service', 'no-such-service'], /unknown service no-such-service/],
    [['--tag', 'nosuchtag'], /unknown tag nosuchtag; tags: refusal, result, regulation, synthesized, fault, login, .*advocate-license.*portal/],
    [['--report', 'json', '--out', join(notAFolder, 'reports')], /--out .*reports: cannot create or write the folder \(ENOTDIR\)/],
  ];
  const runs = await Promise.all(cases.map(([args]) => runCli(['conformance', ...args])));
  runs.forEach((run, i) => {
    t.equal(run.code, 2, `${cases[i]![0].join(' ')} exits 2`);
    t.match(run.stderr, cases[i]![1]);
    t.match(run.stderr.trimEnd().split('\n').at(-1)!, /\(see kz-egov-sandbox conformance --help\)$/);
    t.notMatch(run.stderr, /\] (PASS|FAIL) /, `${cases[i]![0].join(' ')}: no case ran`);
  });
});

t.test('a selection with no case exits 1 and says so', async (t) => {
  const run = await runCli(['conformance', '--service', 'bailiff-license', '--tag', 'advocate-license']);
  t.equal(run.code, 1);
  t.match(run.stdout, /no case matches --service bailiff-license --tag advocate-license: nothing was tested/);
  t.equal(run.stdout.trimEnd().split('\n').at(-1), '0 passed, 0 failed');
});

t.test('a report that cannot be written is said, and the summary line still ends the output', async (t) => {
  const out = join(scratch, 'blocked');
  mkdirSync(join(out, 'conformance.json'), { recursive: true });
  const run = await runCli(['conformance', '--service', 'legal-stats-admin-offence-info', '--tag', 'login', '--report', 'json', '--out', out]);
  t.equal(run.code, 1);
  t.match(run.stdout, /the reports could not be written to .*blocked: EISDIR/);
  t.match(run.stdout.trimEnd().split('\n').at(-1)!, /^[1-9]\d* passed, 0 failed$/);
});

t.test('against a target: its tenants are reset after the run, and regulations differing from the bundled ones are named', async (t) => {
  const regulationsDir = join(scratch, 'regulations');
  cpSync(BUNDLED_REGULATIONS_DIR, regulationsDir, { recursive: true });
  const file = join(regulationsDir, 'legal-stats-admin-offence-info.json');
  const regulation = JSON.parse(readFileSync(file, 'utf8'));
  regulation.title.en = `${regulation.title.en} (edited on the target)`;
  writeFileSync(file, JSON.stringify(regulation));
  const app = await buildServer({ logger: false, regulationsDir });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  const run = await runCli(['conformance', '--target', url, '--service', 'legal-stats-admin-offence-info', '--tag', 'regulation']);
  t.equal(run.code, 0, run.stdout);
  t.match(run.stdout, /^warning: .* serves regulations that differ from the bundled ones for legal-stats-admin-offence-info; the suite follows the target's/m);
  t.match(run.stdout, /^tenants: \d+ reset on the target$/m);
  t.same(app.sandbox.tenants.names().filter((n) => n.startsWith('r')), [], 'no tenant of the run is left on the target');
});

t.test('an expected failure that passes is reported; coverage below --min-coverage exits 1; reports are written', async (t) => {
  const dir = scratch;
  const listed = join(dir, 'expected-failures.json');
  writeFileSync(
    listed,
    JSON.stringify([
      { id: 'bailiff-license/BL-FAULT-GBDFL', reason: 'believed broken' },
      { id: 'bailiff-license/NO-SUCH-CASE', reason: 'stale entry' },
    ]),
  );
  const out = join(dir, 'reports');
  const run = await runCli(['conformance', '--service', 'bailiff-license', '--tag', 'fault', '--concurrency', '2', '--expected-failures', listed, '--min-coverage', '100', '--report', 'junit,html', '--out', out]);
  const lines = run.stdout.trimEnd().split('\n');
  t.equal(run.code, 1, 'exit 1: coverage is below the minimum');
  t.match(run.stdout, /UNEXPECTED PASS bailiff-license\/BL-FAULT-GBDFL: listed as an expected failure \(believed broken\) but passed/);
  t.match(run.stdout, /lists 1 id\(s\) that are no case of this suite: bailiff-license\/NO-SUCH-CASE/);
  t.match(run.stdout, /branch coverage [\d.]+% is below --min-coverage 100%/);
  t.match(run.stdout, /0 expected failure\(s\), 1 unexpected pass\(es\)/);
  t.match(lines.at(-1)!, /^\d+ passed, 0 failed$/, 'the output ends with "N passed, N failed"');
  t.match(run.stderr, /XPASS bailiff-license\/BL-FAULT-GBDFL/, 'progress on stderr marks it');
  t.ok(existsSync(join(out, 'conformance.junit.xml')) && existsSync(join(out, 'conformance.html')), 'the reports are written');
  t.notOk(existsSync(join(out, 'conformance.json')), 'only those asked for');
});
