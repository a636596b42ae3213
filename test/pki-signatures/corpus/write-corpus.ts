/**
 * Writes the corpus of tampered and wrapped WS-Security messages to a folder, for tools other than the sandbox:
 * one `<nn>-<name>.xml` per case, the valid message it starts from as `00-valid.xml`, and `index.json` with each
 * file's expected gateway fault and the attack.
 *
 *   npx tsx test/pki-signatures/corpus/write-corpus.ts DIR
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signSoapEnvelope } from '../../../src/pki/xmldsig/sign.js';
import { newServer } from '../helpers.js';
import { CORPUS } from './cases.js';
import { corpusContext } from './context.js';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: npx tsx test/pki-signatures/corpus/write-corpus.ts DIR\n');
  process.exit(2);
}
const app = await newServer();
try {
  const ctx = await corpusContext(app);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '00-valid.xml'), signSoapEnvelope(ctx.message(), ctx.signer));
  const index = [{ file: '00-valid.xml', fault: null, attack: 'none: validly signed' }];
  CORPUS.forEach((c, i) => {
    const file = `${String(i + 1).padStart(2, '0')}-${c.name}.xml`;
    writeFileSync(join(dir, file), c.build(ctx));
    index.push({ file, fault: c.fault as never, attack: c.attack });
  });
  writeFileSync(join(dir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  process.stdout.write(`${index.length} messages written to ${dir}\n`);
} finally {
  await app.close();
}
