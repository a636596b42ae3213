/**
 * The payment gateway (ЭҮТШ) through SHEP, under our serviceIds (the real ones are not public):
 * `PAYMENTS_InvoiceSync` (create), `PAYMENTS_PaySync`, `PAYMENTS_StatusSync`, `PAYMENTS_UseSync`.
 * Data are plain unqualified elements; the answer is `result{code,message}` and `invoice{...}` with the
 * REST invoice fields. Refusals (`PAYMENT_DECLINED`, `PAYMENT_ALREADY_USED`...) are results, not faults.
 * @see ./shep-data.ts for the fault/result rule
 * @see ../../../docs/systems/payments.md
 */
import type { Element } from '@xmldom/xmldom';
import type { Tenant } from '../../core/tenant-store.js';
import { toXmlElements, type XmlObject } from '../../core/xml.js';
import type { ResponseData } from '../gateway/soap.js';
import type { RoutedService } from '../gateway/services.js';
import type { InvoiceView } from './invoice.js';
import type { PaymentsService } from './service.js';
import { dataFields, optionalField, optionalNumber, requiredField, shepOutcome, type ShepResult } from './shep-data.js';

export const PAYMENTS_DATA_NS = 'urn:kz-egov-sandbox:payments:v1';

export const PAYMENTS_SERVICE_IDS = {
  invoice: 'PAYMENTS_InvoiceSync',
  pay: 'PAYMENTS_PaySync',
  status: 'PAYMENTS_StatusSync',
  use: 'PAYMENTS_UseSync',
} as const;

function answer(result: ShepResult, invoice: InvoiceView | null): ResponseData {
  const body: XmlObject = { result: { ...result }, invoice: invoice ? { ...invoice } : null };
  return { xsiType: { prefix: 'pay', namespace: PAYMENTS_DATA_NS, name: 'InvoiceResponse' }, xml: toXmlElements(body) };
}

/** The invoice as it is now, to go with a refusal; null when there is none. */
async function invoiceOrNull(payments: PaymentsService, tenant: Tenant, id: string): Promise<InvoiceView | null> {
  return payments.getInvoice(tenant, id).catch(() => null);
}

/** An operation on one invoice by `invoiceId`: the answer carries the invoice after it, refused or not. */
function invoiceOperation(
  payments: PaymentsService,
  serviceId: string,
  description: string,
  run: (tenant: Tenant, id: string, fields: Map<string, string>) => Promise<InvoiceView>,
): RoutedService {
  return {
    serviceId,
    system: 'payments',
    realName: false,
    description,
    async handle({ tenant, data }: { tenant: Tenant; data: Element | undefined }) {
      const fields = dataFields(data);
      const id = requiredField(fields, 'invoiceId');
      const { result, value } = await shepOutcome(() => run(tenant, id, fields), ['PAYMENT_TIMEOUT']);
      return answer(result, value ?? (await invoiceOrNull(payments, tenant, id)));
    },
  };
}

export function paymentsShepServices(payments: PaymentsService): RoutedService[] {
  return [
    {
      serviceId: PAYMENTS_SERVICE_IDS.invoice,
      system: 'payments',
      realName: false,
      description:
        'ЭҮТШ: create a fee invoice (data: payerIin, amount, serviceSlug, applicationId, kbk?, knp?, kno?, payerName?, expiresInMinutes?, idempotencyKey?)',
      async handle({ tenant, data }) {
        const fields = dataFields(data);
        const amountText = requiredField(fields, 'amount');
        const input = {
          payerIin: requiredField(fields, 'payerIin'),
          amount: /^\d+(\.\d+)?$/.test(amountText) ? Number(amountText) : Number.NaN,
          serviceSlug: requiredField(fields, 'serviceSlug'),
          applicationId: requiredField(fields, 'applicationId'),
          kbk: optionalField(fields, 'kbk'),
          knp: optionalField(fields, 'knp'),
          kno: optionalField(fields, 'kno'),
          payerName: optionalField(fields, 'payerName'),
          expiresInMinutes: optionalNumber(fields, 'expiresInMinutes'),
        };
        const { result, value } = await shepOutcome(() => payments.createInvoice(tenant, input, optionalField(fields, 'idempotencyKey')));
        return answer(result, value?.invoice ?? null);
      },
    },
    invoiceOperation(
      payments,
      PAYMENTS_SERVICE_IDS.pay,
      'ЭҮТШ: pay an invoice through the sandbox bank (data: invoiceId, channel?, idempotencyKey?); refusals are result codes',
      async (tenant, id, fields) => {
        const channel = optionalField(fields, 'channel') as 'card' | 'account' | undefined;
        return (await payments.pay(tenant, id, channel === undefined ? {} : { channel }, optionalField(fields, 'idempotencyKey'))).invoice;
      },
    ),
    invoiceOperation(payments, PAYMENTS_SERVICE_IDS.status, 'ЭҮТШ: an invoice and its status (data: invoiceId)', (tenant, id) => payments.getInvoice(tenant, id)),
    invoiceOperation(
      payments,
      PAYMENTS_SERVICE_IDS.use,
      'ЭҮТШ: use a CONFIRMED payment once (data: invoiceId, applicationId?)',
      (tenant, id, fields) => {
        const applicationId = optionalField(fields, 'applicationId');
        return payments.use(tenant, id, applicationId === undefined ? {} : { applicationId });
      },
    ),
  ];
}
