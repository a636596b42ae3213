/**
 * A client of the portal, provider and State Corporation channels for the tests in this folder: only HTTP
 * (app.inject), as an integrator drives the sandbox: personas by trait from /__admin/personas, documents from
 * POST /portal/applications/document, signatures from POST /__admin/sign.
 */
import type { FastifyInstance } from 'fastify';
import type { Regulation, Step } from '../../src/regulations/types.js';

export const DEFAULT_PASSWORD = 'Sandbox-2026';
/** Monday 2 March 2026, 09:00 in Astana (UTC+5). */
export const MONDAY_0900 = '2026-03-02T04:00:00.000Z';

export interface Answer<T = any> {
  status: number;
  contentType: string;
  body: T;
}

export class Client {
  constructor(
    readonly app: FastifyInstance,
    readonly tenant: string,
  ) {}

  async call<T = any>(method: 'GET' | 'POST', url: string, payload?: unknown, token?: string, raw?: string): Promise<Answer<T>> {
    const headers: Record<string, string> = { 'x-sandbox-tenant': this.tenant };
    if (token) headers.authorization = `Bearer ${token}`;
    if (raw !== undefined) headers['content-type'] = 'application/json';
    const res = await this.app.inject({ method, url, headers, ...(raw !== undefined ? { payload: raw } : payload === undefined ? {} : { payload: payload as object }) });
    return { status: res.statusCode, contentType: String(res.headers['content-type'] ?? ''), body: res.body ? (res.json() as T) : (undefined as T) };
  }

  get<T = any>(url: string, token?: string): Promise<Answer<T>> {
    return this.call<T>('GET', url, undefined, token);
  }

  post<T = any>(url: string, payload: unknown, token?: string): Promise<Answer<T>> {
    return this.call<T>('POST', url, payload, token);
  }

  /** Resets the tenant and freezes its clock at `at`. */
  async start(at = MONDAY_0900): Promise<void> {
    await this.post('/__admin/reset', {});
    await this.setClock(at);
  }

  async setClock(at: string): Promise<void> {
    const res = await this.post('/__admin/clock', { set: at, freeze: true });
    if (res.status !== 200) throw new Error(`clock ${at}: ${JSON.stringify(res.body)}`);
  }

  async advance(period: string): Promise<void> {
    const res = await this.post('/__admin/clock', { advance: period });
    if (res.status !== 200) throw new Error(`clock +${period}: ${JSON.stringify(res.body)}`);
  }

  async now(): Promise<string> {
    return (await this.get('/__admin/clock')).body.now as string;
  }

  /** The IIN of the first persona carrying every trait named. */
  async personaWith(...traits: string[]): Promise<string> {
    const res = await this.get(`/__admin/personas?trait=${traits.join(',')}`);
    const persona = (res.body.personas as { iin: string }[])[0];
    if (!persona) throw new Error(`no persona with traits ${traits.join(', ')}`);
    return persona.iin;
  }

  async persona(iin: string): Promise<Record<string, any>> {
    const res = await this.get(`/__admin/personas/${iin}`);
    if (res.status !== 200) throw new Error(`persona ${iin}: ${JSON.stringify(res.body)}`);
    return res.body as Record<string, any>;
  }

  /** A portal session for `iin`, with the persona's own password unless one is given. */
  async login(iin: string, password?: string): Promise<string> {
    const res = await this.post('/portal/sessions', { iin, password: password ?? (await this.persona(iin)).portal?.password ?? DEFAULT_PASSWORD });
    if (res.status !== 200) throw new Error(`login ${iin}: ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  }

  async sign(iin: string, usage: 'auth' | 'sign', xml: string): Promise<string> {
    const res = await this.post('/__admin/sign', { iin, usage, xml });
    if (res.status !== 200) throw new Error(`sign ${iin} ${usage}: ${JSON.stringify(res.body)}`);
    return res.body.signedXml as string;
  }

  async service(id: string): Promise<Regulation> {
    const res = await this.get(`/portal/services/${id}`);
    if (res.status !== 200) throw new Error(`service ${id}: ${JSON.stringify(res.body)}`);
    return res.body as Regulation;
  }

  /** The application document for `fields`, signed with `signerIin`'s SIGN key. */
  async signedApplication(signerIin: string, fields: DocumentFields): Promise<string> {
    const res = await this.post('/portal/applications/document', fields);
    if (res.status !== 200) throw new Error(`document: ${JSON.stringify(res.body)}`);
    return this.sign(signerIin, 'sign', res.body.document as string);
  }

  /** Every application of the tenant, as the provider side lists them. */
  async applications(): Promise<Record<string, any>[]> {
    return (await this.get('/provider/applications')).body.applications as Record<string, any>[];
  }
}

export interface DocumentFields {
  service: string;
  variant: string;
  applicantIin: string;
  channel?: string;
  representativeIin?: string;
  form?: Record<string, unknown>;
  documents?: string[];
  nonce?: string;
}

/** The documents a service asks for on a channel and variant, read from its regulation. */
export function documentsFor(regulation: Regulation, channel: string, variant: string): string[] {
  return regulation.documents
    .filter((d) => (!d.variants || d.variants.includes(variant)) && (!d.channels || d.channels.includes(channel as never)))
    .map((d) => d.id);
}

export interface Application {
  service: string;
  variant: string;
  channel: 'portal' | 'provider' | 'stateCorporation';
  applicantIin: string;
  representativeIin?: string;
  form?: Record<string, unknown>;
  documents?: string[];
  decisions?: Record<string, string | boolean>;
  decisionMode?: 'auto' | 'provider';
  readings?: Record<string, string>;
}

/**
 * Submits on the application's channel as a client: the portal with the applicant's (or representative's) session
 * and SIGN key; the provider and State Corporation channels signed by the first provider-employee / sc-operator.
 * `documents` defaults to every document the regulation asks for.
 */
export async function submit(client: Client, a: Application, signerIin?: string): Promise<Answer> {
  const regulation = await client.service(a.service);
  const documents = a.documents ?? documentsFor(regulation, a.channel, a.variant);
  const form = a.form ?? {};
  const signer =
    signerIin ?? (a.channel === 'portal' ? (a.representativeIin ?? a.applicantIin) : await client.personaWith(a.channel === 'provider' ? 'provider-employee' : 'sc-operator'));
  const signedXml = await client.signedApplication(signer, {
    service: a.service,
    variant: a.variant,
    channel: a.channel,
    applicantIin: a.applicantIin,
    ...(a.representativeIin ? { representativeIin: a.representativeIin } : {}),
    form,
    documents,
  });
  const body = {
    service: a.service,
    variant: a.variant,
    applicantIin: a.applicantIin,
    ...(a.representativeIin ? { representativeIin: a.representativeIin } : {}),
    form,
    documents,
    ...(a.decisions ? { decisions: a.decisions } : {}),
    ...(a.decisionMode ? { decisionMode: a.decisionMode } : {}),
    ...(a.readings ? { readings: a.readings } : {}),
    signedXml,
  };
  if (a.channel === 'portal') return client.post('/portal/applications', body, await client.login(signer));
  return client.post(a.channel === 'provider' ? '/provider/applications' : '/state-corporation/applications', body);
}

/** The refusal or result a step leads to when it is left through `from` (processes followed by their `next`). */
export function endFrom(regulation: Regulation, channel: string, from: string): Step {
  const steps = regulation.channels.find((c) => c.id === channel)!.steps;
  let step = steps.find((s) => s.id === from)!;
  while (step.kind === 'process') step = steps.find((s) => s.id === step.next)!;
  return step;
}

/** Moves the clock to the application's deadline and answers it as the provider side shows it. */
export async function settle(client: Client, id: string): Promise<Record<string, any>> {
  const first = await client.get(`/provider/applications/${id}`);
  if (first.body.deadline) await client.setClock(first.body.deadline as string);
  return (await client.get(`/provider/applications/${id}`)).body;
}
