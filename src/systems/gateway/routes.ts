/**
 * The SHEP e-gov gateway (ЭҮШ, "электрондық үкімет шлюзі"): `POST /shep/bip-sync` takes a SOAP 1.1
 * SyncChannel `SendMessage`, authenticates the sender, routes by `serviceId` to a system and answers
 * `SendMessageResponse`, or a SOAP Fault with ErrorInfo. `GET /shep/bip-sync?wsdl` serves the WSDL.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Document } from '@xmldom/xmldom';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { commonProblems, ProblemError } from '../../core/problem.js';
import { sendProblem, toProblem } from '../../core/sandbox-plugin.js';
import { SystemFaultError } from '../../core/system-call.js';
import { parseXmlSafely, XmlRefusedError } from '../../core/xml.js';
import { GATEWAY_FAULTS, GatewayFault, XML_REFUSAL_FAULTS } from './faults.js';
import { GatewayServiceRegistry, type RoutedService } from './services.js';
import { readSendMessage, type SyncMessageInfo, writeFault, writeSendMessageResponse } from './soap.js';
import { buildWsdl, buildXsd } from './wsdl.js';
import { registerWssRoute } from './wss-routes.js';

declare module '../../core/sandbox-plugin.js' {
  interface Sandbox {
    /** The services the SHEP gateway routes, by serviceId. */
    shep: GatewayServiceRegistry;
  }
}

export { GatewayServiceRegistry };

const XML_CONTENT_TYPES = ['text/xml', 'application/soap+xml', 'application/xml'];
const SOAP_CONTENT_TYPE = 'text/xml; charset=utf-8';

/** What an endpoint adds around SendMessage handling (journal channel name, checks on the envelope, the answer's seal). */
export interface SendMessageChannel {
  /** The journal's `channel`. */
  name: string;
  /** Checks the parsed envelope; returns the document to read the message from. Throws a GatewayFault to refuse. */
  accept?(request: FastifyRequest, envelope: Document): Document | Promise<Document>;
  /** Transforms the answer before it is sent (not faults). */
  seal?(request: FastifyRequest, response: string): string;
}

const PLAIN_CHANNEL: SendMessageChannel = { name: 'bip-sync' };

/** Maps anything thrown while handling a message to the fault the sender sees. */
function toGatewayFault(error: unknown, request: FastifyRequest): GatewayFault {
  if (error instanceof GatewayFault) return error;
  if (error instanceof XmlRefusedError) return new GatewayFault(XML_REFUSAL_FAULTS[error.reason], error.message);
  if (error instanceof SystemFaultError) {
    return new GatewayFault(error.kind === 'timeout' ? 'SYSTEM_TIMEOUT' : 'SYSTEM_UNAVAILABLE', error.message, error.system);
  }
  if (error instanceof ProblemError) {
    if (error.code === 'IIN_INVALID') return new GatewayFault('IIN_INVALID', error.detail);
    if (error.code === 'SHUTTING_DOWN') return new GatewayFault('SYSTEM_UNAVAILABLE', error.detail, 'gateway');
    return new GatewayFault('INVALID_FIELD', error.detail, error.code === 'TENANT_INVALID' ? 'X-Sandbox-Tenant' : undefined);
  }
  const fe = error as FastifyError;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new GatewayFault('BODY_TOO_LARGE', `the body exceeds ${request.server.sandbox.config.bodyLimit} bytes`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new GatewayFault('UNSUPPORTED_MEDIA_TYPE', `Content-Type ${request.headers['content-type'] ?? '(none)'} is not accepted; send text/xml; charset=utf-8`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new GatewayFault('EMPTY_BODY', 'the request has no body');
  }
  // Anything else Fastify refuses with a 4xx (a Content-Length that does not match the body, an aborted
  // upload) is the client's doing: a fault, not an error in the sandbox log.
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new GatewayFault('BAD_HTTP_REQUEST', fe.message);
  }
  request.log.error({ err: error }, 'gateway failed to handle a message');
  return new GatewayFault('INTERNAL', 'the gateway failed to handle the request; see the sandbox log');
}

/** Runs the routed service, answering SYSTEM_TIMEOUT if it takes longer than the gateway waits. */
async function withUpstreamTimeout<T>(work: Promise<T>, timeoutMs: number, system: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new GatewayFault('SYSTEM_TIMEOUT', `${system} did not answer within ${timeoutMs} ms`, system)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function gatewayPlugin(app: FastifyInstance): Promise<void> {
  const { config, shep } = app.sandbox;

  // Only XML is accepted here (JSON or form bodies get UNSUPPORTED_MEDIA_TYPE), and as raw bytes:
  // the gateway checks the encoding itself before any parser sees them.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(XML_CONTENT_TYPES, { parseAs: 'buffer', bodyLimit: config.bodyLimit }, (_req, body, done) => done(null, body));

  function answerFault(
    request: FastifyRequest,
    reply: FastifyReply,
    fault: GatewayFault,
    info?: Partial<SyncMessageInfo>,
    started?: number,
    channel = 'bip-sync',
  ): FastifyReply {
    const spec = GATEWAY_FAULTS[fault.code];
    const tenant = request.tenant;
    const now = tenant ? tenant.clock.now() : new Date();
    if (tenant) {
      tenant.journal.append({
        time: now.toISOString(),
        tenant: tenant.name,
        channel,
        serviceId: info?.serviceId ?? null,
        senderId: info?.sender?.senderId ?? null,
        messageId: info?.messageId ?? null,
        status: fault.code,
        ok: false,
        durationMs: started === undefined ? 0 : performance.now() - started,
      });
    }
    request.log[spec.faultcode === 'soap:Server' ? 'warn' : 'info'](
      { fault: fault.code, messageId: info?.messageId, serviceId: info?.serviceId },
      `SOAP fault: ${fault.message}`,
    );
    return reply
      .code(spec.http)
      .type(SOAP_CONTENT_TYPE)
      .send(writeFault({ code: fault.code, message: fault.message, data: fault.data, faultcode: spec.faultcode }, now.toISOString()));
  }

  // Errors before the handler (media type, size, tenant header) on the SOAP endpoints become faults too: a SOAP
  // client reads only faults. The JSON and GET routes of this prefix keep the one problem shape.
  app.setErrorHandler((error, request, reply) => {
    if (request.method !== 'POST') return sendProblem(reply, toProblem(error as FastifyError, request));
    const channel = request.routeOptions.url?.endsWith('-wss') ? 'bip-sync-wss' : 'bip-sync';
    return answerFault(request, reply, toGatewayFault(error, request), undefined, undefined, channel);
  });

  app.get<{ Querystring: { wsdl?: string; xsd?: string } }>(
    '/bip-sync',
    {
      schema: {
        summary: 'The SyncChannel WSDL (`?wsdl`) or its schemas (`?xsd=sync`, `?xsd=gbdfl`)',
        tags: ['shep'],
        operationId: 'shepWsdl',
        querystring: { type: 'object', additionalProperties: false, properties: { wsdl: { type: 'string' }, xsd: { type: 'string', enum: ['', 'sync', 'gbdfl'] } } },
        response: { 200: { type: 'string', description: 'WSDL 1.1 or XML Schema' }, 405: { $ref: 'Problem#' } },
      },
    },
    async (request, reply) => {
      const base = `${request.protocol}://${request.host}`;
      if (request.query.xsd !== undefined) return reply.type(SOAP_CONTENT_TYPE).send(buildXsd(request.query.xsd || 'sync'));
      if (request.query.wsdl !== undefined) return reply.type(SOAP_CONTENT_TYPE).send(buildWsdl(`${base}${app.prefix}/bip-sync`));
      return sendProblem(reply, commonProblems.METHOD_NOT_ALLOWED('POST a SOAP SendMessage here, or GET ?wsdl for the WSDL'));
    },
  );

  /**
   * Handles one SyncChannel SendMessage: reads it, authenticates the sender, routes it and answers; `channel` adds
   * what an endpoint needs around it (`/bip-sync-wss` checks the WS-Security signature and signs the answer).
   */
  async function handleSendMessage(request: FastifyRequest, reply: FastifyReply, channel: SendMessageChannel = PLAIN_CHANNEL): Promise<FastifyReply> {
    const started = performance.now();
    const tenant = request.tenant;
    let info: SyncMessageInfo | undefined;
    try {
      const encoding = request.headers['content-encoding'];
      if (encoding !== undefined && !/^\s*identity\s*$/i.test(String(encoding))) {
        throw new GatewayFault('UNSUPPORTED_MEDIA_TYPE', `Content-Encoding ${String(encoding)} is not accepted; send the XML uncompressed`);
      }
      const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1];
      if (charset && !/^utf-?8$/i.test(charset)) throw new GatewayFault('NOT_UTF8', `charset ${charset} is not accepted; send UTF-8`);
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0) throw new GatewayFault('EMPTY_BODY', 'the request has no body');
      const message = readSendMessage(channel.accept ? await channel.accept(request, parseXmlSafely(body)) : parseXmlSafely(body));
      info = message.info;
      if (info.sender.senderId !== config.shep.senderId || info.sender.password !== config.shep.password) {
        throw new GatewayFault('SENDER_AUTH_FAILED', `sender ${info.sender.senderId} is unknown or its password is wrong`, 'request/requestInfo/sender');
      }
      const service: RoutedService | undefined = shep.get(info.serviceId);
      if (!service) {
        throw new GatewayFault('UNKNOWN_SERVICE', `no service is routed under serviceId ${info.serviceId}; GET /shep/services lists them`, info.serviceId);
      }
      const now = tenant.clock.now();
      const data = await withUpstreamTimeout(
        service.handle({ tenant, info, data: message.data, now }),
        config.shep.upstreamTimeoutMs,
        service.system,
      );
      const responseDate = tenant.clock.now().toISOString();
      tenant.journal.append({
        time: now.toISOString(),
        tenant: tenant.name,
        channel: channel.name,
        serviceId: info.serviceId,
        senderId: info.sender.senderId,
        messageId: info.messageId,
        status: 'SCSS001',
        ok: true,
        durationMs: performance.now() - started,
      });
      const response = writeSendMessageResponse({ messageId: randomUUID(), correlationId: info.messageId, responseDate, sessionId: info.sessionId }, data);
      return reply.type(SOAP_CONTENT_TYPE).send(channel.seal ? channel.seal(request, response) : response);
    } catch (error) {
      return answerFault(request, reply, toGatewayFault(error, request), info, started, channel.name);
    }
  }

  app.post(
    '/bip-sync',
    {
      schema: {
        summary: 'SOAP 1.1 SyncChannel SendMessage',
        description:
          'Body: a SOAP 1.1 envelope with `SendMessage` (namespace http://bip.bee.kz/SyncChannel/v10/Types). Answers `SendMessageResponse` (status SCSS001) or a SOAP Fault with `SendMessageFault1_SendMessageFault` whose errorCode is listed in docs/gateway.md.',
        tags: ['shep'],
        operationId: 'shepSendMessage',
        consumes: ['text/xml'],
        produces: ['text/xml'],
        response: {
          200: { type: 'string', description: 'SendMessageResponse' },
          413: { type: 'string', description: 'SOAP Fault BODY_TOO_LARGE' },
          415: { type: 'string', description: 'SOAP Fault UNSUPPORTED_MEDIA_TYPE' },
          500: { type: 'string', description: 'SOAP Fault with ErrorInfo' },
        },
      },
    },
    (request, reply) => handleSendMessage(request, reply),
  );

  registerWssRoute(app, handleSendMessage);

  app.get(
    '/services',
    {
      schema: {
        summary: 'The serviceIds the gateway routes',
        tags: ['shep'],
        operationId: 'shepServices',
        response: {
          200: {
            type: 'object',
            properties: {
              services: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['serviceId', 'system', 'description', 'realName'],
                  properties: { serviceId: { type: 'string' }, system: { type: 'string' }, description: { type: 'string' }, realName: { type: 'boolean' } },
                },
              },
            },
          },
        },
      },
    },
    async () => ({ services: shep.list().map(({ serviceId, system, description, realName }) => ({ serviceId, system, description, realName })) }),
  );
}
