/**
 * `GBDFL_UniversalServiceSync` (the real serviceId): a person from GBD FL through the SHEP gateway,
 * answered in the GBD FL message shape (messageResult 00000 and persons/person).
 * @see ../../../../shared/spec/integration-shapes.md §2
 */
import { randomUUID } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { parseIin } from '../../core/iin.js';
import { childElements, descendantByName, parseXmlSafely, textOf, toXmlElements, XmlRefusedError } from '../../core/xml.js';
import { GatewayFault, XML_REFUSAL_FAULTS } from '../gateway/faults.js';
import type { RoutedService } from '../gateway/services.js';
import type { GbdflService } from './service.js';
import type { GbdflPerson } from './record.js';

export const GBDFL_SERVICE_ID = 'GBDFL_UniversalServiceSync';
/** Namespace of the GBD FL request/response types in our XSD (the real one is not public). */
export const GBDFL_DATA_NS = 'urn:kz-egov-sandbox:gbdfl:v1';

/** messageResult codes: 00000 is the real success code; 00001 for "not found" is ours. */
export const GBDFL_MESSAGE_RESULTS = {
  found: { code: '00000', nameRu: 'Сообщение успешно обработано', nameKz: 'Хабарлама сәтті өңделді' },
  notFound: { code: '00001', nameRu: 'Сведения по ИИН не найдены', nameKz: 'ЖСН бойынша мәліметтер табылмады' },
} as const;

const GBDFL_SENDER = { code: 'GBDFL', nameRu: 'ГБД ФЛ', nameKz: 'ЖТ МДҚ' } as const;

/**
 * The request's `data`: either typed child elements (`iin`, optionally `messageId`...), or, as some SHEP
 * services take it, the same XML escaped into a string.
 */
function requestFields(data: Element | undefined): { iin?: string; requestId?: string } {
  if (!data) return {};
  let root: Element = data;
  if (childElements(data).length === 0 && textOf(data)?.startsWith('<')) {
    try {
      root = parseXmlSafely(textOf(data)!).documentElement!;
    } catch (e) {
      if (e instanceof XmlRefusedError) {
        throw new GatewayFault(XML_REFUSAL_FAULTS[e.reason], `requestData/data holds a string that is refused as XML: ${e.message}`, 'request/requestData/data');
      }
      throw e;
    }
    if (root.localName === 'iin') return { iin: textOf(root) };
  }
  return { iin: textOf(descendantByName(root, 'iin')), requestId: textOf(descendantByName(root, 'messageId')) };
}

export function gbdflShepService(gbdfl: GbdflService): RoutedService {
  return {
    serviceId: GBDFL_SERVICE_ID,
    system: 'gbdfl',
    realName: true,
    description: 'ЖТ МДҚ / GBD FL: a person by IIN (data: {iin}); answers messageResult and persons/person',
    async handle({ tenant, info, data, now }) {
      const { iin, requestId } = requestFields(data);
      if (!iin) throw new GatewayFault('MISSING_FIELD', 'request/requestData/data/iin is required', 'request/requestData/data/iin');
      const parsed = parseIin(iin);
      if (!parsed.ok) throw new GatewayFault('IIN_INVALID', parsed.message, `iin=${iin.slice(0, 20)}`);
      const lookup = await gbdfl.findPerson(tenant, iin);
      const persons: GbdflPerson[] = lookup.found ? [lookup.person] : [];
      const body = {
        messageId: randomUUID(),
        messageDate: now.toISOString(),
        requestId: requestId ?? info.messageId,
        sender: GBDFL_SENDER,
        receiver: { code: info.sender.senderId },
        messageResult: lookup.found ? GBDFL_MESSAGE_RESULTS.found : GBDFL_MESSAGE_RESULTS.notFound,
        persons: { person: persons as unknown as Record<string, never>[] },
      };
      return { xsiType: { prefix: 'gbdfl', namespace: GBDFL_DATA_NS, name: 'Response' }, xml: toXmlElements(body) };
    },
  };
}
