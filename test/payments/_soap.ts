/**
 * Calling our SHEP services from the payments, e-licensing and State Corporation tests: POST /shep/bip-sync
 * with a SyncChannel SendMessage, and read the answer as a client would (namespace-aware, with @xmldom/xmldom),
 * either `data` turned into plain JSON or the fault's ErrorInfo.
 */
import { DOMParser, type Element } from '@xmldom/xmldom';
import type { FastifyInstance } from 'fastify';
import { type Json, xmlToJson } from '../helpers/soap.js';

// Spelled out rather than imported: the tests check the wire against integration-shapes §1.
const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SYNC_TYPES = 'http://bip.bee.kz/SyncChannel/v10/Types';

export interface ShepCall {
  serviceId: string;
  /** Inner XML of requestData/data. */
  data: string;
  tenant?: string;
}

export interface ShepFault {
  faultcode: string;
  errorCode: string;
  errorMessage: string;
  errorData: string | undefined;
}

export type ShepAnswer = { ok: true; http: number; status: string; data: Element } | { ok: false; http: number; fault: ShepFault };

function children(el: Element): Element[] {
  const out: Element[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as Element);
  return out;
}

function child(el: Element, ns: string | null, name: string): Element {
  const found = children(el).filter((c) => c.localName === name && (c.namespaceURI ?? null) === ns);
  if (found.length !== 1) throw new Error(`expected one {${ns ?? ''}}${name} in ${el.tagName}, found ${found.length}`);
  return found[0]!;
}

function path(el: Element, names: string): Element {
  return names.split('/').reduce((e, name) => child(e, null, name), el);
}

let counter = 0;

/** Sends one SendMessage (sender sandbox/sandbox) and reads a SendMessageResponse or a SOAP fault. */
export async function callShep(app: FastifyInstance, call: ShepCall): Promise<ShepAnswer> {
  const envelope =
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:ns3="${SYNC_TYPES}"><soapenv:Body><ns3:SendMessage><request>` +
    `<requestInfo><messageId>test-${++counter}</messageId><serviceId>${call.serviceId}</serviceId><messageDate>2026-03-14T10:15:00+05:00</messageDate>` +
    `<sender><senderId>sandbox</senderId><password>sandbox</password></sender></requestInfo>` +
    `<requestData><data>${call.data}</data></requestData></request></ns3:SendMessage></soapenv:Body></soapenv:Envelope>`;
  const res = await app.inject({
    method: 'POST',
    url: '/shep/bip-sync',
    headers: { 'content-type': 'text/xml; charset=utf-8', ...(call.tenant ? { 'x-sandbox-tenant': call.tenant } : {}) },
    payload: envelope,
  });
  const problems: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => problems.push(`${level}: ${message}`) }).parseFromString(res.body, 'text/xml');
  if (problems.length) throw new Error(`unparseable answer: ${problems.join('; ')}\n${res.body.slice(0, 300)}`);
  const body = child(doc.documentElement!, SOAP11, 'Body');
  if (res.statusCode === 200) {
    const response = path(child(body, SYNC_TYPES, 'SendMessageResponse'), 'response');
    return { ok: true, http: 200, status: path(response, 'responseInfo/status/code').textContent ?? '', data: path(response, 'responseData/data') };
  }
  const info = child(child(child(body, SOAP11, 'Fault'), null, 'detail'), SYNC_TYPES, 'SendMessageFault1_SendMessageFault');
  const text = (name: string) => children(info).find((c) => c.localName === name)?.textContent ?? undefined;
  return {
    ok: false,
    http: res.statusCode,
    fault: {
      faultcode: path(child(body, SOAP11, 'Fault'), 'faultcode').textContent ?? '',
      errorCode: text('errorCode') ?? '',
      errorMessage: text('errorMessage') ?? '',
      errorData: text('errorData'),
    },
  };
}

/** Like {@link callShep} but throws unless the answer is a SendMessageResponse; gives data as JSON. */
export async function shepJson(app: FastifyInstance, call: ShepCall, arrays: Record<string, string> = {}): Promise<Json & Record<string, Json>> {
  const answer = await callShep(app, call);
  if (!answer.ok) throw new Error(`${call.serviceId} answered fault ${answer.fault.errorCode}: ${answer.fault.errorMessage}`);
  return xmlToJson(answer.data, arrays);
}

/** Like {@link callShep} but throws unless the answer is a fault. */
export async function shepFault(app: FastifyInstance, call: ShepCall): Promise<ShepFault & { http: number }> {
  const answer = await callShep(app, call);
  if (answer.ok) throw new Error(`${call.serviceId} answered data, not a fault`);
  return { ...answer.fault, http: answer.http };
}

// The XML-to-JSON readers are the shared ones, so every system's tests compare REST with SHEP the same way.
export { asXmlText, type Json, xmlToJson } from '../helpers/soap.js';
