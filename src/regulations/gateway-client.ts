/**
 * How the engine's checks reach the systems: through the SHEP gateway itself (`POST /shep/bip-sync`, in
 * process with `app.inject`), as the sandbox's own sender. So the journal shows the traffic and a fault
 * injected on a system arrives as the gateway's SOAP fault, which the check turns into `unavailable`.
 */
import { randomUUID } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import type { FastifyInstance } from 'fastify';
import { SOAP11_NS, SYNC_TYPES_NS } from '../systems/gateway/soap.js';
import { childElements, descendantByName, escapeXml, parseXmlSafely, textOf } from '../core/xml.js';
import { TENANT_HEADER, type Tenant } from '../core/tenant-store.js';
import type { ShepAnswer } from './checks/types.js';

/** Elements whose children are a list, whatever their count. */
const LIST_ELEMENTS = new Set(['persons', 'convictions', 'records', 'offences', 'registers', 'entries', 'powersOfAttorney', 'availableAs', 'documents', 'licences', 'missingDocuments']);

export function createShepCaller(app: FastifyInstance): (tenant: Tenant, serviceId: string, dataXml: string) => Promise<ShepAnswer> {
  return async (tenant, serviceId, dataXml) => {
    const { senderId, password } = app.sandbox.config.shep;
    const messageId = randomUUID();
    const envelope =
      `<soapenv:Envelope xmlns:soapenv="${SOAP11_NS}" xmlns:ns="${SYNC_TYPES_NS}"><soapenv:Header/><soapenv:Body><ns:SendMessage><request>` +
      `<requestInfo><messageId>${messageId}</messageId><serviceId>${escapeXml(serviceId)}</serviceId><messageDate>${tenant.clock.now().toISOString()}</messageDate>` +
      `<sender><senderId>${escapeXml(senderId)}</senderId><password>${escapeXml(password)}</password></sender></requestInfo>` +
      `<requestData><data>${dataXml}</data></requestData></request></ns:SendMessage></soapenv:Body></soapenv:Envelope>`;
    const res = await app.inject({
      method: 'POST',
      url: '/shep/bip-sync',
      headers: { 'content-type': 'text/xml; charset=utf-8', [TENANT_HEADER]: tenant.name },
      payload: envelope,
    });
    const doc = parseXmlSafely(res.body);
    if (res.statusCode !== 200) {
      return { ok: false, faultCode: textOf(descendantByName(doc, 'errorCode')) ?? 'INTERNAL', faultMessage: textOf(descendantByName(doc, 'errorMessage')) ?? res.body.slice(0, 200) };
    }
    const responseData = descendantByName(doc, 'responseData');
    const data = responseData ? descendantByName(responseData, 'data') : undefined;
    return { ok: true, data: data ? (toJson(data) as Record<string, unknown>) : {} };
  };
}

function toJson(el: Element): unknown {
  const kids = childElements(el);
  if (LIST_ELEMENTS.has(el.localName!)) return kids.map(toJson);
  if (!kids.length) return el.textContent ?? '';
  const out: Record<string, unknown> = {};
  for (const kid of kids) out[kid.localName!] = toJson(kid);
  return out;
}
