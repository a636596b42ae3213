/**
 * The coverage run leaves out two kinds of files on purpose: the demo page's browser scripts (run in Chromium by
 * test/ui, which c8 cannot see) and `types.ts` files, which hold type declarations only. This keeps the second
 * reason true: a `types.ts` that gains run-time code must be measured again.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';

function typesFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? typesFiles(join(dir, e.name)) : e.name === 'types.ts' ? [join(dir, e.name)] : []));
}

t.test('every types.ts under src/ declares types only', async (t) => {
  const files = typesFiles(new URL('../../src', import.meta.url).pathname);
  t.ok(files.length > 0);
  for (const file of files) {
    const runtime = readFileSync(file, 'utf8').split('\n').filter((line) => /^export\s+(const|let|var|function|class|async|default|enum)\b/.test(line));
    t.same(runtime, [], file);
  }
});
