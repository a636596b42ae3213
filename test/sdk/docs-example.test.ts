/**
 * The complete example of docs/sdk.md runs as written against a started sandbox: the block after the
 * `example: complete` marker, with `kz-egov-sandbox/sdk` pointed at the source, in its own Node process.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import t from 'tap';
import { buildServer } from '../../src/server.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const doc = await readFile(join(root, 'docs/sdk.md'), 'utf8');
const block = /<!-- example: complete[^>]*-->\s*```ts\n([\s\S]*?)```/.exec(doc)?.[1];

t.test('docs/sdk.md has a complete example', async (t) => {
  t.ok(block, 'the marked block exists');
});

t.test('the complete example runs and prints what its comments promise', async (t) => {
  const app = await buildServer({ logger: false });
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const dir = await mkdtemp(join(tmpdir(), 'sdk-example-'));
  t.teardown(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });
  const source = block!.replaceAll("'kz-egov-sandbox/sdk'", `'${pathToFileURL(join(root, 'src/sdk/index.ts')).href}'`);
  const file = join(dir, 'example.mts');
  await writeFile(file, source);
  const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: root, env: { ...process.env, SANDBOX_URL: baseUrl } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  t.equal(code, 0, `it exits 0${stderr ? `: ${stderr.slice(0, 500)}` : ''}`);
  const lines = stdout.split('\n');
  const printed = (pattern: RegExp, what: string) => t.ok(lines.some((line) => pattern.test(line)), what);
  t.match(lines[0], /^APP-\d{4}-\d{6} in-progress$/, 'the submission waits for the clock');
  printed(/^completed [A-Z_]+ \{/, 'the happy path completes with a code and a citation');
  printed(/^refused EDS_NOT_CONFIRMED /, 'the revoked certificate is refused');
  printed(/^401 AUTH_REFUSED AUTH_REFUSED$/, 'the refused login is a typed problem with the refusal');
  printed(/^SCSS001 \{/, 'the SHEP call answers the persons');
  t.match(stdout, /iin: '900115300013'/, 'with the person asked for');
  printed(/^UNKNOWN_SERVICE soap:Client$/, 'the SHEP fault is typed');
  t.equal(lines.filter((line) => line === 'SCSS001').length, 1, 'the WS-Security signed call succeeds');
});
