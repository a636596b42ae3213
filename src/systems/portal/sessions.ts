/**
 * Portal (ЭҮП, egov.kz) sessions: login with IIN and password (the regulations' condition "IIN and password
 * authentic", ЖСН мен парольдің түпнұсқалығы), or with an EDS challenge signed with the AUTH key.
 */
import { randomBytes } from 'node:crypto';
import type { Document } from '@xmldom/xmldom';
import type { FastifyInstance } from 'fastify';
import type { Tenant } from '../../core/tenant-store.js';
import { childElements, parseXmlSafely, XmlRefusedError } from '../../core/xml.js';
import { DEFAULT_PORTAL_PASSWORD, hasTrait } from '../../personas/persona.js';
import { verifyEnvelopedDocument } from '../../pki/xmldsig/index.js';
import { regulationProblems } from '../../regulations/problems.js';

export const PORTAL_NS = 'urn:kz-egov-sandbox:portal:v1';
/** Sessions last 8 hours of virtual time; a challenge 5 minutes. */
const SESSION_MS = 8 * 3_600_000;
const CHALLENGE_MS = 5 * 60_000;

interface PortalState {
  sessions: Map<string, { iin: string; expiresAt: number; method: 'password' | 'eds' }>;
  challenges: Map<string, number>;
}

function portalState(tenant: Tenant): PortalState {
  return tenant.slice<PortalState>('portal', () => ({ sessions: new Map(), challenges: new Map() }));
}

export interface SessionView {
  token: string;
  iin: string;
  method: 'password' | 'eds';
  expiresAt: string;
}

/** Forgets expired sessions and challenges, so a tenant's portal state does not grow without end. */
function prune(state: PortalState, now: number): void {
  for (const [token, session] of state.sessions) if (session.expiresAt < now) state.sessions.delete(token);
  for (const [challenge, expiresAt] of state.challenges) if (expiresAt < now) state.challenges.delete(challenge);
}

function open(tenant: Tenant, iin: string, method: 'password' | 'eds'): SessionView {
  const token = randomBytes(24).toString('base64url');
  const expiresAt = tenant.clock.nowMs() + SESSION_MS;
  prune(portalState(tenant), tenant.clock.nowMs());
  portalState(tenant).sessions.set(token, { iin, expiresAt, method });
  return { token, iin, method, expiresAt: new Date(expiresAt).toISOString() };
}

/** Why the portal account of `iin` cannot sign in whatever the credential (unknown, unregistered, blocked), or null. */
function accountRefusal(app: FastifyInstance, tenant: Tenant, iin: string): string | null {
  const persona = app.sandbox.personas.get(tenant, iin);
  if (!persona || hasTrait(persona, 'portal-unregistered')) return `${iin} is not registered on the portal`;
  if (hasTrait(persona, 'portal-blocked')) return `the portal account of ${iin} is blocked`;
  return null;
}

/** Why a password login is refused, or null when the IIN and password are authentic. */
function passwordRefusal(app: FastifyInstance, tenant: Tenant, iin: string, password: string): string | null {
  const account = accountRefusal(app, tenant, iin);
  if (account) return account;
  const persona = app.sandbox.personas.get(tenant, iin)!;
  if (password !== (persona.portal?.password ?? DEFAULT_PORTAL_PASSWORD)) return 'the IIN and password do not match';
  return null;
}

/** 401 AUTH_REFUSED; with a service, the regulation's refusal for a failed login rides along as `refusal`. */
function refused(app: FastifyInstance, detail: string, service: string | undefined, extensions: Record<string, unknown> = {}): Error {
  const regulationRefusal = service ? app.sandbox.regulations.authRefusal(service) : null;
  return regulationProblems.AUTH_REFUSED(detail, { ...extensions, ...(regulationRefusal ? { refusal: regulationRefusal } : {}) });
}

export function loginWithPassword(app: FastifyInstance, tenant: Tenant, iin: string, password: string, service?: string): SessionView {
  const refusal = passwordRefusal(app, tenant, iin, password);
  if (refusal) throw refused(app, refusal, service);
  return open(tenant, iin, 'password');
}

export function newChallenge(tenant: Tenant): { challenge: string; expiresAt: string; document: string } {
  const challenge = randomBytes(18).toString('base64url');
  const expiresAt = tenant.clock.nowMs() + CHALLENGE_MS;
  prune(portalState(tenant), tenant.clock.nowMs());
  portalState(tenant).challenges.set(challenge, expiresAt);
  return { challenge, expiresAt: new Date(expiresAt).toISOString(), document: `<login xmlns="${PORTAL_NS}"><challenge>${challenge}</challenge></login>` };
}

/**
 * EDS login: the challenge document signed (enveloped) with the person's AUTH key; the certificate must be valid
 * and its holder's portal account neither unregistered nor blocked.
 */
export function loginWithEds(app: FastifyInstance, tenant: Tenant, signedXml: string, service?: string): SessionView {
  let doc: Document;
  try {
    doc = parseXmlSafely(signedXml);
  } catch (error) {
    if (error instanceof XmlRefusedError) throw refused(app, `signedXml is refused: ${error.message}`, service);
    throw error;
  }
  const root = doc.documentElement!;
  const challenge = root.localName === 'login' && root.namespaceURI === PORTAL_NS ? childElements(root).find((e) => e.localName === 'challenge')?.textContent : undefined;
  const state = portalState(tenant);
  const expiresAt = challenge ? state.challenges.get(challenge) : undefined;
  if (!challenge || expiresAt === undefined || expiresAt < tenant.clock.nowMs()) {
    throw regulationProblems.CHALLENGE_INVALID('sign the document of GET /portal/sessions/challenge (once, within 5 minutes)');
  }
  const outcomes = verifyEnvelopedDocument(doc);
  const outcome = outcomes[0];
  if (outcomes.length !== 1 || !outcome?.ok) {
    throw refused(app, outcome && !outcome.ok ? `${outcome.error.code}: ${outcome.error.message}` : 'the challenge must carry exactly one signature', service);
  }
  state.challenges.delete(challenge);
  const iin = outcome.certificate.iin;
  const verdict = app.sandbox.pki.validateParsed(tenant, outcome.certificate, { purpose: 'auth' });
  if (!iin || !verdict.valid) throw refused(app, `the AUTH certificate is not valid: ${verdict.codes.join(', ') || 'no IIN'}`, service, { codes: verdict.codes });
  const account = accountRefusal(app, tenant, iin);
  if (account) throw refused(app, account, service);
  return open(tenant, iin, 'eds');
}

/** The IIN of a live session (from `Authorization: Bearer <token>`). */
export function sessionIin(tenant: Tenant, authorization: string | undefined): string {
  const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
  const session = token ? portalState(tenant).sessions.get(token) : undefined;
  if (!session || session.expiresAt < tenant.clock.nowMs()) {
    throw regulationProblems.SESSION_REQUIRED('send Authorization: Bearer <token> from POST /portal/sessions (sessions last 8 virtual hours)');
  }
  return session.iin;
}
