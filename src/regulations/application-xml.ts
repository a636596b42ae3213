/**
 * The signed application (өтініш): what the applicant (or the operator / employee) signs with their SIGN key.
 * An XML document naming the service, variant, channel, applicant and a nonce, with the SHA-256 of the form and
 * documents (canonical JSON), and an enveloped XMLDSig. The JSON body carries the same fields; the server checks
 * both agree, so the signature covers exactly what is submitted.
 */
import { createHash } from 'node:crypto';
import { escapeXml } from '../core/xml.js';

export const APPLICATION_NS = 'urn:kz-egov-sandbox:application:v1';

export interface ApplicationPayload {
  service: string;
  variant: string;
  channel: string;
  applicantIin: string;
  representativeIin?: string;
  form: Record<string, unknown>;
  documents: string[];
  /** Unique per submission: the same signed document twice is a replay. */
  nonce: string;
}

/** JSON with object keys sorted at every level: the same data always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** base64 SHA-256 of the canonical JSON of `{form, documents}`. */
export function payloadDigest(payload: Pick<ApplicationPayload, 'form' | 'documents'>): string {
  return createHash('sha256').update(canonicalJson({ form: payload.form, documents: payload.documents })).digest('base64');
}

/** The unsigned application document; sign it with `signEnveloped` (or the SDK's signing helper). */
export function applicationXml(payload: ApplicationPayload): string {
  const field = (name: string, value: string | undefined): string => (value === undefined ? '' : `<${name}>${escapeXml(value)}</${name}>`);
  return (
    `<application xmlns="${APPLICATION_NS}">` +
    field('service', payload.service) +
    field('variant', payload.variant) +
    field('channel', payload.channel) +
    field('applicantIin', payload.applicantIin) +
    field('representativeIin', payload.representativeIin) +
    field('nonce', payload.nonce) +
    field('payloadDigest', payloadDigest(payload)) +
    `</application>`
  );
}
