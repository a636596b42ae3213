/**
 * БНАЖ through the SHEP gateway, under serviceIds of ours: the same operations and data as the REST routes,
 * as unqualified XML elements. "Not found" is an answer (`result`), not a fault.
 * @see ../../../docs/systems/notary.md
 */
import { toXmlElements } from '../../core/xml.js';
import { GatewayFault } from '../gateway/faults.js';
import type { RoutedService } from '../gateway/services.js';
import { dataField, requiredDataField, toXmlObject } from '../ais-su/shep-xml.js';
import type { NotaryService } from './service.js';

export const NOTARY_SERVICE_IDS = {
  powerOfAttorney: 'NOTARY_PowerOfAttorneySync',
  check: 'NOTARY_PowerOfAttorneyCheckSync',
} as const;

/** Wrapper → item element names of the answers' arrays. */
export const NOTARY_XML_ITEMS = { powersOfAttorney: 'powerOfAttorney', scope: 'service' } as const;

function xml(value: object): { xml: string } {
  return { xml: toXmlElements(toXmlObject(value, NOTARY_XML_ITEMS)) };
}

export function notaryShepServices(notary: NotaryService): RoutedService[] {
  return [
    {
      serviceId: NOTARY_SERVICE_IDS.powerOfAttorney,
      system: 'notary',
      realName: false,
      description:
        'БНАЖ / ЕНИС: powers of attorney (data: {number}, or {principalIin} and/or {representativeIin}); answers result FOUND with powerOfAttorney or POA_NOT_FOUND, or the list powersOfAttorney',
      async handle({ tenant, data }) {
        const number = dataField(data, 'number');
        if (number !== undefined) {
          const poa = await notary.byNumber(tenant, number);
          return xml(poa ? { result: 'FOUND', powerOfAttorney: poa } : { result: 'POA_NOT_FOUND' });
        }
        const principalIin = dataField(data, 'principalIin');
        const representativeIin = dataField(data, 'representativeIin');
        if (principalIin === undefined && representativeIin === undefined) {
          throw new GatewayFault('MISSING_FIELD', 'request/requestData/data needs number, principalIin or representativeIin', 'request/requestData/data/number');
        }
        return xml(await notary.search(tenant, { ...(principalIin ? { principalIin } : {}), ...(representativeIin ? { representativeIin } : {}) }));
      },
    },
    {
      serviceId: NOTARY_SERVICE_IDS.check,
      system: 'notary',
      realName: false,
      description:
        'БНАЖ / ЕНИС: may a representative act for a principal (data: {principalIin, representativeIin, service}); answers result FOUND_VALID / NOT_FOUND / EXPIRED / REVOKED / OUT_OF_SCOPE',
      async handle({ tenant, data }) {
        const principalIin = requiredDataField(data, 'principalIin');
        const representativeIin = requiredDataField(data, 'representativeIin');
        const service = requiredDataField(data, 'service');
        return xml(await notary.check(tenant, { principalIin, representativeIin, service }));
      },
    },
  ];
}
