/**
 * PKCS#12 key stores (NCA's `.p12` files, the form NCALayer and NCANode read): the persona's key, its certificate
 * and the chain up to the root, under the documented password.
 *
 * The key is encrypted with PBES2 (AES-256-CBC, PBKDF2-HMAC-SHA256, 2048 iterations), which OpenSSL 3 opens
 * without `-legacy`; the integrity MAC is HMAC-SHA1, node-forge's only choice, still accepted everywhere.
 */
import forge from 'node-forge';
import type { Credential } from './credential.js';

/** The `.p12` DER of a credential and its chain (issuer first, root last). */
export function toPkcs12(credential: Credential, chain: Credential[], password: string, friendlyName: string): Buffer {
  const key = forge.pki.privateKeyFromPem(credential.privateKeyPem);
  const certs = [credential, ...chain].map((c) => forge.pki.certificateFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(c.certificateDer.toString('binary')))));
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certs, password, {
    algorithm: 'aes256',
    // @ts-expect-error prfAlgorithm is passed on to the PBES2 key encryption; @types/node-forge does not list it.
    prfAlgorithm: 'sha256',
    count: 2048,
    friendlyName,
    generateLocalKeyId: true,
  });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}
