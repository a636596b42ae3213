/**
 * `kz-egov-sandbox conformance` as a user runs it: its help documents every option, usage mistakes exit 2 with one
 * line, a listed expected failure that passes is reported as an unexpected pass, coverage below --min-coverage
 * exits 1, reports are written, and the output ends with "N passed, N failed".
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
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

t.test('usage mistakes exit 2 with one line on stderr', async (t) => {
  const cases: [string[], RegExp][] = [
    [['--concurrency', '0'], /--concurrency must be a whole number from 1 to 64/],
    [['--report', 'pdf'], /--report takes junit, json, html/],
    [['--min-coverage', '120'], /--min-coverage must be a percentage from 0 to 100/],
    [['--expected-failures', '/no/such/file.json'], /--expected-failures \/no\/such\/file\.json: no such file/],
    [['--service', 'no-such-service'], /unknown service no-such-service/],
  ];
  const runs = await Promise.all(cases.map(([args]) => runCli(['conformance', ...args])));
  runs.forEach((run, i) => {
    t.equal(run.code, 2, `${cases[i]![0].join(' ')} exits 2`);
    t.match(run.stderr, cases[i]![1]);
    t.match(run.stderr.trimEnd().split('\n').at(-1)!, /\(see kz-egov-sandbox conformance --help\)$/);
  });
});

t.test('an expected failure that passes is reported; coverage below --min-coverage exits 1; reports are written', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'conformance-cli-'));
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
