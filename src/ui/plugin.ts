/**
 * The demo page at /ui (issue 7). Placeholder until the page lands: answers 404 problem+json for every path.
 */
import type { FastifyInstance } from 'fastify';

export async function uiPlugin(_app: FastifyInstance): Promise<void> {}
