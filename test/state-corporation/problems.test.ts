import { readFileSync } from 'node:fs';
import t from 'tap';
import { stateCorporationProblems } from '../../src/systems/state-corporation/problems.js';
import { SC_SERVICE_IDS } from '../../src/systems/state-corporation/shep.js';

const doc = readFileSync(new URL('../../docs/systems/state-corporation.md', import.meta.url), 'utf8');

t.test('every State Corporation problem code is documented with its status, and every serviceId', async (t) => {
  for (const [code, factory] of Object.entries(stateCorporationProblems)) {
    const status = factory('probe').status;
    t.match(doc, new RegExp(`\\| \`${code}\` \\| ${status} \\|`), `${code} (${status}) has a row in docs/systems/state-corporation.md`);
  }
  for (const serviceId of Object.values(SC_SERVICE_IDS)) t.match(doc, `\`${serviceId}\``, serviceId);
});
