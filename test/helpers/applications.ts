/**
 * Submitting applications from tests as a client would: log in, build the application document, sign it with a
 * persona's SIGN key, submit on a channel, move the clock to the deadline and read the outcome.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_PORTAL_PASSWORD } from '../../src/personas/persona.js';
import { signEnveloped } from '../../src/pki/xmldsig/index.js';
import { applicationXml, type ApplicationPayload } from '../../src/regulations/application-xml.js';
import type { ChannelId } from '../../src/regulations/types.js';

export const SCENARIO_START = '2026-03-02T04:00:00.000Z'; // Monday 2 March 2026, 09:00 in Astana

export async function json<T = Record<string, any>>(app: FastifyInstance, method: 'GET' | 'POST', url: string, tenant: string, payload?: unknown, token?: string): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { 'x-sandbox-tenant': tenant };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.json() as T };
}

export async function freezeClock(app: FastifyInstance, tenant: string, at = SCENARIO_START): Promise<void> {
  const res = await json(app, 'POST', '/__admin/clock', tenant, { set: at, freeze: true });
  if (res.status !== 200) throw new Error(`clock: ${JSON.stringify(res.body)}`);
}

export async function login(app: FastifyInstance, tenant: string, iin: string, password?: string): Promise<string> {
  const persona = app.sandbox.personas.get(app.sandbox.tenants.get(tenant), iin);
  const res = await json(app, 'POST', '/portal/sessions', tenant, { iin, password: password ?? persona?.portal?.password ?? DEFAULT_PORTAL_PASSWORD });
  if (res.status !== 200) throw new Error(`login ${iin}: ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

/** The application document signed with `signerIin`'s SIGN key. */
export async function signedApplication(app: FastifyInstance, tenant: string, signerIin: string, payload: Omit<ApplicationPayload, 'nonce'> & { nonce?: string }): Promise<string> {
  const credential = await app.sandbox.pki.keyPairOf(app.sandbox.tenants.get(tenant), signerIin, 'sign');
  if (!credential) throw new Error(`${signerIin} has no SIGN key`);
  return signEnveloped(applicationXml({ nonce: randomUUID(), ...payload }), credential);
}

export interface Submission {
  service: string;
  variant: string;
  channel: ChannelId;
  applicantIin: string;
  representativeIin?: string;
  form?: Record<string, unknown>;
  documents: string[];
  decisions?: Record<string, string | boolean>;
  decisionMode?: 'auto' | 'provider';
  readings?: Record<string, string>;
  /** Who signs: default the applicant (portal: the representative when there is one), the first provider-employee or sc-operator. */
  signerIin?: string;
}

export function defaultSigner(app: FastifyInstance, tenant: string, s: Submission): string {
  if (s.signerIin) return s.signerIin;
  if (s.channel === 'portal') return s.representativeIin ?? s.applicantIin;
  const trait = s.channel === 'provider' ? 'provider-employee' : 'sc-operator';
  return app.sandbox.personas.list(app.sandbox.tenants.get(tenant), [trait])[0]!.iin;
}

/** Submits on the submission's channel; answers the HTTP status and body (the application, or a problem). */
export async function submit(app: FastifyInstance, tenant: string, s: Submission): Promise<{ status: number; body: Record<string, any> }> {
  const signer = defaultSigner(app, tenant, s);
  const form = s.form ?? {};
  const signedXml = await signedApplication(app, tenant, signer, {
    service: s.service,
    variant: s.variant,
    channel: s.channel,
    applicantIin: s.applicantIin,
    ...(s.representativeIin ? { representativeIin: s.representativeIin } : {}),
    form,
    documents: s.documents,
  });
  const body = {
    service: s.service,
    variant: s.variant,
    applicantIin: s.applicantIin,
    ...(s.representativeIin ? { representativeIin: s.representativeIin } : {}),
    form,
    documents: s.documents,
    ...(s.decisions ? { decisions: s.decisions } : {}),
    ...(s.decisionMode ? { decisionMode: s.decisionMode } : {}),
    ...(s.readings ? { readings: s.readings } : {}),
    signedXml,
  };
  if (s.channel === 'portal') return json(app, 'POST', '/portal/applications', tenant, body, await login(app, tenant, signer));
  return json(app, 'POST', s.channel === 'provider' ? '/provider/applications' : '/state-corporation/applications', tenant, body);
}

/** Moves the tenant's clock to the application's deadline and reads it from the provider side. */
export async function settle(app: FastifyInstance, tenant: string, id: string): Promise<Record<string, any>> {
  const first = await json(app, 'GET', `/provider/applications/${id}`, tenant);
  if (first.body.deadline) await freezeClock(app, tenant, first.body.deadline as string);
  return (await json(app, 'GET', `/provider/applications/${id}`, tenant)).body;
}
