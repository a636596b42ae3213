/**
 * Small helpers shared by the SHEP services of АИС СУ, legal statistics and the notary registry: reading
 * the request's `data` fields, and writing a JSON answer as unqualified XML elements, with each array in a
 * wrapper element (`convictions: [a, b]` → `<convictions><conviction>a</conviction><conviction>b</conviction></convictions>`).
 */
import type { Element } from '@xmldom/xmldom';
import { descendantByName, textOf, type XmlObject, type XmlValue } from '../../core/xml.js';
import { GatewayFault } from '../gateway/faults.js';

/** The text of `data/<name>` (any depth, any namespace), or undefined. */
export function dataField(data: Element | undefined, name: string): string | undefined {
  return data ? textOf(descendantByName(data, name)) : undefined;
}

/** The text of `data/<name>`; a MISSING_FIELD fault when absent. */
export function requiredDataField(data: Element | undefined, name: string): string {
  const value = dataField(data, name);
  if (value === undefined) throw new GatewayFault('MISSING_FIELD', `request/requestData/data/${name} is required`, `request/requestData/data/${name}`);
  return value;
}

/**
 * Converts a JSON answer to the XmlObject {@link toXmlElements} writes: an array under key `k` becomes the
 * element `k` holding one `itemNames[k]` element per item (`item` when not named).
 */
export function toXmlObject(value: object, itemNames: Record<string, string>): XmlObject {
  const out: XmlObject = {};
  for (const [key, v] of Object.entries(value)) out[key] = convert(key, v, itemNames);
  return out;
}

function convert(key: string, value: unknown, itemNames: Record<string, string>): XmlValue {
  if (Array.isArray(value)) {
    return { [itemNames[key] ?? 'item']: value.map((item) => convert(itemNames[key] ?? 'item', item, itemNames)) as XmlValue[] };
  }
  if (value !== null && typeof value === 'object') return toXmlObject(value, itemNames);
  return value as XmlValue;
}
