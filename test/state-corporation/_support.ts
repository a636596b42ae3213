/**
 * What the State Corporation tests share: the bundled operator, a login helper, complete packages per service.
 */
import type { FastifyInstance } from 'fastify';
import { rest } from '../payments/_support.js';

/** The bundled operator (fixtures/personas/100-organisations.json): no portal password, so the default. */
export const OPERATOR = { iin: '960515404860', password: 'Sandbox-2026', name: 'Қуанышбаева Динара Айдосқызы' };
export const APPLICANT = '900115300013';
export const REPRESENTATIVE = '850720400017';

export const COMPLETE: Record<string, string[]> = {
  'guardianship-orphan': [
    'application',
    'identity-document',
    'child-birth-certificate',
    'parental-care-absence-documents',
    'health-certificate',
    'no-criminal-record-certificate',
  ],
  'minor-property-inheritance-certificates': ['application', 'identity-document', 'child-birth-certificate', 'property-documents'],
  'legal-stats-archive-certificate': ['application', 'identity-document'],
};

/** Logs the operator in and answers the Authorization header. */
export async function login(app: FastifyInstance, tenant: string): Promise<Record<string, string>> {
  const { status, json } = await rest(app, { url: '/state-corporation/sessions', payload: { iin: OPERATOR.iin, password: OPERATOR.password }, tenant });
  if (status !== 201) throw new Error(`login answered ${status}: ${JSON.stringify(json)}`);
  return { authorization: `Bearer ${json.token}` };
}

export async function checkPackage(app: FastifyInstance, tenant: string, auth: Record<string, string>, body: Record<string, unknown>): Promise<any> {
  const { status, json } = await rest(app, { url: '/state-corporation/package-checks', payload: body, tenant, headers: auth });
  if (status !== 201) throw new Error(`package check answered ${status}: ${JSON.stringify(json)}`);
  return json;
}

/** An accepted package of the service, forwarded; answers the forwarding. */
export async function forwarded(app: FastifyInstance, tenant: string, auth: Record<string, string>, service: string): Promise<any> {
  const check = await checkPackage(app, tenant, auth, { service, applicantIin: APPLICANT, documents: COMPLETE[service] });
  const { status, json } = await rest(app, { url: '/state-corporation/forwardings', payload: { packageCheckId: check.id }, tenant, headers: auth });
  if (status !== 201) throw new Error(`forwarding answered ${status}: ${JSON.stringify(json)}`);
  return json;
}

export async function setClock(app: FastifyInstance, tenant: string, instant: string): Promise<void> {
  const { status } = await rest(app, { url: '/__admin/clock', payload: { set: instant, freeze: true }, tenant });
  if (status !== 200) throw new Error(`clock answered ${status}`);
}
