/**
 * The demo page's files as the server serves them (content types, CSP, revalidation, 404), that every file the
 * page loads is served and names no other host, the working-day calendar route, and the page's own words.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { kazakhCalendar } from '../../src/core/calendar.js';
import { buildServer } from '../../src/server.js';
import { UI_ASSETS_DIR } from '../../src/ui/plugin.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());

t.test('GET /ui answers the page as HTML with a strict Content-Security-Policy and revalidation headers', async (t) => {
  for (const url of ['/ui', '/ui/']) {
    const res = await app.inject(url);
    t.equal(res.statusCode, 200, url);
    t.match(res.headers['content-type'], /^text\/html; charset=utf-8/);
    t.match(res.headers['content-security-policy'], /(^|;\s*)default-src 'self'(;|$)/);
    t.notMatch(res.headers['content-security-policy'], /unsafe-inline|unsafe-eval|\*/, 'nothing inline, nothing from elsewhere');
    t.equal(res.headers['x-content-type-options'], 'nosniff');
    t.equal(res.headers['cache-control'], 'no-cache');
    t.match(res.headers.etag, /^"[A-Za-z0-9_-]+"$/);
    t.match(res.body, /<script type="module" src="\/ui\/app\.js"><\/script>/);
    t.notMatch(res.body, /<script>|<style>|\sstyle="|\son[a-z]+="/i, 'no inline script, style or handler the CSP would block');
  }
});

t.test('the script and the style sheet are served with their content types', async (t) => {
  const js = await app.inject('/ui/app.js');
  t.equal(js.statusCode, 200);
  t.match(js.headers['content-type'], /^text\/javascript; charset=utf-8/);
  const css = await app.inject('/ui/style.css');
  t.equal(css.statusCode, 200);
  t.match(css.headers['content-type'], /^text\/css; charset=utf-8/);
  const icon = await app.inject('/ui/favicon.svg');
  t.match(icon.headers['content-type'], /^image\/svg\+xml/);
});

t.test('a request with the current ETag gets 304 and no body; a stale one gets the file', async (t) => {
  const first = await app.inject('/ui/app.js');
  const etag = String(first.headers.etag);
  const again = await app.inject({ url: '/ui/app.js', headers: { 'if-none-match': etag } });
  t.equal(again.statusCode, 304);
  t.equal(again.body, '');
  const stale = await app.inject({ url: '/ui/app.js', headers: { 'if-none-match': '"stale"' } });
  t.equal(stale.statusCode, 200);
  t.equal(stale.body, first.body);
});

t.test('an unknown file of the page is 404 problem+json; files of other types in the folder are not served', async (t) => {
  for (const url of ['/ui/nope.js', '/ui/layout.ts', '/ui/..%2Fplugin.ts', '/ui/index.html.bak']) {
    const res = await app.inject(url);
    t.equal(res.statusCode, 404, url);
    t.match(res.headers['content-type'], /^application\/problem\+json/);
    t.equal(res.json().code, 'UI_ASSET_NOT_FOUND');
  }
});

t.test('every file the page loads or imports is served, and none names another host', async (t) => {
  const seen = new Set<string>();
  const queue = ['/ui'];
  while (queue.length) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const res = await app.inject(url);
    t.equal(res.statusCode, 200, `${url} is served`);
    const base = url === '/ui' ? '/ui/' : url;
    const refs = [
      ...[...res.body.matchAll(/(?:src|href)="([^"#]+)"/g)].map((m) => m[1]!),
      ...[...res.body.matchAll(/^\s*import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]!),
    ];
    for (const ref of refs) queue.push(new URL(ref, `http://sandbox${base}`).pathname);
    const hosts = [...res.body.matchAll(/\b(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/gi)].map((m) => m[0]).filter((h) => h !== 'http://www.w3.org');
    t.same(hosts, [], `${url} names no other host`);
  }
  t.ok(['/ui/app.js', '/ui/style.css', '/ui/layout.js', '/ui/diagram.js', '/ui/i18n.js', '/ui/api.js', '/ui/calendar.js'].every((u) => seen.has(u)), `the page loads ${[...seen].join(', ')}`);
});

t.test('the assets are read from the package root, where src/ and dist/ both find them', async (t) => {
  t.match(UI_ASSETS_DIR.pathname, /\/src\/ui\/assets\/$/);
  t.equal(readFileSync(new URL('index.html', UI_ASSETS_DIR), 'utf8'), (await app.inject('/ui')).body);
});

t.test('GET /ui/api/working-days describes each date as the sandbox calendar does', async (t) => {
  const res = await app.inject('/ui/api/working-days?from=2026-02-25&to=2026-04-05');
  t.equal(res.statusCode, 200);
  const body = res.json() as { from: string; to: string; days: { date: string; working: boolean; reason: string; holiday?: unknown }[] };
  t.equal(body.days.length, 40, 'every date of the range, both ends included');
  t.equal(body.days[0]!.date, '2026-02-25');
  t.equal(body.days.at(-1)!.date, '2026-04-05');
  const calendar = kazakhCalendar();
  for (const day of body.days) t.same(day, JSON.parse(JSON.stringify(calendar.describe(day.date))), day.date);
  t.ok(body.days.some((d) => !d.working && d.holiday), 'the range holds a public holiday with its name');
});

t.test('a bad range of dates is a 400 problem', async (t) => {
  for (const query of ['from=2026-02-30&to=2026-03-01', 'from=2026-03-05&to=2026-03-01', 'from=2026-01-01&to=2027-03-01', 'from=2026-1-1&to=2026-01-02', 'from=2026-01-01']) {
    const res = await app.inject(`/ui/api/working-days?${query}`);
    t.equal(res.statusCode, 400, query);
    t.match(res.headers['content-type'], /^application\/problem\+json/);
    t.match(res.json().code, /^(UI_DATES_INVALID|VALIDATION_FAILED)$/);
  }
});

t.test("every word of the page's own is given in Kazakh, Russian and English", async (t) => {
  const i18n = (await import(new URL('i18n.js', UI_ASSETS_DIR).href)) as {
    LANGUAGES: string[];
    wordKeys: () => string[];
    translate: (lang: string, key: string, values?: Record<string, string>) => string;
  };
  t.same(i18n.LANGUAGES, ['kk', 'ru', 'en']);
  for (const key of i18n.wordKeys()) {
    const words = i18n.LANGUAGES.map((lang) => i18n.translate(lang, key));
    t.ok(words.every((w) => w.trim().length > 0), `${key} in every language`);
    const placeholders = words.map((w) => [...w.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(','));
    t.equal(new Set(placeholders).size, 1, `${key} has the same placeholders in every language`);
  }
  const keys = new Set(i18n.wordKeys());
  const used = new Set<string>();
  for (const file of ['index.html', 'app.js']) {
    const text = readFileSync(new URL(file, UI_ASSETS_DIR), 'utf8');
    for (const m of text.matchAll(/data-i18n="(\w+)"|\bt\('(\w+)'/g)) used.add((m[1] ?? m[2])!);
  }
  for (const key of used) t.ok(keys.has(key), `${key} is a word the page knows`);
});
