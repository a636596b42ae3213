/**
 * The committed test PKI in `certs/`: CA and system certificates with their keys, every bundled persona's AUTH and
 * SIGN certificate and key (PEM), and `manifest.json` describing them. Read once per process: many servers are
 * built per test file, and the files do not change while it runs.
 *
 * Layout: `ca/<root|issuing|untrusted|ocsp>.{cer,key}`, `systems/shep.{cer,key}`,
 * `personas/<iin>/<auth|sign>.{cer,key}`, `manifest.json`. `.cer` is a PEM certificate, `.key` a PKCS#8 PEM key.
 * @see ../../docs/pki.md
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../core/schemas.js';
import { CA_NAMES, type CaName, type CaSet, issueCaSet, SYSTEM_NAMES, type SystemName } from './ca.js';
import { Credential } from './credential.js';
import { fromPem } from './issue.js';
import type { CertificateState, CertificateUsage } from './profile.js';
import { PROFILE_VERSION } from './profile.js';
import { formatDn, nameAttributes } from './x509.js';

export const DEFAULT_CERTS_DIR = fileURLToPath(new URL('certs/', PACKAGE_ROOT));
export const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:8080';

/**
 * The password of every PKCS#12 the sandbox serves, the same as NCA's own test keys use.
 * Public by design: these are test keys.
 */
export const PKCS12_PASSWORD = 'Qwerty12';

export interface ManifestEntry {
  certificate: string;
  privateKey: string;
  serialNumber: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  sha256: string;
}

export interface PersonaManifestEntry extends ManifestEntry {
  state: CertificateState;
  /** The plan digest it was issued from; a persona whose plan changed gets a fresh certificate at run time. */
  digest: string;
}

export interface CertsManifest {
  format: 1;
  description: string;
  profileVersion: number;
  /** The address written into the certificates' CRL, AIA and OCSP URLs. */
  publicUrl: string;
  pkcs12Password: string;
  ca: Record<CaName, ManifestEntry>;
  systems: Record<SystemName, ManifestEntry>;
  personas: Record<string, { label: string } & Partial<Record<CertificateUsage, PersonaManifestEntry>>>;
}

/** A committed persona certificate, before it is matched with the persona's current plan. */
export interface CommittedCertificate {
  state: CertificateState;
  digest: string;
  serialNumber: string;
  certificateDer: Buffer;
  privateKeyPem: string;
}

export interface CertificateSet extends CaSet {
  /** The folder it was read from; null for an in-memory set made because the folder had none. */
  dir: string | null;
  publicUrl: string;
  personas: ReadonlyMap<string, Partial<Record<CertificateUsage, CommittedCertificate>>>;
}

const loaded = new Map<string, CertificateSet>();

/**
 * The certificate set in `dir` (default `certs/`), read and memoised once per process. A folder without a
 * manifest gives a fresh in-memory CA (and no persona certificates), so the sandbox still starts.
 */
export function loadCertificateSet(dir: string = DEFAULT_CERTS_DIR): CertificateSet {
  const key = resolve(dir);
  let set = loaded.get(key);
  if (!set) {
    set = readCertificateSet(key) ?? { ...issueCaSet(DEFAULT_PUBLIC_URL), dir: null, publicUrl: DEFAULT_PUBLIC_URL, personas: new Map() };
    loaded.set(key, set);
  }
  return set;
}

/** Forgets what was read from `dir`, after `generateCertificates` rewrote it. */
export function forgetCertificateSet(dir: string = DEFAULT_CERTS_DIR): void {
  loaded.delete(resolve(dir));
}

/** Reads a certificate folder, or null when it has no manifest. */
export function readCertificateSet(dir: string): CertificateSet | null {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) return null;
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as CertsManifest;
  const credential = (id: string, entry: ManifestEntry) => new Credential(id, readCertificate(dir, entry.certificate), readFileSync(join(dir, entry.privateKey), 'utf8'));
  const ca = Object.fromEntries(CA_NAMES.map((n) => [n, credential(n, manifest.ca[n])])) as Record<CaName, Credential>;
  const systems = Object.fromEntries(SYSTEM_NAMES.map((n) => [n, credential(n, manifest.systems[n])])) as Record<SystemName, Credential>;
  const personas = new Map<string, Partial<Record<CertificateUsage, CommittedCertificate>>>();
  for (const [iin, entry] of Object.entries(manifest.personas)) {
    const certs: Partial<Record<CertificateUsage, CommittedCertificate>> = {};
    for (const usage of ['auth', 'sign'] as const) {
      const e = entry[usage];
      if (!e) continue;
      certs[usage] = {
        state: e.state,
        digest: e.digest,
        serialNumber: e.serialNumber,
        certificateDer: readCertificate(dir, e.certificate),
        privateKeyPem: readFileSync(join(dir, e.privateKey), 'utf8'),
      };
    }
    personas.set(iin, certs);
  }
  return { ca, systems, personas, dir, publicUrl: manifest.publicUrl };
}

function readCertificate(dir: string, file: string): Buffer {
  const der = fromPem(readFileSync(join(dir, file), 'utf8'));
  if (!der) throw new Error(`${join(dir, file)}: no PEM certificate`);
  return der;
}

/** A manifest entry describing a credential stored at `base` (`ca/root` → `ca/root.cer`, `ca/root.key`). */
export function manifestEntry(base: string, credential: Credential): ManifestEntry {
  const tbs = credential.certificate.tbsCertificate;
  return {
    certificate: `${base}.cer`,
    privateKey: `${base}.key`,
    serialNumber: credential.serialNumber,
    subject: formatDn(nameAttributes(tbs.subject)),
    issuer: formatDn(nameAttributes(tbs.issuer)),
    notBefore: tbs.validity.notBefore.getTime().toISOString(),
    notAfter: tbs.validity.notAfter.getTime().toISOString(),
    sha256: credential.x509.fingerprint256.replace(/:/g, '').toLowerCase(),
  };
}

/** Writes a credential's `.cer` and `.key` under `dir`. */
export function writeCredential(dir: string, base: string, credential: Credential): void {
  const path = join(dir, base);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.cer`, credential.certificatePem);
  writeFileSync(`${path}.key`, credential.privateKeyPem);
}

export function writeManifest(dir: string, manifest: Omit<CertsManifest, 'format' | 'profileVersion' | 'description' | 'pkcs12Password'>): void {
  const full: CertsManifest = {
    format: 1,
    description:
      'kz-egov-sandbox test PKI. Every private key here is public by design (test keys, like NCA RK test keys): never trust these CAs outside the sandbox. Regenerate with `kz-egov-sandbox certs`. See docs/pki.md.',
    profileVersion: PROFILE_VERSION,
    pkcs12Password: PKCS12_PASSWORD,
    ...manifest,
  };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(full, null, 2)}\n`);
}

/** Removes the persona folder of `dir` before a full regeneration (personas that left must not linger). */
export function clearPersonaFolder(dir: string): void {
  rmSync(join(dir, 'personas'), { recursive: true, force: true });
}
