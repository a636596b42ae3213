/**
 * The context the corpus cases are built from: persona keys fetched from a server as a client would, an attacker's
 * self-signed credential, and the SendMessage builder.
 */
import type { FastifyInstance } from 'fastify';
import { personaSigner, sendMessage, VALID_IIN } from '../helpers.js';
import { attackerCredential, type CorpusContext } from './cases.js';

/** A bundled persona present in GBD FL, with valid certificates, other than {@link VALID_IIN}. */
export const OTHER_IIN = '850720400017';

export async function corpusContext(app: FastifyInstance): Promise<CorpusContext> {
  return {
    signer: await personaSigner(app, VALID_IIN, 'sign'),
    other: await personaSigner(app, OTHER_IIN, 'sign'),
    attacker: attackerCredential(VALID_IIN),
    message: (iin = VALID_IIN) => sendMessage({ iin, messageId: '6f1d2c3e-0000-4000-8000-000000000001' }),
    iin: VALID_IIN,
    evilIin: OTHER_IIN,
  };
}
