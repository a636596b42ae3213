/**
 * The demo page at `/ui` (issue 7): plain HTML, CSS and ES modules committed in `src/ui/assets/`, read once
 * when the server is built and served with their content types, a strict Content-Security-Policy and ETag
 * revalidation; and the one JSON route the page needs beyond the public API, the Kazakh working-day
 * calendar over a range of dates (so the page can move the clock by working days and count them).
 * Everything else the page does goes through the sandbox's own routes.
 * @see ../../docs/ui.md
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addCalendarDays, kazakhCalendar } from '../core/calendar.js';
import { defineProblems } from '../core/problem.js';
import { PACKAGE_ROOT } from '../core/schemas.js';

/** Where the page's files live, from src/ or dist/ alike (the package must ship `src/ui/assets/`). */
export const UI_ASSETS_DIR = new URL('src/ui/assets/', PACKAGE_ROOT);

/** Nothing but the sandbox itself: no inline script or style, no other host, no framing, no forms posted anywhere. */
export const UI_CONTENT_SECURITY_POLICY = "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The longest range of dates one calendar request answers. */
export const MAX_CALENDAR_DAYS = 400;

export const uiProblems = defineProblems('ui', {
  UI_ASSET_NOT_FOUND: { status: 404, title: 'No such file of the demo page' },
  UI_DATES_INVALID: { status: 400, title: 'Invalid range of dates' },
});

export interface UiAsset {
  body: Buffer;
  contentType: string;
  etag: string;
}

/** Reads the page's files (those of a served type) once; the map's keys are the file names. */
export function loadUiAssets(dir: URL = UI_ASSETS_DIR): Map<string, UiAsset> {
  const assets = new Map<string, UiAsset>();
  for (const name of readdirSync(dir).sort()) {
    const contentType = CONTENT_TYPES[extname(name)];
    if (!contentType) continue;
    const body = readFileSync(new URL(name, dir));
    assets.set(name, { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` });
  }
  if (!assets.has('index.html')) throw new Error(`the demo page's index.html is missing from ${dir.pathname}`);
  return assets;
}

const binaryOf = (type: string, description: string) => ({ description, content: { [type]: { schema: { type: 'string' } } } });
const notModified = { description: 'Not modified: the If-None-Match ETag is current', type: 'null' } as const;
const problemRef = { $ref: 'Problem#' };
const tags = ['ui'];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isCalendarDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export async function uiPlugin(app: FastifyInstance): Promise<void> {
  const assets = loadUiAssets();

  const send = (request: FastifyRequest, reply: FastifyReply, asset: UiAsset): FastifyReply => {
    reply
      .header('content-security-policy', UI_CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      // Revalidate every time: the files change with the package, and a 304 costs one round trip.
      .header('cache-control', 'no-cache')
      .header('etag', asset.etag);
    const match = request.headers['if-none-match'];
    if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === asset.etag)) return reply.code(304).send();
    return reply.type(asset.contentType).send(asset.body);
  };

  app.get(
    '/',
    {
      schema: {
        summary: 'The demo page: services, their step graphs, personas, submission, timeline, clock and faults',
        tags,
        operationId: 'uiPage',
        response: { 200: binaryOf('text/html', 'The page (HTML)'), 304: notModified },
      },
    },
    async (request, reply) => send(request, reply, assets.get('index.html')!),
  );

  app.get<{ Querystring: { from: string; to: string } }>(
    '/api/working-days',
    {
      schema: {
        summary: 'The Kazakh working-day calendar over a range of dates (for the demo page)',
        description: `Every date from \`from\` to \`to\` (both included, at most ${MAX_CALENDAR_DAYS} days): working or not, why, and the holiday's name.`,
        tags,
        operationId: 'uiWorkingDays',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['from', 'to'],
          properties: { from: { type: 'string', pattern: ISO_DATE.source }, to: { type: 'string', pattern: ISO_DATE.source } },
        },
        response: {
          200: {
            type: 'object',
            required: ['from', 'to', 'days'],
            properties: {
              from: { type: 'string' },
              to: { type: 'string' },
              days: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['date', 'working', 'reason'],
                  properties: {
                    date: { type: 'string' },
                    working: { type: 'boolean' },
                    reason: { type: 'string', enum: ['weekday', 'weekend', 'holiday', 'holiday-moved', 'kurban-ait', 'transfer-off', 'transfer-work'] },
                    holiday: { type: 'object', properties: { kk: { type: 'string' }, ru: { type: 'string' }, en: { type: 'string' } } },
                  },
                },
              },
            },
          },
          400: problemRef,
        },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      for (const date of [from, to]) if (!isCalendarDate(date)) throw uiProblems.UI_DATES_INVALID(`${date} is not a calendar date (YYYY-MM-DD)`);
      const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
      if (span < 0 || span >= MAX_CALENDAR_DAYS) throw uiProblems.UI_DATES_INVALID(`from ${from} to ${to}: give a range of 1 to ${MAX_CALENDAR_DAYS} days, from before to`);
      const calendar = kazakhCalendar();
      const days = [];
      for (let date = from; date <= to; date = addCalendarDays(date, 1)) days.push(calendar.describe(date));
      return { from, to, days };
    },
  );

  app.get<{ Params: { asset: string } }>(
    '/:asset',
    {
      schema: {
        summary: "A file of the demo page (app.js, style.css, the page's other modules)",
        tags,
        operationId: 'uiAsset',
        params: { type: 'object', required: ['asset'], properties: { asset: { type: 'string', maxLength: 100 } } },
        response: {
          200: {
            description: 'The file, as JavaScript, CSS, HTML or SVG',
            content: Object.fromEntries(Object.values(CONTENT_TYPES).map((type) => [type.split(';')[0]!, { schema: { type: 'string' } }])),
          },
          304: notModified,
          404: problemRef,
        },
      },
    },
    async (request, reply) => {
      const asset = assets.get(request.params.asset);
      if (!asset) throw uiProblems.UI_ASSET_NOT_FOUND(`The demo page has no file ${JSON.stringify(request.params.asset.slice(0, 100))}; it starts at /ui`);
      return send(request, reply, asset);
    },
  );
}
