/**
 * Issuing a persona's AUTH or SIGN certificate from its plan: NCA profile extensions (key usage, extended key
 * usage with the key-user role, policy, CRL distribution point and freshest (delta) CRL, AIA with caIssuers and
 * OCSP), signed by the issuing CA, or by the untrusted CA for the `untrusted` state.
 * @see ./profile.ts for what each state changes
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { type CaSet, newKeyPair, pkiUrls } from './ca.js';
import { Credential } from './credential.js';
import { ext, keyIdentifier, signCertificate, subjectNameOf } from './issue.js';
import { type CertificatePlan, usageProfile } from './profile.js';

/** A persona's certificate and key, with the plan it was issued from. */
export class PersonaCredential extends Credential {
  constructor(
    readonly plan: CertificatePlan,
    certificateDer: Buffer,
    privateKeyPem: string,
  ) {
    super(`${plan.iin}/${plan.usage}`, certificateDer, privateKeyPem);
  }
}

/** Signs the certificate of a plan for an existing private key (PKCS#8 PEM). */
export function issuePersonaCertificate(plan: CertificatePlan, cas: CaSet, publicUrl: string, privateKeyPem: string): PersonaCredential {
  const issuer = plan.issuer === 'untrusted' ? cas.ca.untrusted : cas.ca.issuing;
  const publicKey = createPublicKey(createPrivateKey(privateKeyPem));
  const urls = pkiUrls(publicUrl);
  const profile = usageProfile(plan.profile, plan.bin !== undefined);
  // The untrusted CA publishes nothing: its certificates point only at its own certificate.
  const revocation =
    plan.issuer === 'issuing'
      ? [ext.crlDistributionPoints([urls.crl]), ext.freshestCrl([urls.deltaCrl]), ext.authorityInfoAccess({ caIssuers: urls.caIssuers('issuing'), ocsp: urls.ocsp })]
      : [ext.authorityInfoAccess({ caIssuers: urls.caIssuers('untrusted') })];
  const der = signCertificate(
    {
      serialNumber: plan.serialNumber,
      subject: plan.subject,
      issuer: subjectNameOf(issuer.certificateDer),
      notBefore: plan.notBefore,
      notAfter: plan.notAfter,
      publicKey,
      extensions: [
        ext.keyUsage(profile.keyUsage),
        ext.extKeyUsage([profile.eku, ...plan.roles]),
        ext.policies([plan.policy]),
        ext.subjectKeyId(keyIdentifier(publicKey)),
        ext.authorityKeyId(keyIdentifier(issuer.publicKey)),
        ...revocation,
      ],
    },
    issuer.privateKey,
  );
  return new PersonaCredential(plan, der, privateKeyPem);
}

/** Generates a key (off the event loop) and issues the plan's certificate with it. */
export async function issuePersonaCertificateWithNewKey(plan: CertificatePlan, cas: CaSet, publicUrl: string): Promise<PersonaCredential> {
  const { privateKeyPem } = await newKeyPair();
  return issuePersonaCertificate(plan, cas, publicUrl, privateKeyPem);
}
