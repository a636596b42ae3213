import { readFileSync } from 'node:fs';
import t from 'tap';
import { paymentsProblems } from '../../src/systems/payments/problems.js';
import { PAYMENTS_SERVICE_IDS } from '../../src/systems/payments/shep.js';

const doc = readFileSync(new URL('../../docs/systems/payments.md', import.meta.url), 'utf8');

t.test('every payments problem code is documented with its status', async (t) => {
  for (const [code, factory] of Object.entries(paymentsProblems)) {
    const status = factory('probe').status;
    t.match(doc, new RegExp(`\\| \`${code}\` \\| ${status} \\|`), `${code} (${status}) has a row in docs/systems/payments.md`);
  }
});

t.test('every payments serviceId is documented', async (t) => {
  for (const serviceId of Object.values(PAYMENTS_SERVICE_IDS)) t.match(doc, `\`${serviceId}\``, serviceId);
});
