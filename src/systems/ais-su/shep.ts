/**
 * АИС СУ through the SHEP gateway, under serviceIds of ours (no public list exists): the same operations
 * and the same data as the REST routes, as unqualified XML elements in `responseData/data`.
 * A "not found" or "cannot issue" is an answer (`result`), not a fault, as GBD FL answers "not found".
 * @see ../../../docs/systems/ais-su.md
 */
import { toXmlElements } from '../../core/xml.js';
import { GatewayFault } from '../gateway/faults.js';
import type { RoutedService } from '../gateway/services.js';
import type { AisSuService, IssuedCertificate } from './service.js';
import { dataField, requiredDataField, toXmlObject } from './shep-xml.js';

export const AISSU_SERVICE_IDS = {
  criminalRecord: 'AISSU_CriminalRecordSync',
  additionalCheck: 'AISSU_AdditionalCheckSync',
  certificate: 'AISSU_CertificateSync',
  archiveSearch: 'AISSU_ArchiveSearchSync',
} as const;

/** Wrapper → item element names of the answers' arrays. */
export const AISSU_XML_ITEMS = { convictions: 'conviction', records: 'record', availableAs: 'output' } as const;

function xml(value: object): { xml: string } {
  return { xml: toXmlElements(toXmlObject(value, AISSU_XML_ITEMS)) };
}

/** The certificate as SHEP carries it: its metadata and the XML document as escaped text in `document`. */
function certificateElement(c: IssuedCertificate): object {
  return { id: c.id, number: c.number, iin: c.iin, status: c.status, issuedAt: c.issuedAt, document: c.xml };
}

export function aisSuShepServices(aisSu: AisSuService): RoutedService[] {
  return [
    {
      serviceId: AISSU_SERVICE_IDS.criminalRecord,
      system: 'ais-su',
      realName: false,
      description: '"АИС СУ" АЖ: criminal-record state by IIN (data: {iin}); answers status NO_RECORD / RECORD / NO_DATA / ADDITIONAL_CHECK, convictions, check',
      async handle({ tenant, data }) {
        return xml(await aisSu.criminalRecord(tenant, requiredDataField(data, 'iin')));
      },
    },
    {
      serviceId: AISSU_SERVICE_IDS.additionalCheck,
      system: 'ais-su',
      realName: false,
      description: '"АИС СУ" АЖ: an additional check by id (data: {checkId}); answers result FOUND with check, or ADDITIONAL_CHECK_NOT_FOUND',
      async handle({ tenant, data }) {
        const check = await aisSu.additionalCheck(tenant, requiredDataField(data, 'checkId'));
        return xml(check ? { result: 'FOUND', check } : { result: 'ADDITIONAL_CHECK_NOT_FOUND' });
      },
    },
    {
      serviceId: AISSU_SERVICE_IDS.certificate,
      system: 'ais-su',
      realName: false,
      description:
        '"АИС СУ" АЖ: criminal-record certificate (data: {iin} to issue, or {certificateId} to fetch); answers result ISSUED / FOUND with certificate (XML in certificate/document), ADDITIONAL_CHECK_IN_PROGRESS with check, CRIMINAL_RECORD_NO_DATA, CRIMINAL_RECORD_CERTIFICATE_NOT_FOUND',
      async handle({ tenant, data }) {
        const certificateId = dataField(data, 'certificateId');
        if (certificateId !== undefined) {
          const found = await aisSu.certificate(tenant, certificateId);
          return xml(found ? { result: 'FOUND', certificate: certificateElement(found) } : { result: 'CRIMINAL_RECORD_CERTIFICATE_NOT_FOUND' });
        }
        const iin = dataField(data, 'iin');
        if (iin === undefined) {
          throw new GatewayFault('MISSING_FIELD', 'request/requestData/data needs iin (to issue) or certificateId (to fetch)', 'request/requestData/data/iin');
        }
        const outcome = await aisSu.requestCertificate(tenant, iin);
        switch (outcome.outcome) {
          case 'ISSUED':
            return xml({ result: 'ISSUED', certificate: certificateElement(outcome.certificate) });
          case 'ADDITIONAL_CHECK_IN_PROGRESS':
            return xml({ result: 'ADDITIONAL_CHECK_IN_PROGRESS', check: outcome.check });
          case 'NO_DATA':
            return xml({ result: 'CRIMINAL_RECORD_NO_DATA', message: outcome.message });
        }
      },
    },
    {
      serviceId: AISSU_SERVICE_IDS.archiveSearch,
      system: 'ais-su',
      realName: false,
      description: '"АИС СУ" АЖ / АЕА ААЖ: special-records archive search by IIN (data: {iin}, seed 004); answers result FOUND with records, or NOT_FOUND with the "apply to other archives" reply',
      async handle({ tenant, data }) {
        return xml(await aisSu.archiveSearch(tenant, requiredDataField(data, 'iin')));
      },
    },
  ];
}
