/**
 * Reading and answering the plain, unqualified `requestData/data` of our own SHEP services (payments,
 * e-licensing, State Corporation: no public format exists for them, integration-shapes §7-§8).
 *
 * The rule for answers: the gateway faults only when the message itself is wrong (a missing or invalid field:
 * `MISSING_FIELD`, `INVALID_FIELD`, `IIN_INVALID`, with the system's own problem code in `errorData`) or the
 * system is unreachable (injected faults). Everything the system decides, refusals included, is data: a
 * `result` element with `code` (`OK`, or the system's problem code, e.g. `PAYMENT_DECLINED`) and `message`.
 */
import type { Element } from '@xmldom/xmldom';
import { ProblemError } from '../../core/problem.js';
import { childElements, textOf } from '../../core/xml.js';
import { GatewayFault } from '../gateway/faults.js';

/** The text of each direct child of `data`, by local name (the first of repeated names). */
export function dataFields(data: Element | undefined): Map<string, string> {
  const fields = new Map<string, string>();
  if (!data) return fields;
  for (const child of childElements(data)) {
    if (!fields.has(child.localName!) && childElements(child).length === 0) fields.set(child.localName!, textOf(child) ?? '');
  }
  return fields;
}

/** The texts of `<list><item>..</item>...</list>` inside data, or [] when the list is absent. */
export function dataList(data: Element | undefined, list: string, item: string): string[] {
  if (!data) return [];
  const container = childElements(data).find((e) => e.localName === list);
  if (!container) return [];
  return childElements(container)
    .filter((e) => e.localName === item)
    .map((e) => textOf(e) ?? '');
}

/** A required field, or MISSING_FIELD naming its path. */
export function requiredField(fields: Map<string, string>, name: string): string {
  const value = fields.get(name);
  if (value === undefined || value === '') throw new GatewayFault('MISSING_FIELD', `request/requestData/data/${name} is required`, `request/requestData/data/${name}`);
  return value;
}

/** An optional field: absent or empty is undefined. */
export function optionalField(fields: Map<string, string>, name: string): string | undefined {
  const value = fields.get(name);
  return value === undefined || value === '' ? undefined : value;
}

/** An optional number field; a non-number is INVALID_FIELD. */
export function optionalNumber(fields: Map<string, string>, name: string): number | undefined {
  const text = optionalField(fields, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^-?\d+(\.\d+)?$/.test(text) || !Number.isFinite(value)) {
    throw new GatewayFault('INVALID_FIELD', `request/requestData/data/${name} must be a number, got ${JSON.stringify(text.slice(0, 40))}`, `request/requestData/data/${name}`);
  }
  return value;
}

export interface ShepResult {
  code: string;
  message: string;
}

export const OK_RESULT: ShepResult = { code: 'OK', message: 'Processed' };

/**
 * Runs a system call for a SHEP service: a 4xx problem other than 400 becomes a `result` (the system's answer),
 * a 400 problem becomes an `INVALID_FIELD` (or `IIN_INVALID`) fault carrying the problem code; the rest
 * (injected faults, 5xx) propagates to the gateway, except the codes listed in `answerAsResult`.
 */
export async function shepOutcome<T>(work: () => Promise<T>, answerAsResult: readonly string[] = []): Promise<{ result: ShepResult; value: T | null; problem: ProblemError | null }> {
  try {
    return { result: OK_RESULT, value: await work(), problem: null };
  } catch (e) {
    if (!(e instanceof ProblemError)) throw e;
    if (e.status === 400) throw new GatewayFault(e.code === 'IIN_INVALID' ? 'IIN_INVALID' : 'INVALID_FIELD', e.detail, e.code);
    if (e.status < 500 || answerAsResult.includes(e.code)) return { result: { code: e.code, message: e.detail }, value: null, problem: e };
    throw e;
  }
}
