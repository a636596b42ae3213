/**
 * Calling a SHEP service from a test: POST /shep/bip-sync with a SendMessage envelope for a serviceId and
 * `data`, and read the answer as a client would (data as plain JSON, or the fault's ErrorInfo).
 *
 * The envelope builder and the readers are the gateway tests' own (test/gateway/soap-helpers.ts); this
 * file adds what a system's tests need on top: one call per service, and `data` turned back into JSON so it
 * can be compared with the REST answer.
 */
import type { Element } from '@xmldom/xmldom';
import type { FastifyInstance } from 'fastify';
import { children, post, readFault, readResponse, sendMessage, type FaultSeen } from '../gateway/soap-helpers.js';

export { children, readFault, readResponse, sendMessage, type FaultSeen };

export interface ShepCall {
  serviceId: string;
  /** Inner XML of requestData/data, e.g. `<iin>900115300013</iin>`. */
  data: string;
  tenant?: string;
  messageId?: string;
}

export type ShepAnswer = { ok: true; http: number; data: Element; status: string } | { ok: false; http: number; fault: FaultSeen };

/** Sends one SendMessage and reads a SendMessageResponse (ok) or a SOAP fault (not ok). */
export async function callShep(app: FastifyInstance, call: ShepCall): Promise<ShepAnswer> {
  const res = await post(app, sendMessage({ serviceId: call.serviceId, data: call.data, ...(call.messageId ? { messageId: call.messageId } : {}) }), call.tenant ? { tenant: call.tenant } : {});
  if (res.statusCode === 200) {
    const { responseInfo, data } = readResponse(res);
    const status = children(children(responseInfo).find((e) => e.localName === 'status')!).find((e) => e.localName === 'code')!.textContent ?? '';
    return { ok: true, http: res.statusCode, data, status };
  }
  return { ok: false, http: res.statusCode, fault: readFault(res) };
}

/** Like {@link callShep}, but throws with the fault when the answer is not a SendMessageResponse. */
export async function shepData(app: FastifyInstance, call: ShepCall): Promise<Element> {
  const answer = await callShep(app, call);
  if (!answer.ok) throw new Error(`${call.serviceId} answered fault ${answer.fault.errorCode}: ${answer.fault.errorMessage}`);
  return answer.data;
}

export type Json = string | Json[] | { [key: string]: Json };

/**
 * The unqualified XML under an element as JSON: an element with children becomes an object, a leaf its text.
 * `arrays` names the wrapper elements whose children are a list (`{ convictions: 'conviction' }`), so
 * `<convictions><conviction>..</conviction></convictions>` gives `convictions: [..]`, even when empty or single.
 */
export function xmlToJson(el: Element, arrays: Record<string, string> = {}): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const c of children(el)) out[c.localName!] = valueOf(c, arrays);
  return out;
}

function valueOf(el: Element, arrays: Record<string, string>): Json {
  const name = el.localName!;
  if (name in arrays) return children(el).map((item) => valueOf(item, arrays));
  return children(el).length ? xmlToJson(el, arrays) : (el.textContent ?? '');
}

/** A JSON value with every leaf as the string XML carries (numbers and booleans included), for comparing with {@link xmlToJson}. */
export function asXmlText(value: unknown): Json {
  if (Array.isArray(value)) return value.map(asXmlText);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = asXmlText(v);
    return out;
  }
  return String(value);
}

/** Sets a fault on one system for one tenant (POST /__admin/faults). */
export async function injectFault(app: FastifyInstance, tenant: string, system: string, fault: Record<string, unknown>): Promise<void> {
  const res = await app.inject({ method: 'POST', url: '/__admin/faults', headers: { 'x-sandbox-tenant': tenant }, payload: { system, ...fault } });
  if (res.statusCode !== 200) throw new Error(`POST /__admin/faults answered ${res.statusCode}: ${res.body}`);
}

/** Sets the tenant's virtual clock (POST /__admin/clock), frozen so the test controls time entirely. */
export async function setClock(app: FastifyInstance, tenant: string, instant: string): Promise<void> {
  const res = await app.inject({ method: 'POST', url: '/__admin/clock', headers: { 'x-sandbox-tenant': tenant }, payload: { set: instant, freeze: true } });
  if (res.statusCode !== 200) throw new Error(`POST /__admin/clock answered ${res.statusCode}: ${res.body}`);
}
