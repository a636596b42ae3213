import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { commonProblems, PROBLEM_TYPE_BASE, ProblemError, problemCatalogues } from '../../src/core/problem.js';
import { buildServer } from '../../src/server.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** Every source file that declares a catalogue, found by reading the source (a system not yet wired into the server counts too). */
function cataloguingModules(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return cataloguingModules(path);
    return d.name.endsWith('.ts') && /\bdefineProblems\(\s*'/.test(readFileSync(path, 'utf8')) ? [path] : [];
  });
}

t.test('every problem code is upper-snake, has a title and an error status, and is unique across systems', async (t) => {
  const app = await buildServer({ logger: false });
  t.teardown(() => app.close());
  const modules = cataloguingModules().filter((path) => !path.endsWith(join('core', 'problem.ts')));
  for (const path of modules) await import(path);
  const catalogues = problemCatalogues();
  t.ok(catalogues.size >= modules.length, `${catalogues.size} catalogues registered from ${modules.map((p) => relative(SRC, p)).join(', ')}`);
  t.ok(catalogues.has('common') && catalogues.has('gbdfl') && catalogues.has('admin'));

  const owner = new Map<string, string>();
  for (const [system, catalogue] of catalogues) {
    for (const [code, spec] of Object.entries(catalogue)) {
      t.match(code, /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/, `${system}.${code} is upper-snake`);
      t.ok(spec.title.trim().length > 0, `${system}.${code} has a title`);
      t.ok(Number.isInteger(spec.status) && spec.status >= 400 && spec.status <= 599, `${system}.${code} has an error status (${spec.status})`);
      const earlier = owner.get(code);
      t.notOk(earlier, `${code} is declared by ${system}${earlier ? ` and by ${earlier}` : ' only'}`);
      owner.set(code, system);
    }
  }
});

t.test('a problem factory gives the catalogued status and title, and the one problem+json body', async (t) => {
  const problem = commonProblems.IIN_INVALID('IIN check digit is 4, expected 3', { fault: 'CHECK_DIGIT' });
  t.type(problem, ProblemError);
  t.equal(problem.status, 400);
  t.same(problem.toBody('/gbdfl/persons/900115300014'), {
    type: `${PROBLEM_TYPE_BASE}IIN_INVALID`,
    title: 'Invalid IIN',
    status: 400,
    detail: 'IIN check digit is 4, expected 3',
    code: 'IIN_INVALID',
    instance: '/gbdfl/persons/900115300014',
    fault: 'CHECK_DIGIT',
  });
  t.notOk('instance' in problem.toBody(), 'no instance when none is given');
});

t.test('every shared and admin problem code is documented in the README', async (t) => {
  // buildServer's module (imported above) registers every catalogue.
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  for (const system of ['common', 'admin']) {
    for (const code of Object.keys(problemCatalogues().get(system) ?? {})) t.match(readme, `\`${code}\``, `${system} ${code}`);
  }
});
