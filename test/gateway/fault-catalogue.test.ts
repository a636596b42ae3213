/**
 * The gateway's fault catalogue: codes are unique upper-snake names, and each is documented with the HTTP
 * status and faultcode a client actually gets: the SyncChannel codes in docs/gateway.md, codes of other
 * gateway endpoints (e.g. WS-Security) in their own docs/*.md, in a table row of the same form.
 */
import { readdirSync, readFileSync } from 'node:fs';
import t from 'tap';
import { GATEWAY_FAULTS } from '../../src/systems/gateway/faults.js';

const DOCS = new URL('../../docs/', import.meta.url);

interface Row {
  file: string;
  code: string;
  http: number;
  faultcode: string;
  when: string;
}

/** Rows of fault tables: | `CODE` | HTTP | soap:Client or soap:Server | when | ... */
function faultRows(file: string): Row[] {
  const text = readFileSync(new URL(file, DOCS), 'utf8');
  return [...text.matchAll(/^\| `([A-Z0-9_]+)` \| (\d{3}) \| (soap:Client|soap:Server) \| ([^|]+) \|/gm)].map((m) => ({
    file,
    code: m[1]!,
    http: Number(m[2]),
    faultcode: m[3]!,
    when: m[4]!.trim(),
  }));
}

const gatewayRows = faultRows('gateway.md');
const allRows = readdirSync(DOCS)
  .filter((f) => f.endsWith('.md'))
  .flatMap(faultRows);

t.test('docs/gateway.md has the fault table, each code once, each one a code of GATEWAY_FAULTS', async (t) => {
  t.ok(gatewayRows.length >= 15, `${gatewayRows.length} rows`);
  t.equal(new Set(gatewayRows.map((r) => r.code)).size, gatewayRows.length, 'no code appears twice');
  t.same(
    gatewayRows.map((r) => r.code).filter((code) => !(code in GATEWAY_FAULTS)),
    [],
    'every documented code exists',
  );
  for (const code of ['MALFORMED_XML', 'NOT_SEND_MESSAGE', 'MISSING_FIELD', 'UNKNOWN_SERVICE', 'SENDER_AUTH_FAILED', 'IIN_INVALID', 'SYSTEM_UNAVAILABLE', 'SYSTEM_TIMEOUT', 'DTD_FORBIDDEN']) {
    t.ok(gatewayRows.some((r) => r.code === code), `${code} is in docs/gateway.md`);
  }
});

t.test('every fault code is upper-snake and documented, with the HTTP status and faultcode it is answered with', async (t) => {
  for (const [code, spec] of Object.entries(GATEWAY_FAULTS)) {
    t.match(code, /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/, code);
    const rows = allRows.filter((r) => r.code === code);
    t.ok(rows.length > 0, `${code} is documented in docs/*.md`);
    for (const row of rows) {
      t.equal(row.http, spec.http, `${code} in ${row.file}: HTTP`);
      t.equal(row.faultcode, spec.faultcode, `${code} in ${row.file}: faultcode`);
      t.ok(row.when.length > 10, `${code} in ${row.file}: says when`);
    }
  }
});

t.test('the SyncChannel codes leave HTTP 500 only for what HTTP itself refuses: 400, 413 and 415', async (t) => {
  const not500 = gatewayRows
    .filter((r) => r.http !== 500)
    .map((r) => `${r.code} ${r.http}`)
    .sort();
  t.same(not500, ['BAD_HTTP_REQUEST 400', 'BODY_TOO_LARGE 413', 'UNSUPPORTED_MEDIA_TYPE 415']);
});
