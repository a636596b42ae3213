/**
 * How the engine's checks reach the systems: through the SHEP gateway itself (`POST /shep/bip-sync`, in
 * process with `app.inject`), as the sandbox's own sender. So the journal shows the traffic and a fault
 * injected on a system arrives as the gateway's SOAP fault, which the check turns into `unavailable`.
 * The envelope is built and read by the SDK's SHEP functions (src/sdk/soap.ts), as any client's would be.
 */
import type { FastifyInstance } from 'fastify';
import { TENANT_HEADER, type Tenant } from '../core/tenant-store.js';
import { buildSendMessage, readFault, readSendMessageResponse } from '../sdk/soap.js';
import type { ShepAnswer } from './checks/types.js';

/** Elements that repeat inside a list, kept as arrays even when there is one (`licences/licence`). */
const LIST_ITEMS = ['licence', 'conviction', 'record', 'offence', 'register', 'entry', 'powerOfAttorney', 'document'];

export function createShepCaller(app: FastifyInstance): (tenant: Tenant, serviceId: string, dataXml: string) => Promise<ShepAnswer> {
  return async (tenant, serviceId, dataXml) => {
    const { xml, messageId } = buildSendMessage({ serviceId, data: dataXml, messageDate: tenant.clock.now().toISOString() }, app.sandbox.config.shep);
    const res = await app.inject({
      method: 'POST',
      url: '/shep/bip-sync',
      headers: { 'content-type': 'text/xml; charset=utf-8', [TENANT_HEADER]: tenant.name },
      payload: xml,
    });
    if (res.statusCode !== 200) {
      const fault = readFault(res.body);
      return { ok: false, faultCode: fault?.errorCode ?? 'INTERNAL', faultMessage: fault?.errorMessage ?? res.body.slice(0, 200) };
    }
    return { ok: true, data: readSendMessageResponse<Record<string, unknown>>(res.body, messageId, LIST_ITEMS).data };
  };
}
