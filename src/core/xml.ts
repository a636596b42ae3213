/**
 * XML for the SOAP channels: a guarded parser that refuses what could hurt the sandbox (DTDs and
 * entities, non-UTF-8, excessive nesting), DOM helpers by local name, and a small writer.
 *
 * @xmldom/xmldom is the parser because xml-crypto verifies signatures on its DOM (WS-Security).
 */
import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';

/** Why a payload is refused before or during parsing. */
export type XmlRefusal = 'EMPTY' | 'NOT_UTF8' | 'DTD_FORBIDDEN' | 'MALFORMED' | 'TOO_DEEP';

export class XmlRefusedError extends Error {
  override readonly name = 'XmlRefusedError';
  constructor(
    readonly reason: XmlRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** Deeper documents are refused: real gateway messages nest about 15 levels. */
export const MAX_XML_DEPTH = 64;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const DECLARED_ENCODING = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/;
/** Characters XML 1.0 forbids anywhere, even as character data (xmldom lets them through). */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
/** Refusal messages quote the parser; a pathological document must not make them huge. */
const MAX_MESSAGE_LENGTH = 300;

function shorten(message: string): string {
  const line = message.split('\n')[0] ?? '';
  return line.length > MAX_MESSAGE_LENGTH ? `${line.slice(0, MAX_MESSAGE_LENGTH)}...` : line;
}

/** UTF-16 or UTF-32 without a byte-order mark: `<` followed or preceded by NUL bytes. */
function looksLikeWideEncoding(payload: Buffer): boolean {
  return payload.length >= 4 && ((payload[0] === 0x3c && payload[1] === 0) || (payload[0] === 0 && (payload[1] === 0x3c || payload[1] === 0)));
}

/**
 * Parses an XML payload safely.
 * - bytes must be UTF-8 (a declared encoding other than UTF-8 is refused, as are UTF-16 byte-order marks
 *   and UTF-16/UTF-32 text without one);
 * - any `<!DOCTYPE` is refused outright, so no entity is ever defined, expanded or fetched (XXE, billion laughs);
 * - characters XML 1.0 forbids (NUL and other C0 controls) are refused;
 * - nesting deeper than {@link MAX_XML_DEPTH} is refused.
 * Refusal messages are cut to a few hundred characters.
 */
export function parseXmlSafely(payload: Buffer | string, maxDepth = MAX_XML_DEPTH): Document {
  let text: string;
  if (typeof payload === 'string') {
    // As TextDecoder does for bytes: a leading byte-order mark is not content.
    text = payload.startsWith('\ufeff') ? payload.slice(1) : payload;
  } else {
    if (payload.length >= 2 && ((payload[0] === 0xff && payload[1] === 0xfe) || (payload[0] === 0xfe && payload[1] === 0xff))) {
      throw new XmlRefusedError('NOT_UTF8', 'the body is UTF-16 (byte-order mark); only UTF-8 is accepted');
    }
    if (looksLikeWideEncoding(payload)) {
      throw new XmlRefusedError('NOT_UTF8', 'the body looks like UTF-16 or UTF-32 (NUL bytes around "<"); only UTF-8 is accepted');
    }
    try {
      text = utf8.decode(payload);
    } catch {
      throw new XmlRefusedError('NOT_UTF8', 'the body is not valid UTF-8');
    }
  }
  if (text.trim() === '') throw new XmlRefusedError('EMPTY', 'the body is empty');
  const declared = DECLARED_ENCODING.exec(text)?.[1];
  if (declared && !/^utf-?8$/i.test(declared)) {
    throw new XmlRefusedError('NOT_UTF8', `declared encoding ${declared} is not accepted; send UTF-8`);
  }
  if (/<!DOCTYPE/i.test(text)) {
    throw new XmlRefusedError('DTD_FORBIDDEN', 'a DOCTYPE is not allowed: DTDs and entity definitions are refused');
  }
  const forbidden = FORBIDDEN_CHAR.exec(text);
  if (forbidden) {
    const hex = forbidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new XmlRefusedError('MALFORMED', `not well-formed XML: character U+${hex} at offset ${forbidden.index} is not allowed in XML 1.0`);
  }
  let doc: Document;
  let firstProblem: string | undefined;
  try {
    doc = new DOMParser({
      onError: (_level, message) => {
        // xmldom reports recoverable problems as warnings; a gateway must not guess, so every one stops parsing.
        firstProblem ??= shorten(String(message));
        throw new Error(firstProblem);
      },
    }).parseFromString(text, 'text/xml');
  } catch (e) {
    throw new XmlRefusedError('MALFORMED', `not well-formed XML: ${firstProblem ?? shorten(String((e as Error).message))}`);
  }
  if (!doc.documentElement) throw new XmlRefusedError('MALFORMED', 'no root element');
  assertDepth(doc.documentElement, maxDepth);
  return doc;
}

/** Walks the tree without recursion (a deep document must not overflow the stack). */
function assertDepth(root: Element, maxDepth: number): void {
  const stack: [Node, number][] = [[root, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > maxDepth) throw new XmlRefusedError('TOO_DEEP', `elements nest deeper than ${maxDepth} levels`);
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 1) stack.push([child, depth + 1]);
    }
  }
}

/** The element children of a node. */
export function childElements(node: Node): Element[] {
  const out: Element[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.nodeType === 1) out.push(child as Element);
  return out;
}

/** The first element child with this local name (any namespace: SHEP children are unqualified, clients differ). */
export function childByName(node: Node, localName: string): Element | undefined {
  return childElements(node).find((e) => e.localName === localName);
}

/** The first descendant element with this local name, depth first. */
export function descendantByName(node: Node, localName: string): Element | undefined {
  const stack = childElements(node).reverse();
  while (stack.length) {
    const el = stack.pop()!;
    if (el.localName === localName) return el;
    stack.push(...childElements(el).reverse());
  }
  return undefined;
}

/** The trimmed text of an element, or undefined when the element is absent or empty. */
export function textOf(el: Element | undefined): string | undefined {
  const text = el?.textContent?.trim();
  return text ? text : undefined;
}

// XML 1.0 forbids most control characters even when escaped; drop them rather than emit a broken document.
// eslint-disable-next-line no-control-regex
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(value: string): string {
  return value
    .replace(INVALID_XML_CHARS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export type XmlValue = string | number | boolean | null | undefined | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

/**
 * Writes a JSON-like value as unqualified child elements: objects become elements, arrays repeat their
 * element, null/undefined are left out. `{documents: {document: [a, b]}}` gives two `<document>` in `<documents>`.
 */
export function toXmlElements(value: XmlObject): string {
  let out = '';
  for (const [name, v] of Object.entries(value)) out += element(name, v);
  return out;
}

function element(name: string, value: XmlValue): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => element(name, v)).join('');
  if (typeof value === 'object') return `<${name}>${toXmlElements(value)}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}
