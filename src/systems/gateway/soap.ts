/**
 * Reading and writing SHEP SyncChannel messages (SOAP 1.1): `SendMessage`, `SendMessageResponse`, and
 * the fault with `SendMessageFault1_SendMessageFault` (ErrorInfo).
 * @see ../../../../shared/spec/integration-shapes.md §1
 */
import type { Document, Element } from '@xmldom/xmldom';
import { childByName, childElements, escapeXml, textOf } from '../../core/xml.js';
import { GatewayFault, type GatewayFaultCode } from './faults.js';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
export const SYNC_TYPES_NS = 'http://bip.bee.kz/SyncChannel/v10/Types';
export const SYNC_INTERFACES_NS = 'http://bip.bee.kz/SyncChannel/v10/Interfaces';
export const COMMON_TYPES_NS = 'http://bip.bee.kz/common/v10/Types';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
export const SUCCESS_STATUS = { code: 'SCSS001', message: 'Message has been processed successfully' } as const;

/** SyncMessageInfo, in the element order of the real schema. */
export interface SyncMessageInfo {
  messageId: string;
  correlationId?: string;
  serviceId: string;
  messageDate: string;
  routeId?: string;
  sender: { senderId: string; password?: string };
  properties: { key: string; value: string }[];
  sessionId?: string;
}

export interface SendMessageRequest {
  info: SyncMessageInfo;
  /** `requestData/data`: xs:anyType, passed to the routed service as it is. */
  data: Element | undefined;
  envelope: Document;
}

function required(parent: Element, name: string, path: string): string {
  const value = textOf(childByName(parent, name));
  if (value === undefined) throw new GatewayFault('MISSING_FIELD', `${path}/${name} is required`, `${path}/${name}`);
  return value;
}

function optional(parent: Element, name: string): string | undefined {
  return textOf(childByName(parent, name));
}

/** xs:dateTime, with or without zone and fractions. */
const XS_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))?$/;

/** Whether `value` is an xs:dateTime naming a real instant (no 30 February, no hour 25; 24:00:00 allowed). */
export function isXsDateTime(value: string): boolean {
  const m = XS_DATE_TIME.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth) return false;
  const endOfDay = hour === 24 && minute === 0 && second === 0 && !/[1-9]/.test(m[7] ?? '');
  if ((hour > 23 && !endOfDay) || minute > 59 || second > 59) return false;
  if (m[9] !== undefined && (Number(m[9]) > 14 || Number(m[10]) > 59)) return false;
  return true;
}

/** The SOAP Body's payload element; throws NOT_SEND_MESSAGE when the document is not a SOAP 1.1 envelope. */
export function soapBodyPayload(envelope: Document): Element {
  const root = envelope.documentElement!;
  if (root.localName !== 'Envelope' || (root.namespaceURI !== SOAP11_NS && root.namespaceURI !== SOAP12_NS)) {
    throw new GatewayFault('NOT_SEND_MESSAGE', `the root element is ${root.tagName}, not a SOAP 1.1 Envelope`);
  }
  if (root.namespaceURI === SOAP12_NS) {
    throw new GatewayFault('NOT_SEND_MESSAGE', 'SOAP 1.2 envelopes are not accepted: the SyncChannel is SOAP 1.1');
  }
  const bodies = childElements(root).filter((e) => e.localName === 'Body' && e.namespaceURI === SOAP11_NS);
  if (bodies.length !== 1) throw new GatewayFault('NOT_SEND_MESSAGE', `the Envelope must hold exactly one Body, found ${bodies.length}`);
  const payload = childElements(bodies[0]!);
  if (payload.length !== 1) throw new GatewayFault('NOT_SEND_MESSAGE', `the Body must hold exactly one element, found ${payload.length}`);
  return payload[0]!;
}

/** Reads a SendMessage request; throws a {@link GatewayFault} naming what is wrong. */
export function readSendMessage(envelope: Document): SendMessageRequest {
  const payload = soapBodyPayload(envelope);
  if (payload.localName !== 'SendMessage' || payload.namespaceURI !== SYNC_TYPES_NS) {
    throw new GatewayFault(
      'NOT_SEND_MESSAGE',
      `the Body holds {${payload.namespaceURI ?? ''}}${payload.localName}, expected {${SYNC_TYPES_NS}}SendMessage`,
    );
  }
  const request = childByName(payload, 'request');
  if (!request) throw new GatewayFault('MISSING_FIELD', 'SendMessage/request is required', 'request');
  const requestInfo = childByName(request, 'requestInfo');
  if (!requestInfo) throw new GatewayFault('MISSING_FIELD', 'request/requestInfo is required', 'request/requestInfo');
  const at = 'request/requestInfo';
  const messageId = required(requestInfo, 'messageId', at);
  const serviceId = required(requestInfo, 'serviceId', at);
  const messageDate = required(requestInfo, 'messageDate', at);
  if (!isXsDateTime(messageDate)) {
    throw new GatewayFault('INVALID_FIELD', `${at}/messageDate must be an xs:dateTime, got ${JSON.stringify(messageDate.slice(0, 40))}`, `${at}/messageDate`);
  }
  const senderEl = childByName(requestInfo, 'sender');
  if (!senderEl) throw new GatewayFault('MISSING_FIELD', `${at}/sender is required`, `${at}/sender`);
  const senderId = required(senderEl, 'senderId', `${at}/sender`);
  const password = optional(senderEl, 'password');
  const properties = childElements(requestInfo)
    .filter((e) => e.localName === 'properties')
    .map((p) => ({ key: optional(p, 'key') ?? '', value: optional(p, 'value') ?? '' }));
  const info: SyncMessageInfo = {
    messageId,
    serviceId,
    messageDate,
    sender: { senderId, ...(password === undefined ? {} : { password }) },
    properties,
  };
  const correlationId = optional(requestInfo, 'correlationId');
  const routeId = optional(requestInfo, 'routeId');
  const sessionId = optional(requestInfo, 'sessionId');
  if (correlationId) info.correlationId = correlationId;
  if (routeId) info.routeId = routeId;
  if (sessionId) info.sessionId = sessionId;
  const requestData = childByName(request, 'requestData');
  return { info, data: requestData ? childByName(requestData, 'data') : undefined, envelope };
}

export interface ResponseInfo {
  messageId: string;
  correlationId: string;
  responseDate: string;
  sessionId?: string;
}

/** The data element's content: its `xsi:type` and already-serialised child XML (unqualified elements). */
export interface ResponseData {
  xsiType?: { prefix: string; namespace: string; name: string };
  xml: string;
}

/** Writes `SendMessageResponse` with status SCSS001. */
export function writeSendMessageResponse(info: ResponseInfo, data: ResponseData, bodyAttributes = ''): string {
  const typeDecl = data.xsiType
    ? ` xmlns:${data.xsiType.prefix}="${data.xsiType.namespace}" xsi:type="${data.xsiType.prefix}:${data.xsiType.name}"`
    : '';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<soap:Envelope xmlns:soap="${SOAP11_NS}" xmlns:xsi="${XSI_NS}">` +
    `<soap:Body${bodyAttributes}><ns2:SendMessageResponse xmlns:ns2="${SYNC_TYPES_NS}"><response>` +
    `<responseInfo><messageId>${escapeXml(info.messageId)}</messageId><correlationId>${escapeXml(info.correlationId)}</correlationId>` +
    `<responseDate>${info.responseDate}</responseDate>` +
    `<status><code>${SUCCESS_STATUS.code}</code><message>${SUCCESS_STATUS.message}</message></status>` +
    (info.sessionId ? `<sessionId>${escapeXml(info.sessionId)}</sessionId>` : '') +
    `</responseInfo><responseData><data${typeDecl}>${data.xml}</data></responseData>` +
    `</response></ns2:SendMessageResponse></soap:Body></soap:Envelope>`
  );
}

/** Writes a SOAP 1.1 Fault whose detail is `SendMessageFault1_SendMessageFault` (ErrorInfo). */
export function writeFault(
  fault: { code: GatewayFaultCode; message: string; data?: string; faultcode: string },
  errorDate: string,
): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<soap:Envelope xmlns:soap="${SOAP11_NS}"><soap:Body><soap:Fault>` +
    `<faultcode>${fault.faultcode}</faultcode><faultstring>${escapeXml(fault.message)}</faultstring>` +
    `<detail><ns2:SendMessageFault1_SendMessageFault xmlns:ns2="${SYNC_TYPES_NS}">` +
    `<errorCode>${fault.code}</errorCode><errorMessage>${escapeXml(fault.message)}</errorMessage>` +
    (fault.data ? `<errorData>${escapeXml(fault.data)}</errorData>` : '') +
    `<errorDate>${errorDate}</errorDate>` +
    `</ns2:SendMessageFault1_SendMessageFault></detail></soap:Fault></soap:Body></soap:Envelope>`
  );
}
