/**
 * `generateCertificates()`: (re)writes the committed test PKI in `certs/` (the `kz-egov-sandbox certs` command).
 *
 * Deterministic enough: validity dates are fixed, serial numbers derive from each certificate's contents, and
 * RSA signatures are deterministic, so with the keys kept (the default) a second run rewrites identical bytes.
 * Only new personas, changed personas and `keepKeys: false` produce new keys.
 * @see ../../docs/pki.md
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { BUNDLED_PERSONAS_DIR, indexPersonas, loadPersonaDir } from '../personas/loader.js';
import { type Persona, PersonaValidator } from '../personas/persona.js';
import { CA_NAMES, type CaName, issueCaSet, type KeptKeys, newKeyPair, SYSTEM_NAMES, type SystemName } from './ca.js';
import {
  clearPersonaFolder,
  DEFAULT_CERTS_DIR,
  DEFAULT_PUBLIC_URL,
  forgetCertificateSet,
  type ManifestEntry,
  manifestEntry,
  type PersonaManifestEntry,
  readCertificateSet,
  writeCredential,
  writeManifest,
} from './certs-dir.js';
import { issuePersonaCertificate } from './persona-certificates.js';
import { CERTIFICATE_USAGES, type CertificateUsage, planCertificate } from './profile.js';

export interface GenerateCertificatesOptions {
  /** The folder to write. Default: the package's `certs/`. */
  outDir?: string;
  /** The personas to issue for. Default: the bundled personas plus those in `personasDirs`. */
  personas?: Persona[];
  /** Extra persona folders (as `--personas DIR`), read when `personas` is not given. */
  personasDirs?: string[];
  /** The address written into CRL, AIA and OCSP URLs. Default `http://127.0.0.1:8080`. */
  publicUrl?: string;
  /**
   * Keep the private keys already in `outDir` (CA, systems, personas). Default true. With `false` every key is
   * new, so every certificate changes.
   */
  keepKeys?: boolean;
  /** Progress lines. Default: none. */
  log?: (line: string) => void;
}

export interface GenerateCertificatesResult {
  outDir: string;
  personas: number;
  certificates: number;
  keysGenerated: number;
  keysKept: number;
}

/** Regenerates the test PKI: CA hierarchy, system and persona certificates, keys and `manifest.json`. */
export async function generateCertificates(options: GenerateCertificatesOptions = {}): Promise<GenerateCertificatesResult> {
  const outDir = resolve(options.outDir ?? DEFAULT_CERTS_DIR);
  const publicUrl = options.publicUrl ?? DEFAULT_PUBLIC_URL;
  const log = options.log ?? (() => {});
  const personas = options.personas ?? bundledAndExtraPersonas(options.personasDirs ?? []);

  const kept: KeptKeys = {};
  const previous = options.keepKeys === false || !existsSync(outDir) ? null : readCertificateSet(outDir);
  if (previous) {
    for (const [name, c] of Object.entries({ ...previous.ca, ...previous.systems })) kept[name] = c.privateKeyPem;
    for (const [iin, certs] of previous.personas) {
      for (const [usage, c] of Object.entries(certs)) kept[`${iin}/${usage}`] = c.privateKeyPem;
    }
  }
  let keysKept = 0;
  let keysGenerated = 0;
  const caNames = [...CA_NAMES, ...SYSTEM_NAMES];
  keysKept += caNames.filter((n) => kept[n]).length;
  keysGenerated += caNames.filter((n) => !kept[n]).length;
  log(`CA: ${keysKept ? 'keeping' : 'generating'} keys for ${caNames.join(', ')}`);
  const cas = issueCaSet(publicUrl, kept);

  const plans = personas.flatMap((p) => CERTIFICATE_USAGES.map((u) => planCertificate(p, u)).filter((plan) => plan !== null));
  const keys = await Promise.all(
    plans.map(async (plan) => {
      const existing = kept[`${plan.iin}/${plan.usage}`];
      if (existing) {
        keysKept++;
        return existing;
      }
      keysGenerated++;
      return (await newKeyPair()).privateKeyPem;
    }),
  );
  log(`personas: ${personas.length}, certificates: ${plans.length} (${keysGenerated} new keys)`);

  mkdirSync(outDir, { recursive: true });
  clearPersonaFolder(outDir);
  const ca = {} as Record<CaName, ManifestEntry>;
  for (const n of CA_NAMES) {
    writeCredential(outDir, `ca/${n}`, cas.ca[n]);
    ca[n] = manifestEntry(`ca/${n}`, cas.ca[n]);
  }
  const systems = {} as Record<SystemName, ManifestEntry>;
  for (const n of SYSTEM_NAMES) {
    writeCredential(outDir, `systems/${n}`, cas.systems[n]);
    systems[n] = manifestEntry(`systems/${n}`, cas.systems[n]);
  }
  const manifestPersonas: Record<string, { label: string } & Partial<Record<CertificateUsage, PersonaManifestEntry>>> = {};
  for (const persona of [...personas].sort((a, b) => a.iin.localeCompare(b.iin))) manifestPersonas[persona.iin] = { label: persona.label };
  plans.forEach((plan, i) => {
    const credential = issuePersonaCertificate(plan, cas, publicUrl, keys[i]!);
    const base = `personas/${plan.iin}/${plan.usage}`;
    writeCredential(outDir, base, credential);
    manifestPersonas[plan.iin]![plan.usage] = { ...manifestEntry(base, credential), state: plan.state, digest: plan.digest };
  });
  writeManifest(outDir, { publicUrl, ca, systems, personas: manifestPersonas });
  forgetCertificateSet(outDir);
  log(`written to ${outDir}`);
  return { outDir, personas: personas.length, certificates: plans.length, keysGenerated, keysKept };
}

function bundledAndExtraPersonas(dirs: string[]): Persona[] {
  const validator = new PersonaValidator();
  return [...indexPersonas([BUNDLED_PERSONAS_DIR, ...dirs].flatMap((d) => loadPersonaDir(d, validator))).values()];
}
