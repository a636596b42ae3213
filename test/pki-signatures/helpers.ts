/**
 * What the signature tests share: a server per file, persona keys fetched over HTTP as a client would
 * (`GET /pki/personas/{iin}/sign.key` and `.der`), a SendMessage envelope, and a client-side reader of
 * SOAP faults (namespace-aware, independent of the gateway's own code).
 */
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { DOMParser, type Element } from '@xmldom/xmldom';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/server.js';
import type { XmlSigner } from '../../src/pki/xmldsig/sign.js';

export const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SYNC_TYPES = 'http://bip.bee.kz/SyncChannel/v10/Types';
export const XML_HEADERS = { 'content-type': 'text/xml; charset=utf-8' };
/** The bundled persona present in GBD FL, whose certificates are valid. */
export const VALID_IIN = '900115300013';

export async function newServer(): Promise<FastifyInstance> {
  return buildServer({ logger: false });
}

/** A persona's key and certificate of one usage, as any client gets them: over HTTP. */
export async function personaSigner(app: FastifyInstance, iin: string, usage: 'sign' | 'auth' = 'sign', tenant?: string): Promise<XmlSigner> {
  const headers = tenant ? { 'x-sandbox-tenant': tenant } : {};
  const key = await app.inject({ method: 'GET', url: `/pki/personas/${iin}/${usage}.key`, headers });
  const der = await app.inject({ method: 'GET', url: `/pki/personas/${iin}/${usage}.der`, headers });
  if (key.statusCode !== 200 || der.statusCode !== 200) throw new Error(`no ${usage} key for ${iin}: ${key.statusCode} ${key.body.slice(0, 200)}`);
  return { privateKeyPem: key.body, certificateDer: der.rawPayload };
}

/** The one bundled persona carrying a trait, found as a client would: GET /__admin/personas?trait=... */
export async function personaWithTrait(app: FastifyInstance, trait: string): Promise<{ iin: string; label: string }> {
  const res = await app.inject({ method: 'GET', url: `/__admin/personas?trait=${trait}` });
  const body = res.json() as { personas: { iin: string; label: string }[] };
  if (res.statusCode !== 200 || body.personas.length === 0) throw new Error(`no persona with trait ${trait}: ${res.body.slice(0, 200)}`);
  return body.personas[0]!;
}

export interface MessageOptions {
  iin?: string;
  properties?: Record<string, string>;
  messageId?: string;
}

/** A SyncChannel SendMessage asking GBD FL for a person (integration-shapes §1). */
export function sendMessage(options: MessageOptions = {}): string {
  const properties = Object.entries(options.properties ?? {})
    .map(([key, value]) => `<properties><key>${key}</key><value>${value}</value></properties>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soap:Envelope xmlns:soap="${SOAP11}"><soap:Body>` +
    `<ns2:SendMessage xmlns:ns2="${SYNC_TYPES}"><request>` +
    `<requestInfo><messageId>${options.messageId ?? randomUUID()}</messageId><serviceId>GBDFL_UniversalServiceSync</serviceId>` +
    `<messageDate>2026-01-15T10:00:00+05:00</messageDate>` +
    `<sender><senderId>sandbox</senderId><password>sandbox</password></sender>${properties}</requestInfo>` +
    `<requestData><data><iin>${options.iin ?? VALID_IIN}</iin></data></requestData>` +
    '</request></ns2:SendMessage></soap:Body></soap:Envelope>'
  );
}

export interface FaultView {
  faultcode: string;
  errorCode: string;
  errorMessage: string;
  errorData: string | null;
}

function parse(xml: string) {
  return new DOMParser().parseFromString(xml, 'text/xml');
}

function firstByName(root: Element | { getElementsByTagNameNS(ns: string, name: string): { item(i: number): Element | null } }, ns: string, name: string) {
  return root.getElementsByTagNameNS(ns, name).item(0);
}

/** Reads a SOAP 1.1 Fault with SendMessageFault1_SendMessageFault; throws when the answer is not one. */
export function readFault(xml: string): FaultView {
  const doc = parse(xml);
  const fault = firstByName(doc, SOAP11, 'Fault');
  const info = firstByName(doc, SYNC_TYPES, 'SendMessageFault1_SendMessageFault');
  if (!fault || !info) throw new Error(`not a SOAP fault: ${xml.slice(0, 300)}`);
  const child = (parent: Element, name: string) => {
    for (let n = parent.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && (n as Element).localName === name) return n.textContent ?? '';
    return null;
  };
  return {
    faultcode: child(fault, 'faultcode') ?? '',
    errorCode: child(info, 'errorCode') ?? '',
    errorMessage: child(info, 'errorMessage') ?? '',
    errorData: child(info, 'errorData'),
  };
}

/** The status code of a SendMessageResponse, and the IIN of the person in its data. */
export function readResponse(xml: string): { status: string | null; iins: string[] } {
  const doc = parse(xml);
  const response = firstByName(doc, SYNC_TYPES, 'SendMessageResponse');
  if (!response) throw new Error(`not a SendMessageResponse: ${xml.slice(0, 300)}`);
  const code = response.getElementsByTagName('code').item(0)?.textContent ?? null;
  const iins: string[] = [];
  const list = response.getElementsByTagName('iin');
  for (let i = 0; i < list.length; i++) iins.push(list.item(i)!.textContent ?? '');
  return { status: code, iins };
}

/** Whether a command-line tool is on PATH (CI installs xmlsec1 and openssl with scripts/ensure-test-tools.sh). */
export function hasTool(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
