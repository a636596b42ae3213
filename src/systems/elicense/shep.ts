/**
 * E-licensing through SHEP, under our serviceId `ELICENSE_LicenseSync` (the real one is not public): the licences
 * with a `number`, or of a `holderIin` (exactly one of them). The answer is `result{code,message}` (`OK` or
 * `LICENCE_NOT_FOUND`) and `licences/licence*` with the REST fields, `history/event*`.
 * @see ../payments/shep-data.ts for the fault/result rule
 * @see ../../../docs/systems/elicense.md
 */
import { toXmlElements, type XmlObject } from '../../core/xml.js';
import { GatewayFault } from '../gateway/faults.js';
import type { RoutedService } from '../gateway/services.js';
import { dataFields, optionalField, shepOutcome } from '../payments/shep-data.js';
import type { LicenceType, LicenceView } from './register.js';
import type { ElicenseService } from './service.js';

export const ELICENSE_DATA_NS = 'urn:kz-egov-sandbox:elicense:v1';
export const ELICENSE_SERVICE_ID = 'ELICENSE_LicenseSync';

function licenceXml(licence: LicenceView): XmlObject {
  return { ...licence, typeName: { ...licence.typeName }, history: { event: licence.history.map((e) => ({ ...e })) } };
}

export function elicenseShepServices(elicense: ElicenseService): RoutedService[] {
  return [
    {
      serviceId: ELICENSE_SERVICE_ID,
      system: 'elicense',
      realName: false,
      description: '"Е-лицензиялау" АЖ: licences by number or by holder (data: number | holderIin, type?); answers result and licences/licence',
      async handle({ tenant, data }) {
        const fields = dataFields(data);
        const number = optionalField(fields, 'number');
        const holderIin = optionalField(fields, 'holderIin');
        if (number === undefined && holderIin === undefined) {
          throw new GatewayFault('MISSING_FIELD', 'request/requestData/data needs number or holderIin', 'request/requestData/data/number');
        }
        if (number !== undefined && holderIin !== undefined) {
          throw new GatewayFault('INVALID_FIELD', 'give number or holderIin, not both', 'request/requestData/data');
        }
        const type = optionalField(fields, 'type') as LicenceType | undefined;
        const { result, value } = await shepOutcome(async () =>
          number !== undefined ? [await elicense.findByNumber(tenant, number)] : elicense.findByHolder(tenant, holderIin!, type),
        );
        const body: XmlObject = { result: { ...result }, licences: { licence: (value ?? []).map(licenceXml) } };
        return { xsiType: { prefix: 'lic', namespace: ELICENSE_DATA_NS, name: 'LicenceResponse' }, xml: toXmlElements(body) };
      },
    },
  ];
}
