/**
 * Worker thread of the benchmark: starts the sandbox and the bare reference server on loopback, away from
 * the load generator's thread. For each case it asks the sandbox once, then serves that answer (status,
 * content type, and the body as a JSON object or as the same bytes) from a bare Fastify route on the same path.
 * @see ./run.ts
 */
import { parentPort } from 'node:worker_threads';
import Fastify from 'fastify';
import { buildServer } from '../src/server.js';
import { BENCH_CASES } from './cases.js';

export type ServersReady =
  | { kind: 'ready'; sandboxUrl: string; bareUrl: string; skipped: Record<string, string> }
  | { kind: 'failed'; message: string };

const port = parentPort!;

async function start(): Promise<ServersReady> {
  const sandbox = await buildServer({ logger: false });
  const bare = Fastify({ logger: false });
  const skipped: Record<string, string> = {};
  for (const c of BENCH_CASES) {
    const probe = await sandbox.inject({ method: c.method, url: c.path, headers: c.headers, payload: c.body?.() });
    if (probe.statusCode !== c.expectStatus) {
      skipped[c.name] =
        probe.statusCode === 404
          ? `the sandbox has no route ${c.method} ${c.path} yet (404)`
          : `the sandbox answered ${probe.statusCode}, not ${c.expectStatus}: ${probe.body.slice(0, 200)}`;
      continue;
    }
    const contentType = String(probe.headers['content-type']);
    const answer: unknown = c.reference === 'json' ? probe.json() : probe.rawPayload;
    bare.route({ method: c.method, url: c.path, handler: (_request, reply) => reply.code(probe.statusCode).type(contentType).send(answer) });
  }
  // The reference accepts what the sandbox accepts, without parsing it.
  bare.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  const sandboxUrl = await sandbox.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
  return { kind: 'ready', sandboxUrl, bareUrl, skipped };
}

start().then(
  (ready) => port.postMessage(ready),
  (e: unknown) => port.postMessage({ kind: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies ServersReady),
);
