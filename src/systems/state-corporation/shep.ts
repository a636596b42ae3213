/**
 * The State Corporation workstation through SHEP, under our serviceIds (the real ones are not public): the
 * ЫАЖ system sends to the gateway (authenticated as the SHEP sender), naming its operator by `operatorIin`.
 * - `SC_PackageCheckSync`: operatorIin, service, applicantIin, representativeIin?, documents/document*;
 * - `SC_ForwardRequestSync`: operatorIin, packageCheckId, powerOfAttorneyNumber? (Process 5 to ӨЭҮШ АЖО);
 * - `SC_ForwardingStatusSync`: forwardingId.
 * Answers `result{code,message}` with `check{...}` or `forwarding{...}` as over REST.
 * @see ../payments/shep-data.ts for the fault/result rule
 * @see ../../../docs/systems/state-corporation.md
 */
import { toXmlElements, type XmlObject } from '../../core/xml.js';
import type { ResponseData } from '../gateway/soap.js';
import type { RoutedService } from '../gateway/services.js';
import { dataFields, dataList, optionalField, requiredField, shepOutcome, type ShepResult } from '../payments/shep-data.js';
import type { ForwardingView, PackageCheckView, StateCorporationService } from './service.js';

export const SC_DATA_NS = 'urn:kz-egov-sandbox:state-corporation:v1';

export const SC_SERVICE_IDS = {
  packageCheck: 'SC_PackageCheckSync',
  forward: 'SC_ForwardRequestSync',
  status: 'SC_ForwardingStatusSync',
} as const;

/** JSON to the XmlObject shape: arrays of documents get their item element names. */
function checkXml(check: PackageCheckView): XmlObject {
  const docs = (list: PackageCheckView['missing']) => ({ document: list.map((d) => ({ code: d.code, name: { ...d.name } })) });
  const receipt = check.receipt;
  return JSON.parse(
    JSON.stringify({
      ...check,
      submitted: docs(check.submitted),
      missing: docs(check.missing),
      receipt: receipt ? { ...receipt, missingDocuments: docs(receipt.missingDocuments) } : null,
    }),
  ) as XmlObject;
}

function forwardingXml(forwarding: ForwardingView): XmlObject {
  return JSON.parse(JSON.stringify({ ...forwarding, documents: { document: forwarding.documents } })) as XmlObject;
}

function answer(name: string, result: ShepResult, body: XmlObject): ResponseData {
  return { xsiType: { prefix: 'sc', namespace: SC_DATA_NS, name }, xml: toXmlElements({ result: { ...result }, ...body }) };
}

export function stateCorporationShepServices(sc: StateCorporationService): RoutedService[] {
  return [
    {
      serviceId: SC_SERVICE_IDS.packageCheck,
      system: 'state-corporation',
      realName: false,
      description: 'State Corporation: package completeness check (data: operatorIin, service, applicantIin, representativeIin?, documents/document*); answers check, with the receipt of refusal to accept',
      async handle({ tenant, data }) {
        const fields = dataFields(data);
        const operatorIin = requiredField(fields, 'operatorIin');
        const input = {
          service: requiredField(fields, 'service'),
          applicantIin: requiredField(fields, 'applicantIin'),
          representativeIin: optionalField(fields, 'representativeIin'),
          documents: dataList(data, 'documents', 'document'),
        };
        const { result, value } = await shepOutcome(async () => sc.checkPackage(tenant, sc.operatorByIin(tenant, operatorIin), input));
        return answer('PackageCheckResponse', result, { check: value ? checkXml(value) : null });
      },
    },
    {
      serviceId: SC_SERVICE_IDS.forward,
      system: 'state-corporation',
      realName: false,
      description: "State Corporation: forward an accepted package's request to ӨЭҮШ АЖО, signed with the operator's EDS (data: operatorIin, packageCheckId, powerOfAttorneyNumber?)",
      async handle({ tenant, data }) {
        const fields = dataFields(data);
        const operatorIin = requiredField(fields, 'operatorIin');
        const packageCheckId = requiredField(fields, 'packageCheckId');
        const powerOfAttorneyNumber = optionalField(fields, 'powerOfAttorneyNumber');
        const { result, value } = await shepOutcome(async () =>
          sc.forward(tenant, sc.operatorByIin(tenant, operatorIin), { packageCheckId, ...(powerOfAttorneyNumber ? { powerOfAttorneyNumber } : {}) }),
        );
        return answer('ForwardingResponse', result, { forwarding: value ? forwardingXml(value) : null });
      },
    },
    {
      serviceId: SC_SERVICE_IDS.status,
      system: 'state-corporation',
      realName: false,
      description: 'State Corporation: a forwarded request, its registration in ӨЭҮШ АЖО, result and storage (data: forwardingId)',
      async handle({ tenant, data }) {
        const forwardingId = requiredField(dataFields(data), 'forwardingId');
        const { result, value } = await shepOutcome(() => sc.getForwarding(tenant, forwardingId));
        return answer('ForwardingResponse', result, { forwarding: value ? forwardingXml(value) : null });
      },
    },
  ];
}
