import { readFileSync } from 'node:fs';
import t from 'tap';
import { CHECK_CODES } from '../../src/pki/check-codes.js';
import { PKCS12_PASSWORD } from '../../src/pki/certs-dir.js';
import { problemCatalogues } from '../../src/core/problem.js';
import '../../src/pki/problems.js';

const doc = readFileSync(new URL('../../docs/pki.md', import.meta.url), 'utf8');

t.test('docs/pki.md documents every check code, every PKI problem code and the PKCS#12 password', async (t) => {
  for (const code of Object.keys(CHECK_CODES)) t.match(doc, new RegExp(`\\| \`${code}\` \\| ${CHECK_CODES[code as keyof typeof CHECK_CODES].check} \\|`), `${code} in the check-code table`);
  for (const code of Object.keys(problemCatalogues().get('pki')!)) t.match(doc, `\`${code}\``, `problem ${code}`);
  t.match(doc, `**\`${PKCS12_PASSWORD}\`**`);
  t.match(doc, /public by design/);
  t.match(doc, /GOST/);
});
