import { readFileSync } from 'node:fs';
import t from 'tap';
import { elicenseProblems } from '../../src/systems/elicense/problems.js';
import { ELICENSE_SERVICE_ID } from '../../src/systems/elicense/shep.js';

const doc = readFileSync(new URL('../../docs/systems/elicense.md', import.meta.url), 'utf8');

t.test('every e-licensing problem code is documented with its status, and the serviceId too', async (t) => {
  for (const [code, factory] of Object.entries(elicenseProblems)) {
    const status = factory('probe').status;
    t.match(doc, new RegExp(`\\| \`${code}\` \\| ${status} \\|`), `${code} (${status}) has a row in docs/systems/elicense.md`);
  }
  t.match(doc, `\`${ELICENSE_SERVICE_ID}\``);
});
