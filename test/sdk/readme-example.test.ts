/** The README's complete SDK example is the one docs/sdk.md carries, which docs-example.test.ts runs. */
import { readFileSync } from 'node:fs';
import t from 'tap';

const block = (file: string): string | undefined => /```ts\n(import \{ createClient[\s\S]*?)```/.exec(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'))?.[1];

t.test("the README's SDK example is the tested example of docs/sdk.md", async (t) => {
  const readme = block('README.md');
  t.ok(readme, 'the README has the example');
  t.equal(readme, block('docs/sdk.md'));
});
