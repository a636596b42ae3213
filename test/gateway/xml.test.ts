/**
 * parseXmlSafely and the XML writer (src/core/xml.ts), directly: the rules the gateway's faults rest on.
 */
import t from 'tap';
import { escapeXml, MAX_XML_DEPTH, parseXmlSafely, toXmlElements, XmlRefusedError } from '../../src/core/xml.js';

function refusal(payload: Buffer | string, maxDepth?: number): string {
  try {
    parseXmlSafely(payload, maxDepth);
    return 'accepted';
  } catch (e) {
    if (e instanceof XmlRefusedError) return e.reason;
    throw e;
  }
}

t.test('well-formed UTF-8 is parsed, with Kazakh text intact', async (t) => {
  const doc = parseXmlSafely(Buffer.from('<?xml version="1.0" encoding="utf-8"?><p>Ғалымжан &amp; Әйгерім &#1178;</p>'));
  t.equal(doc.documentElement?.textContent, 'Ғалымжан & Әйгерім Қ');
});

t.test('each refusal has its reason', async (t) => {
  const cases: [string, Buffer | string, string][] = [
    ['empty', Buffer.alloc(0), 'EMPTY'],
    ['whitespace', ' \n ', 'EMPTY'],
    ['invalid UTF-8', Buffer.from([0x3c, 0x61, 0x3e, 0xc0, 0xaf, 0x3c, 0x2f, 0x61, 0x3e]), 'NOT_UTF8'],
    ['UTF-16LE BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a/>', 'utf16le')]), 'NOT_UTF8'],
    ['UTF-16BE without BOM', Buffer.from('<a/>', 'utf16le').swap16(), 'NOT_UTF8'],
    ['UTF-32LE without BOM', Buffer.from([0x3c, 0, 0, 0, 0x61, 0, 0, 0, 0x2f, 0, 0, 0, 0x3e, 0, 0, 0]), 'NOT_UTF8'],
    ['declared windows-1251', '<?xml version="1.0" encoding="windows-1251"?><a/>', 'NOT_UTF8'],
    ['DOCTYPE', '<!DOCTYPE a><a/>', 'DTD_FORBIDDEN'],
    ['doctype in a comment', '<a><!-- <!doctype --></a>', 'DTD_FORBIDDEN'],
    ['NUL', '<a>\u0000</a>', 'MALFORMED'],
    ['vertical tab', '<a>\u000b</a>', 'MALFORMED'],
    ['U+FFFE', '<a>\ufffe</a>', 'MALFORMED'],
    ['no root', '<?xml version="1.0"?>', 'MALFORMED'],
    ['unknown entity', '<a>&nbsp;</a>', 'MALFORMED'],
    ['too deep', '<a>'.repeat(MAX_XML_DEPTH + 1) + '</a>'.repeat(MAX_XML_DEPTH + 1), 'TOO_DEEP'],
  ];
  for (const [name, payload, reason] of cases) t.equal(refusal(payload), reason, name);
  t.equal(refusal('<a>'.repeat(MAX_XML_DEPTH) + '</a>'.repeat(MAX_XML_DEPTH)), 'accepted', `exactly ${MAX_XML_DEPTH} levels are accepted`);
  t.equal(refusal('<a><b><c/></b></a>', 2), 'TOO_DEEP', 'the depth limit is a parameter');
  t.equal(refusal('\ufeff<a>tab\tcr\rlf\n</a>'), 'accepted', 'a BOM and the whitespace controls are fine');
});

t.test('a refusal message quoting the parser is cut short', async (t) => {
  try {
    parseXmlSafely('<a>'.repeat(50_000));
    t.fail('should be refused');
  } catch (e) {
    t.ok(e instanceof XmlRefusedError);
    t.equal((e as XmlRefusedError).reason, 'MALFORMED');
    t.ok((e as Error).message.length < 400, `${(e as Error).message.length} characters`);
  }
});

t.test('the writer escapes markup and drops characters XML 1.0 cannot carry, so its output always parses', async (t) => {
  t.equal(escapeXml('a<b>&"c"\u0001'), 'a&lt;b&gt;&amp;&quot;c&quot;');
  const xml = toXmlElements({ person: { surname: 'Қ<&>', documents: { document: [{ number: '1' }, { number: '2' }] }, patronymic: undefined, flat: null } });
  t.equal(xml, '<person><surname>Қ&lt;&amp;&gt;</surname><documents><document><number>1</number></document><document><number>2</number></document></documents></person>');
  t.equal(parseXmlSafely(xml).documentElement?.getElementsByTagName('surname')[0]?.textContent, 'Қ<&>');
});
