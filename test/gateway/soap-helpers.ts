/**
 * What the gateway tests share: a SendMessage envelope builder, a client-side reader of what comes back
 * (parsed with @xmldom/xmldom, namespace-aware, independent of the gateway's own reader), a log capture,
 * and personas of our own so the tests do not depend on the bundled fixtures beyond 900115300013.
 */
import { Writable } from 'node:stream';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { generateIin } from '../../src/core/iin.js';

// Spelled out here rather than imported: the tests check the wire against integration-shapes §1.
export const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
export const SYNC_TYPES = 'http://bip.bee.kz/SyncChannel/v10/Types';
export const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
export const GBDFL_NS = 'urn:kz-egov-sandbox:gbdfl:v1';
export const SERVICE_ID = 'GBDFL_UniversalServiceSync';
export const XML_HEADERS = { 'content-type': 'text/xml; charset=utf-8' };

/** The bundled persona the brief fixes as present in GBD FL. */
export const BUNDLED_IIN = '900115300013';
/** A well-formed IIN no persona has (checked by {@link assertNoPersona} in the tests that use it). */
export const UNKNOWN_IIN = generateIin('1931-03-17', 'female', 8642);

/** Our own persona, added per tenant with POST /__admin/personas: every Kazakh letter appears in it. */
export const KAZAKH_PERSONA = {
  iin: generateIin('1987-11-05', 'female', 7311),
  label: 'Gateway tests: present in GBD FL, Kazakh letters in every name, passport and ID card',
  surname: 'Әбдіғаппарова',
  name: 'Ұлжан',
  patronymic: 'Қуанышқызы',
  engSurname: 'Abdigapparova',
  engFirstName: 'Ulzhan',
  traits: ['gbdfl-present'],
  gbdfl: {
    regAddress: { region: 'Түркістан облысы', city: 'Шымкент', street: 'Һәкім Ғабдолла көшесі', building: '12', flat: '7', beginDate: '2016-04-01' },
    documents: [
      { type: '002', number: '041234567', beginDate: '2018-02-01', endDate: '2028-02-01' },
      { type: '001', number: 'N12345678', beginDate: '2015-03-03', endDate: '2025-03-03', status: '07' },
    ],
  },
} as const;

/** A persona that GBD FL does not know (trait gbdfl-absent). */
export const ABSENT_PERSONA = {
  iin: generateIin('1979-06-21', 'male', 6203),
  label: 'Gateway tests: not in GBD FL',
  surname: 'Жоқбаев',
  name: 'Іздеу',
  traits: ['gbdfl-absent'],
} as const;

export interface EnvelopeOptions {
  messageId?: string | null;
  correlationId?: string;
  serviceId?: string | null;
  messageDate?: string | null;
  routeId?: string;
  /** null leaves out the whole sender element. */
  sender?: { senderId?: string | null; password?: string | null } | null;
  properties?: { key: string; value: string }[];
  sessionId?: string;
  /** The inner XML of requestData/data; null leaves out requestData. Default `<iin>{iin}</iin>`. */
  data?: string | null;
  /** Attributes on the data element, e.g. an xsi:type. */
  dataAttributes?: string;
  iin?: string;
  soapPrefix?: string;
  typesPrefix?: string;
  /** Extra namespace declarations on the Envelope. */
  envelopeNamespaces?: string;
}

function field(name: string, value: string | null | undefined): string {
  return value === undefined || value === null ? '' : `<${name}>${value}</${name}>`;
}

/**
 * A SendMessage envelope; the requestInfo children follow the order of integration-shapes §1
 * (messageId, correlationId?, serviceId, messageDate, routeId?, sender, properties*, sessionId?).
 * A field set to null is left out.
 */
export function sendMessage(o: EnvelopeOptions = {}): string {
  const s = o.soapPrefix ?? 'soapenv';
  const t = o.typesPrefix ?? 'ns3';
  const sender =
    o.sender === null
      ? ''
      : `<sender>${field('senderId', o.sender?.senderId === undefined ? 'sandbox' : o.sender.senderId)}${field('password', o.sender?.password === undefined ? 'sandbox' : o.sender.password)}</sender>`;
  const info =
    field('messageId', o.messageId === undefined ? 'msg-1' : o.messageId) +
    field('correlationId', o.correlationId) +
    field('serviceId', o.serviceId === undefined ? SERVICE_ID : o.serviceId) +
    field('messageDate', o.messageDate === undefined ? '2025-03-14T10:15:00+05:00' : o.messageDate) +
    field('routeId', o.routeId) +
    sender +
    (o.properties ?? []).map((p) => `<properties><key>${p.key}</key><value>${p.value}</value></properties>`).join('') +
    field('sessionId', o.sessionId);
  const data = o.data === undefined ? `<iin>${o.iin ?? BUNDLED_IIN}</iin>` : o.data;
  const requestData = data === null ? '' : `<requestData><data${o.dataAttributes ?? ''}>${data}</data></requestData>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<${s}:Envelope xmlns:${s}="${SOAP11}" xmlns:${t}="${SYNC_TYPES}"${o.envelopeNamespaces ?? ''}>` +
    `<${s}:Header/><${s}:Body><${t}:SendMessage><request><requestInfo>${info}</requestInfo>${requestData}</request></${t}:SendMessage></${s}:Body>` +
    `</${s}:Envelope>`
  );
}

export interface PostOptions {
  tenant?: string;
  headers?: Record<string, string>;
}

/** POSTs a body to /shep/bip-sync (text/xml; charset=utf-8 unless headers say otherwise). */
export function post(app: FastifyInstance, payload: string | Buffer | undefined, options: PostOptions = {}): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...(options.headers ?? XML_HEADERS) };
  if (options.tenant) headers['x-sandbox-tenant'] = options.tenant;
  return app.inject({ method: 'POST', url: '/shep/bip-sync', headers, ...(payload === undefined ? {} : { payload }) });
}

/** Parses what the gateway answered; a parse problem fails loudly. */
export function parseXml(text: string): Document {
  const problems: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => problems.push(`${level}: ${message}`) }).parseFromString(text, 'text/xml');
  if (problems.length) throw new Error(`the gateway answered XML the client cannot parse: ${problems.join('; ')}\n${text.slice(0, 500)}`);
  return doc;
}

/** Element children of an element. */
export function children(el: Element): Element[] {
  const out: Element[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as Element);
  return out;
}

/** The one child with this namespace (null = no namespace) and local name; throws if absent or repeated. */
export function child(el: Element, ns: string | null, localName: string): Element {
  const found = children(el).filter((c) => c.localName === localName && (c.namespaceURI ?? null) === ns);
  if (found.length !== 1) throw new Error(`expected one {${ns ?? ''}}${localName} in ${el.tagName}, found ${found.length}`);
  return found[0]!;
}

/** Unqualified children along a path, e.g. `text(person, 'gender/code')`. */
export function at(el: Element, path: string): Element {
  return path.split('/').reduce((e, name) => child(e, null, name), el);
}

export function text(el: Element, path: string): string {
  return at(el, path).textContent ?? '';
}

export function has(el: Element, localName: string): boolean {
  return children(el).some((c) => c.localName === localName);
}

/** The SOAP 1.1 Body of an answer (checks the envelope namespace). */
export function soapBody(body: string): Element {
  const root = parseXml(body).documentElement!;
  if (root.localName !== 'Envelope' || root.namespaceURI !== SOAP11) throw new Error(`not a SOAP 1.1 envelope: ${body.slice(0, 200)}`);
  return child(root, SOAP11, 'Body');
}

export interface FaultSeen {
  http: number;
  contentType: string | undefined;
  faultcode: string;
  faultstring: string;
  errorCode: string;
  errorMessage: string;
  errorData: string | undefined;
  errorDate: string;
}

/** Reads a SOAP 1.1 Fault with ErrorInfo in SendMessageFault1_SendMessageFault, as a client would. */
export function readFault(res: LightMyRequestResponse): FaultSeen {
  const fault = child(soapBody(res.body), SOAP11, 'Fault');
  const info = child(child(fault, null, 'detail'), SYNC_TYPES, 'SendMessageFault1_SendMessageFault');
  return {
    http: res.statusCode,
    contentType: res.headers['content-type'] as string | undefined,
    faultcode: text(fault, 'faultcode'),
    faultstring: text(fault, 'faultstring'),
    errorCode: text(info, 'errorCode'),
    errorMessage: text(info, 'errorMessage'),
    errorData: has(info, 'errorData') ? text(info, 'errorData') : undefined,
    errorDate: text(info, 'errorDate'),
  };
}

export interface ResponseSeen {
  http: number;
  responseInfo: Element;
  data: Element;
}

/** Reads a SendMessageResponse: response/responseInfo and response/responseData/data. */
export function readResponse(res: LightMyRequestResponse): ResponseSeen {
  const sendMessageResponse = child(soapBody(res.body), SYNC_TYPES, 'SendMessageResponse');
  const response = child(sendMessageResponse, null, 'response');
  return { http: res.statusCode, responseInfo: at(response, 'responseInfo'), data: at(response, 'responseData/data') };
}

/** The resolved xsi:type of an element: {namespace, name}. */
export function xsiType(el: Element): { namespace: string | null; name: string } | undefined {
  const value = el.getAttributeNS(XSI, 'type');
  if (!value) return undefined;
  const [prefix, name] = value.includes(':') ? value.split(':') : [null, value];
  return { namespace: el.lookupNamespaceURI(prefix ?? null), name: name! };
}

/** pino lines written to a stream the test holds. */
export function captureLogs(): { stream: Writable; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { stream, lines };
}

export async function addPersona(app: FastifyInstance, tenant: string, persona: object): Promise<void> {
  const res = await app.inject({ method: 'POST', url: '/__admin/personas', headers: { 'x-sandbox-tenant': tenant }, payload: persona });
  if (res.statusCode !== 201) throw new Error(`POST /__admin/personas answered ${res.statusCode}: ${res.body}`);
}

/** Fails when `iin` has become a persona (someone added it to the fixtures): the not-found tests rely on it. */
export async function assertNoPersona(app: FastifyInstance, iin: string, tenant = 'default'): Promise<void> {
  const res = await app.inject({ method: 'GET', url: `/__admin/personas/${iin}`, headers: { 'x-sandbox-tenant': tenant } });
  if (res.statusCode !== 404) throw new Error(`${iin} was meant to be no persona, but GET /__admin/personas/${iin} answered ${res.statusCode}`);
}

export async function setFault(app: FastifyInstance, tenant: string, fault: Record<string, unknown>): Promise<void> {
  const res = await app.inject({ method: 'POST', url: '/__admin/faults', headers: { 'x-sandbox-tenant': tenant }, payload: { system: 'gbdfl', ...fault } });
  if (res.statusCode !== 200) throw new Error(`POST /__admin/faults answered ${res.statusCode}: ${res.body}`);
}

/** The messageResult code and person count of a successful GBD FL answer, for "still serving" checks. */
export async function lookUp(app: FastifyInstance, iin = BUNDLED_IIN, tenant?: string): Promise<{ status: string; messageResult: string; iins: string[] }> {
  const res = await post(app, sendMessage({ iin }), tenant ? { tenant } : {});
  if (res.statusCode !== 200) return { status: `HTTP ${res.statusCode}`, messageResult: '', iins: [] };
  const { responseInfo, data } = readResponse(res);
  const persons = has(data, 'persons') ? children(at(data, 'persons')) : [];
  return { status: text(responseInfo, 'status/code'), messageResult: text(data, 'messageResult/code'), iins: persons.map((p) => text(p, 'iin')) };
}
