import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { generateIin } from '../../src/core/iin.js';
import { runCli } from './run-cli.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** A stack trace line, which a user must never see for a mistake of theirs. */
const STACK_LINE = /^\s+at .+[(:]/m;

t.test('--version prints the package version', async (t) => {
  const run = await runCli(['--version']);
  t.equal(run.code, 0);
  t.equal(run.stdout, `${pkg.version}\n`);
});

t.test('--help lists the commands; each command has its own --help', async (t) => {
  const main = await runCli(['--help']);
  t.equal(main.code, 0);
  t.match(main.stdout, /Usage: kz-egov-sandbox <command>/);
  t.match(main.stdout, /^\s+start\s+/m);
  t.match(main.stdout, /^\s+personas\s+/m);
  t.match(main.stdout, /^\s+certs\s+Regenerate the test PKI/m);

  const start = await runCli(['start', '--help']);
  t.equal(start.code, 0);
  for (const flag of ['--port', '--host', '--personas', '--body-limit', '--shep-sender', '--shep-password']) t.match(start.stdout, flag);
  t.match(start.stdout, /LOG_LEVEL/);

  const personas = await runCli(['personas', '-h']);
  t.equal(personas.code, 0);
  t.match(personas.stdout, /--trait T/);
  t.same(await runCli(['help', 'personas']), { ...personas }, '`help personas` says the same');

  const certs = await runCli(['certs', '--help']);
  t.equal(certs.code, 0);
  for (const flag of ['--out DIR', '--personas DIR', '--public-url URL', '--new-keys']) t.match(certs.stdout, flag);
});

t.test('no command prints the usage on stderr and exits 2', async (t) => {
  const run = await runCli([]);
  t.equal(run.code, 2);
  t.equal(run.stdout, '');
  t.match(run.stderr, /Usage: kz-egov-sandbox/);
});

t.test('usage mistakes get one line on stderr and exit code 2', async (t) => {
  const cases: [string[], RegExp, Record<string, string>?][] = [
    [['serve'], /^kz-egov-sandbox: unknown command "serve" \(see kz-egov-sandbox --help\)\n$/],
    [['--frobnicate'], /^kz-egov-sandbox: unknown option --frobnicate/],
    [['start', '--frobnicate'], /^kz-egov-sandbox: unknown option --frobnicate \(see kz-egov-sandbox start --help\)\n$/],
    [['start', '--port'], /--port/],
    [['start', '--port', '8o80'], /--port must be a whole number from 0 to 65535, got "8o80"/],
    [['start', '--port', '65536'], /--port must be a whole number/],
    [['start', '--body-limit', '0'], /--body-limit must be a whole number from 1/],
    [['start', '--public-url', 'localhost'], /--public-url must be an absolute http\(s\) URL/],
    [['start', 'now'], /unexpected argument "now"/],
    [['start'], /PORT must be a whole number from 0 to 65535, got "http"/, { PORT: 'http' }],
    [['start', '--port', '0'], /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"/, { LOG_LEVEL: 'verbose' }],
    [['personas', '--trait', 'gbdfl-present,no-such-trait'], /unknown trait no-such-trait/],
    [['help', 'serve'], /unknown command "serve"/],
    [['certs', '--public-url', 'not a url'], /--public-url must be an absolute http\(s\) URL, got "not a url"/],
    [['certs'], /--public-url must be an absolute http\(s\) URL/, { PUBLIC_URL: 'ftp://example' }],
    [['certs', '--frobnicate'], /^kz-egov-sandbox: unknown option --frobnicate \(see kz-egov-sandbox certs --help\)\n$/],
  ];
  for (const [args, message, env] of cases) {
    const run = await runCli(args, env);
    const what = `${env ? `${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ')} ` : ''}kz-egov-sandbox ${args.join(' ')}`;
    t.equal(run.code, 2, `${what}: exit 2`);
    t.match(run.stderr, message, `${what}: says what is wrong`);
    t.equal(run.stderr.trimEnd().split('\n').length, 1, `${what}: one line`);
    t.equal(run.stdout, '', `${what}: nothing on stdout`);
  }
});

t.test('a bad persona folder stops start-up with exit 1, naming the file and field, without a stack trace', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kz-personas-'));
  const file = join(dir, 'typo.json');
  writeFileSync(file, JSON.stringify({ iin: '900115300014', label: 'Check digit typo', surname: 'Test', name: 'Typo', traits: ['gbdfl-present'] }));
  const run = await runCli(['start', '--port', '0', '--personas', dir]);
  t.equal(run.code, 1);
  t.match(run.stderr, `${file}: invalid persona`);
  t.match(run.stderr, /\/iin: .*check digit/i);
  t.notMatch(run.stderr, STACK_LINE);
  t.equal(run.stdout, '', 'it never started listening');
});

t.test('a persona folder that does not exist is named in the error, exit 1', async (t) => {
  const missing = join(tmpdir(), 'kz-personas-that-do-not-exist');
  const run = await runCli(['start', '--port', '0', '--personas', missing]);
  t.equal(run.code, 1);
  t.match(run.stderr, missing);
  t.match(run.stderr, /cannot read the personas folder/);
  t.notMatch(run.stderr, STACK_LINE);
});

t.test('personas prints the bundled personas as a table of IIN, name and traits', async (t) => {
  const run = await runCli(['personas']);
  t.equal(run.code, 0);
  const [header, ...rows] = run.stdout.trimEnd().split('\n');
  t.match(header, /^IIN\s+NAME\s+TRAITS$/);
  const happy = rows.find((r) => r.startsWith('900115300013 '));
  t.ok(happy, 'the happy-path persona is listed');
  t.match(happy, /Әбілқайыров Ғалымжан Нұрланұлы\s+.*gbdfl-present/);
  t.match(rows.at(-1), /^\d+ of \d+ personas$/);
  const nameColumn = header!.indexOf('NAME');
  for (const row of rows.slice(0, -1)) t.equal([...row].slice(nameColumn - 2, nameColumn).join(''), '  ', 'columns line up');
});

t.test('personas --trait keeps only personas carrying every trait named', async (t) => {
  const all = await runCli(['personas']);
  const total = Number(/of (\d+) personas/.exec(all.stdout)?.[1]);
  const run = await runCli(['personas', '--trait', 'crime-clean', '--trait', 'fee-pays']);
  t.equal(run.code, 0);
  const rows = run.stdout.trimEnd().split('\n').slice(1, -1);
  t.ok(rows.length > 0);
  for (const row of rows) {
    t.match(row, /\bcrime-clean\b/);
    t.match(row, /\bfee-pays\b/);
  }
  t.match(run.stdout, new RegExp(`${rows.length} of ${total} personas\\n$`));
});

t.test('personas --personas DIR lists a user folder too', async (t) => {
  const listed = (await runCli(['personas'])).stdout;
  // An IIN no bundled persona uses (serials count up from a date no fixture is likely to pick).
  let serial = 7001;
  while (listed.includes(generateIin('1977-03-08', 'female', serial))) serial++;
  const iin = generateIin('1977-03-08', 'female', serial);
  const dir = mkdtempSync(join(tmpdir(), 'kz-personas-'));
  writeFileSync(
    join(dir, 'mine.json'),
    JSON.stringify([{ iin, label: 'My own persona', surname: 'Сейітова', name: 'Әйгерім', traits: ['gbdfl-present', 'crime-clean'] }]),
  );
  const run = await runCli(['personas', '--personas', dir, '--trait', 'crime-clean']);
  t.equal(run.code, 0, run.stderr);
  t.match(run.stdout, new RegExp(`^${iin}\\s+Сейітова Әйгерім\\s+gbdfl-present, crime-clean$`, 'm'));
});
