/**
 * The benchmark cases: one request each, measured against the sandbox and against a bare Fastify route that
 * answers the same bytes. Add a case by adding an entry to {@link BENCH_CASES}.
 * @see ./run.ts
 */
import { randomUUID } from 'node:crypto';
import { loadCertificateSet } from '../src/pki/certs-dir.js';
import { signSoapEnvelope } from '../src/pki/xmldsig/sign.js';

export interface BenchCase {
  /** Shown in the table; unique. */
  name: string;
  method: 'GET' | 'POST';
  /** Path on the sandbox; the bare reference serves the same path. */
  path: string;
  headers?: Record<string, string>;
  /** Builds the body of one request (called per request, so ids can be fresh); none for a GET. */
  body?: () => string;
  /** The status the sandbox must answer for the case to be measured; any other (404 while a route is being written) skips it. */
  expectStatus: number;
  /**
   * What the bare reference route sends: `json`, the sandbox's answer parsed once and returned as an object
   * (Fastify serializes it per request, as any JSON route does); `bytes`, the sandbox's answer byte for byte.
   */
  reference: 'json' | 'bytes';
  /** Target for this case: sandbox requests/s at least this share of the bare route's. */
  minRatio?: number;
}

export const HAPPY_IIN = '900115300013';

/** SHEP SyncChannel `SendMessage` asking GBD FL for a person (integration-shapes §1). */
export function gbdflSendMessage(iin = HAPPY_IIN): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
    '<ns2:SendMessage xmlns:ns2="http://bip.bee.kz/SyncChannel/v10/Types"><request>' +
    `<requestInfo><messageId>${randomUUID()}</messageId><serviceId>GBDFL_UniversalServiceSync</serviceId>` +
    `<messageDate>${new Date().toISOString()}</messageDate>` +
    '<sender><senderId>sandbox</senderId><password>sandbox</password></sender></requestInfo>' +
    `<requestData><data><iin>${iin}</iin></data></requestData>` +
    '</request></ns2:SendMessage></soap:Body></soap:Envelope>'
  );
}

let signedOnce: string | undefined;

/**
 * The same SendMessage signed once in the SHEP WS-Security profile with the happy persona's committed SIGN key
 * (certs/), then sent again and again: the sandbox keeps no replay cache, so a reused signed message measures
 * verification (signature, chain, OCSP and CRL as of the tenant clock) and the gateway's own signing of the answer.
 */
export function signedGbdflSendMessage(): string {
  if (!signedOnce) {
    const committed = loadCertificateSet().personas.get(HAPPY_IIN)?.sign;
    if (!committed) throw new Error(`certs/ has no SIGN certificate for ${HAPPY_IIN}: run kz-egov-sandbox certs`);
    signedOnce = signSoapEnvelope(gbdflSendMessage(), { privateKeyPem: committed.privateKeyPem, certificateDer: committed.certificateDer });
  }
  return signedOnce;
}

export const BENCH_CASES: BenchCase[] = [
  {
    name: 'REST GET /gbdfl/persons/:iin',
    method: 'GET',
    path: `/gbdfl/persons/${HAPPY_IIN}`,
    expectStatus: 200,
    // The sandbox sends a record serialised once per persona, so the fair reference sends the same bytes
    // with no work at all: the ratio is then the cost of routing, tenant, faults and lookup.
    reference: 'bytes',
    minRatio: 0.8,
  },
  {
    name: 'SOAP SendMessage GBDFL_UniversalServiceSync',
    method: 'POST',
    path: '/shep/bip-sync',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
    body: () => gbdflSendMessage(),
    expectStatus: 200,
    reference: 'bytes',
  },
  {
    name: 'SOAP SendMessage WS-Security signed (bip-sync-wss)',
    method: 'POST',
    path: '/shep/bip-sync-wss',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
    body: signedGbdflSendMessage,
    expectStatus: 200,
    reference: 'bytes',
  },
];
