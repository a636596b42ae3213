/**
 * The NCA RK certificate profile (ҰКО тіркеу куәлігінің профилі) applied to personas: from a persona and a usage
 * (AUTH or SIGN) to a certificate plan, a pure value that says everything the certificate will carry and the
 * state its traits ask for. Plans are cheap (no keys), so revocation lists and listings are built from them
 * without issuing anything.
 * @see ../../../shared/spec/integration-shapes.md §5
 */
import { createHash } from 'node:crypto';
import { generateIin, parseIin } from '../core/iin.js';
import type { Persona } from '../personas/persona.js';
import { ATTRIBUTE, EKU, POLICY, ROLE } from './oids.js';

/** AUTH (аутентификация, logging in) or SIGN (қолтаңба, signing documents): NCA issues a key pair for each. */
export type CertificateUsage = 'auth' | 'sign';
export const CERTIFICATE_USAGES: readonly CertificateUsage[] = ['auth', 'sign'];

/** The state a persona's certificate is issued in, from its `cert-auth-*` / `cert-sign-*` trait (none = valid). */
export type CertificateState =
  | 'valid'
  | 'expired'
  | 'not-yet-valid'
  | 'revoked'
  | 'on-hold'
  | 'iin-mismatch'
  | 'wrong-key-usage'
  | 'untrusted';

export const CERTIFICATE_STATES: readonly CertificateState[] = [
  'valid',
  'expired',
  'not-yet-valid',
  'revoked',
  'on-hold',
  'iin-mismatch',
  'wrong-key-usage',
  'untrusted',
];

/** Reasons a certificate is on a CRL (RFC 5280 §5.3.1); `removeFromCRL` only appears in delta CRLs. */
export type RevocationReason =
  | 'unspecified'
  | 'keyCompromise'
  | 'cACompromise'
  | 'affiliationChanged'
  | 'superseded'
  | 'cessationOfOperation'
  | 'certificateHold'
  | 'privilegeWithdrawn'
  | 'aACompromise';

export const REVOCATION_REASON_CODE: Record<RevocationReason | 'removeFromCRL', number> = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
};

export function revocationReasonOf(code: number): RevocationReason {
  const found = Object.entries(REVOCATION_REASON_CODE).find(([, c]) => c === code)?.[0];
  return (found === undefined || found === 'removeFromCRL' ? 'unspecified' : found) as RevocationReason;
}

/**
 * Validity periods by state. Fixed dates, so the committed certificates are reproducible and stay valid for
 * years of CI: a real NCA certificate lives one year, ours eleven. `expired` ends before 2026, `not-yet-valid`
 * starts long after 2030, so moving a tenant clock a few years either way keeps each state what it is.
 */
export const VALIDITY = {
  normal: { notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: new Date('2036-01-01T00:00:00Z') },
  expired: { notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2025-01-01T00:00:00Z') },
  notYetValid: { notBefore: new Date('2040-01-01T00:00:00Z'), notAfter: new Date('2041-01-01T00:00:00Z') },
} as const;

/** When the `revoked` and `on-hold` personas' certificates were revoked (before any realistic tenant clock). */
export const TRAIT_REVOCATION_TIME = new Date('2025-06-01T00:00:00Z');

/** One attribute of a distinguished name, with the ASN.1 string type NCA uses for it. */
export interface NameAttribute {
  type: string;
  value: string;
  /** UTF8String for names (Cyrillic), PrintableString for SERIALNUMBER and C, IA5String for e-mail. */
  encoding: 'utf8' | 'printable' | 'ia5';
}

/** Which of the sandbox CAs signs a certificate: the trusted issuing CA, or the untrusted one. */
export type IssuerName = 'issuing' | 'untrusted';

/** Everything a persona certificate carries, before a key exists. */
export interface CertificatePlan {
  iin: string;
  usage: CertificateUsage;
  state: CertificateState;
  /** The key-usage profile the certificate carries: the other one for `wrong-key-usage`. */
  profile: CertificateUsage;
  /** The IIN written in SERIALNUMBER: another valid IIN for `iin-mismatch`. */
  subjectIin: string;
  bin?: string;
  subject: NameAttribute[];
  notBefore: Date;
  notAfter: Date;
  issuer: IssuerName;
  /** Key-user role OIDs, carried in the extended key usage as NCA does. */
  roles: string[];
  policy: string;
  /** Set for `revoked` (keyCompromise) and `on-hold` (certificateHold) personas. */
  initialRevocation?: { reason: RevocationReason; time: Date };
  /** Hex SHA-256 of all of the above: a committed certificate is reused only while its digest still matches. */
  digest: string;
  /** 20 bytes, hex, lower case; derived from the digest so it is stable across regenerations. */
  serialNumber: string;
}

/** Bump when the profile changes in a way the digest does not see (forces every certificate to be reissued). */
export const PROFILE_VERSION = 1;

/** The state of a persona's certificate of one usage, or `none` when it has none. */
export function certificateStateOf(persona: Pick<Persona, 'traits'>, usage: CertificateUsage): CertificateState | 'none' {
  const prefix = `cert-${usage}-`;
  const trait = persona.traits.find((t) => t.startsWith(prefix));
  return trait ? (trait.slice(prefix.length) as CertificateState | 'none') : 'valid';
}

/** Another valid IIN with the same birth date and sex, for the `iin-mismatch` state. */
export function mismatchedIin(iin: string): string {
  const parsed = parseIin(iin);
  if (!parsed.ok) throw new RangeError(`not a valid IIN: ${iin}`);
  const serial = Number(parsed.value.serial);
  const other = generateIin(parsed.value.birthDate, parsed.value.sex, serial >= 9990 ? 1 : serial + 1);
  return other === iin ? generateIin(parsed.value.birthDate, parsed.value.sex, 1) : other;
}

/** Upper-cases a name as NCA writes it (Kazakh letters included). */
function upper(text: string): string {
  return text.trim().toUpperCase();
}

/** The subject DN of a persona certificate, in NCA's attribute order. */
export function personaSubject(persona: Persona, subjectIin: string): NameAttribute[] {
  const surname = upper(persona.surname);
  const subject: NameAttribute[] = [
    { type: ATTRIBUTE.commonName, value: `${surname} ${upper(persona.name)}`, encoding: 'utf8' },
    { type: ATTRIBUTE.surname, value: surname, encoding: 'utf8' },
    { type: ATTRIBUTE.serialNumber, value: `IIN${subjectIin}`, encoding: 'printable' },
    { type: ATTRIBUTE.country, value: 'KZ', encoding: 'printable' },
  ];
  if (persona.organisation) {
    subject.push(
      { type: ATTRIBUTE.organization, value: persona.organisation.name, encoding: 'utf8' },
      { type: ATTRIBUTE.organizationalUnit, value: `BIN${persona.organisation.bin}`, encoding: 'printable' },
    );
  }
  if (persona.patronymic) subject.push({ type: ATTRIBUTE.givenName, value: upper(persona.patronymic), encoding: 'utf8' });
  if (persona.portal?.email) subject.push({ type: ATTRIBUTE.emailAddress, value: persona.portal.email, encoding: 'ia5' });
  return subject;
}

/** Key usage, extended key usage and policy of the AUTH and SIGN profiles, for individuals and legal entities. */
export function usageProfile(profile: CertificateUsage, legalEntity: boolean): { keyUsage: string[]; eku: string; policy: string } {
  if (profile === 'sign') {
    return { keyUsage: ['digitalSignature', 'nonRepudiation'], eku: EKU.emailProtection, policy: legalEntity ? POLICY.legalSign : POLICY.individualSign };
  }
  return { keyUsage: ['digitalSignature', 'keyEncipherment'], eku: EKU.clientAuth, policy: legalEntity ? POLICY.legalAuth : POLICY.individualAuth };
}

/** A 20-byte positive serial number (no leading zero byte), hex, from a seed. */
export function serialFromSeed(seed: string): string {
  const bytes = createHash('sha256').update(seed).digest().subarray(0, 20);
  bytes[0] = (bytes[0]! & 0x3f) | 0x40;
  return bytes.toString('hex');
}

/**
 * The plan of a persona's certificate of one usage, or `null` when its traits say it has none.
 * Pure and deterministic: the same persona always gives the same plan, digest and serial number.
 */
export function planCertificate(persona: Persona, usage: CertificateUsage): CertificatePlan | null {
  const state = certificateStateOf(persona, usage);
  if (state === 'none') return null;
  const legalEntity = persona.organisation !== undefined;
  const profile: CertificateUsage = state === 'wrong-key-usage' ? (usage === 'sign' ? 'auth' : 'sign') : usage;
  const subjectIin = state === 'iin-mismatch' ? mismatchedIin(persona.iin) : persona.iin;
  const validity = state === 'expired' ? VALIDITY.expired : state === 'not-yet-valid' ? VALIDITY.notYetValid : VALIDITY.normal;
  const roles = legalEntity ? [ROLE.organization, ROLE.ceo] : [ROLE.individual];
  const initialRevocation =
    state === 'revoked'
      ? { reason: 'keyCompromise' as const, time: TRAIT_REVOCATION_TIME }
      : state === 'on-hold'
        ? { reason: 'certificateHold' as const, time: TRAIT_REVOCATION_TIME }
        : undefined;
  const body = {
    iin: persona.iin,
    usage,
    state,
    profile,
    subjectIin,
    ...(legalEntity ? { bin: persona.organisation!.bin } : {}),
    subject: personaSubject(persona, subjectIin),
    notBefore: validity.notBefore,
    notAfter: validity.notAfter,
    issuer: (state === 'untrusted' ? 'untrusted' : 'issuing') as IssuerName,
    roles,
    policy: usageProfile(profile, legalEntity).policy,
    ...(initialRevocation ? { initialRevocation } : {}),
  };
  const digest = createHash('sha256')
    .update(JSON.stringify({ v: PROFILE_VERSION, ...body }))
    .digest('hex');
  return { ...body, digest, serialNumber: serialFromSeed(`persona|${digest}`) };
}
