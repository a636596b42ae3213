/**
 * SHEP SyncChannel messages on the client side: the SOAP 1.1 `SendMessage` envelope built from JSON, and the
 * `SendMessageResponse` (or the Fault's ErrorInfo) read back into JSON.
 * @see ../../docs/gateway.md
 * @see ../../../shared/spec/integration-shapes.md §1
 */
import { randomUUID } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { childByName, childElements, escapeXml, parseXmlSafely, textOf, toXmlElements, type XmlObject } from '../core/xml.js';
import type { ShepFaultDetail } from './errors.js';

import { SOAP11_NS, SYNC_TYPES_NS } from '../systems/gateway/soap.js';

/** The SOAP 1.1 envelope and SyncChannel types namespaces (integration-shapes §1), as the gateway reads them. */
export { SOAP11_NS, SYNC_TYPES_NS };

/** A JSON value as XML carries it: every leaf a string, repeated elements an array. */
export type XmlJson = string | XmlJson[] | { [name: string]: XmlJson };

/** One `SendMessage` (what `client.shep.sendMessage` takes). */
export interface ShepMessage {
  /** The routed service, e.g. `GBDFL_UniversalServiceSync` (`GET /shep/services` lists them). */
  serviceId: string;
  /**
   * `requestData/data`: an object written as unqualified child elements (arrays repeat their element, null and
   * undefined are left out: `{documents: {document: ['a', 'b']}}`), or a string of XML put in as it is.
   */
  data: XmlObject | string;
  /** `xsi:type` of `data` as `{prefix, namespace, name}`, when the service wants one (none by default). */
  dataType?: { prefix: string; namespace: string; name: string };
  /** Default: a new UUID. */
  messageId?: string;
  correlationId?: string;
  /** Default: now, as xs:dateTime. */
  messageDate?: string;
  routeId?: string;
  /** Default: the client's `shep.senderId` / `shep.password` (`sandbox` / `sandbox`). */
  sender?: { senderId: string; password?: string };
  /** `requestInfo/properties`, e.g. `{ signerIin: '900115300013' }`. */
  properties?: Record<string, string> | { key: string; value: string }[];
  sessionId?: string;
}

/** A `SendMessageResponse` read into JSON. */
export interface ShepResponse<T = { [name: string]: XmlJson }> {
  messageId: string;
  /** Your `messageId`. */
  correlationId: string;
  responseDate: string;
  /** `SCSS001` on success. */
  status: { code: string; message: string };
  sessionId?: string;
  /** `responseData/data` as JSON (leaves are strings; repeated siblings become arrays). */
  data: T;
  /** `responseData/data` as XML (the element itself). */
  dataXml: string;
  /** The whole answer envelope. */
  xml: string;
  /** The `messageId` the request was sent with. */
  requestMessageId: string;
}

/** The SendMessage envelope of a message (unsigned), and the messageId it carries. */
export function buildSendMessage(message: ShepMessage, defaultSender: { senderId: string; password?: string }): { xml: string; messageId: string } {
  const messageId = message.messageId ?? randomUUID();
  const sender = message.sender ?? defaultSender;
  const properties = Array.isArray(message.properties) ? message.properties : Object.entries(message.properties ?? {}).map(([key, value]) => ({ key, value }));
  const el = (name: string, value: string | undefined) => (value === undefined ? '' : `<${name}>${escapeXml(value)}</${name}>`);
  const data = typeof message.data === 'string' ? message.data : toXmlElements(message.data);
  const type = message.dataType ? ` xmlns:${message.dataType.prefix}="${escapeXml(message.dataType.namespace)}" xsi:type="${message.dataType.prefix}:${message.dataType.name}"` : '';
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<soapenv:Envelope xmlns:soapenv="${SOAP11_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<soapenv:Body><ns3:SendMessage xmlns:ns3="${SYNC_TYPES_NS}"><request><requestInfo>` +
    el('messageId', messageId) +
    el('correlationId', message.correlationId) +
    el('serviceId', message.serviceId) +
    el('messageDate', message.messageDate ?? new Date().toISOString()) +
    el('routeId', message.routeId) +
    `<sender>${el('senderId', sender.senderId)}${el('password', sender.password)}</sender>` +
    properties.map((p) => `<properties>${el('key', p.key)}${el('value', p.value)}</properties>`).join('') +
    el('sessionId', message.sessionId) +
    `</requestInfo><requestData><data${type}>${data}</data></requestData></request></ns3:SendMessage></soapenv:Body></soapenv:Envelope>`;
  return { xml, messageId };
}

/**
 * An element's content as JSON: children become an object (repeated names an array), a leaf its text.
 * @param arrays element names that are always an array, even when they occur once
 */
export function elementToJson(el: Element, arrays: ReadonlySet<string> = new Set()): XmlJson {
  const kids = childElements(el);
  if (!kids.length) return el.textContent ?? '';
  const counts = new Map<string, number>();
  for (const kid of kids) counts.set(kid.localName!, (counts.get(kid.localName!) ?? 0) + 1);
  const out: { [name: string]: XmlJson } = {};
  for (const kid of kids) {
    const name = kid.localName!;
    const value = elementToJson(kid, arrays);
    if (counts.get(name)! > 1 || arrays.has(name)) ((out[name] ??= []) as XmlJson[]).push(value);
    else out[name] = value;
  }
  return out;
}

function body(xml: string): Element | undefined {
  const doc = parseXmlSafely(xml);
  const root = doc.documentElement;
  if (!root || root.localName !== 'Envelope') return undefined;
  return childElements(root).find((e) => e.localName === 'Body');
}

/** Reads a SOAP Fault's ErrorInfo, or undefined when the envelope is not a fault. */
export function readFault(xml: string): ShepFaultDetail | undefined {
  let soapBody: Element | undefined;
  try {
    soapBody = body(xml);
  } catch {
    return undefined;
  }
  const fault = soapBody && childByName(soapBody, 'Fault');
  if (!fault) return undefined;
  const info = childByName(childByName(fault, 'detail') ?? fault, 'SendMessageFault1_SendMessageFault');
  const faultstring = textOf(childByName(fault, 'faultstring')) ?? '';
  const detail: ShepFaultDetail = {
    faultcode: textOf(childByName(fault, 'faultcode')) ?? '',
    faultstring,
    errorCode: (info && textOf(childByName(info, 'errorCode'))) ?? 'SOAP_FAULT',
    errorMessage: (info && textOf(childByName(info, 'errorMessage'))) ?? faultstring,
  };
  const errorData = info && textOf(childByName(info, 'errorData'));
  const errorDate = info && textOf(childByName(info, 'errorDate'));
  if (errorData !== undefined) detail.errorData = errorData;
  if (errorDate !== undefined) detail.errorDate = errorDate;
  return detail;
}

/** Reads a SendMessageResponse; throws TypeError when the envelope is not one. */
export function readSendMessageResponse<T>(xml: string, requestMessageId: string, arrays: readonly string[] = []): ShepResponse<T> {
  const soapBody = body(xml);
  const payload = soapBody && childByName(soapBody, 'SendMessageResponse');
  const response = payload && childByName(payload, 'response');
  const info = response && childByName(response, 'responseInfo');
  if (!response || !info) throw new TypeError('the gateway answered something else than a SendMessageResponse');
  const status = childByName(info, 'status');
  const data = childByName(childByName(response, 'responseData') ?? response, 'data');
  const json = data ? elementToJson(data, new Set(arrays)) : {};
  const sessionId = textOf(childByName(info, 'sessionId'));
  return {
    messageId: textOf(childByName(info, 'messageId')) ?? '',
    correlationId: textOf(childByName(info, 'correlationId')) ?? '',
    responseDate: textOf(childByName(info, 'responseDate')) ?? '',
    status: { code: (status && textOf(childByName(status, 'code'))) ?? '', message: (status && textOf(childByName(status, 'message'))) ?? '' },
    ...(sessionId ? { sessionId } : {}),
    data: (typeof json === 'string' ? { value: json } : json) as T,
    dataXml: data ? data.toString() : '',
    xml,
    requestMessageId,
  };
}
