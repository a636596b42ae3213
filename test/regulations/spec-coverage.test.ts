/**
 * Every row of the five specs' scenario tables is a scenario of a regulation file of its seed (so
 * scenarios.test.ts walks it through the HTTP API). The ids were read from ../shared/spec/*.md into
 * spec-scenario-ids.json.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { loadRegulationDir } from '../../src/regulations/catalogue.js';

const specIds = JSON.parse(readFileSync(new URL('./spec-scenario-ids.json', import.meta.url), 'utf8')) as { seeds: Record<string, string[]> };
const regulations = loadRegulationDir();

for (const [seed, ids] of Object.entries(specIds.seeds)) {
  t.test(`every scenario row of the spec of ${seed} is a scenario of its regulation files`, async (t) => {
    const files = regulations.filter((r) => r.seed === seed);
    t.ok(files.length > 0, `a regulation file cites ${seed}`);
    const known = new Set(files.flatMap((r) => r.scenarios.map((s) => s.id)));
    const missing = ids.filter((id) => !known.has(id));
    t.same(missing, [], `${ids.length} rows, none missing`);
  });
}

t.test('the nine services of the seeds each have a regulation file', async (t) => {
  t.same(
    regulations.map((r) => r.service).sort(),
    [
      'advocate-attestation',
      'advocate-license',
      'bailiff-attestation',
      'bailiff-license',
      'forensic-expert-license',
      'guardianship-orphan',
      'legal-stats-admin-offence-info',
      'legal-stats-archive-certificate',
      'minor-property-inheritance-certificates',
    ],
  );
});
