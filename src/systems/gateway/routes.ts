/** SHEP gateway (ЭҮШ): placeholder while the SOAP channel is written. */
import type { FastifyInstance } from 'fastify';

export async function gatewayPlugin(_app: FastifyInstance): Promise<void> {}
