/**
 * `buildServer(options)`: the whole sandbox as one Fastify instance, not yet listening.
 * Tests use `app.inject()`; only the CLI listens.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { adminPlugin } from './admin/routes.js';
import { resolveConfig, type SandboxOptions } from './core/config.js';
import { frameworkErrorProblem, type Sandbox, sandboxCorePlugin } from './core/sandbox-plugin.js';
import { DOC_KEYWORDS, loadSchemas, packageVersion, strictDateTime } from './core/schemas.js';
import { TenantStore } from './core/tenant-store.js';
import { BUNDLED_PERSONAS_DIR, indexPersonas, loadPersonaDir } from './personas/loader.js';
import { PersonaValidator } from './personas/persona.js';
import { PersonaRegistry } from './personas/registry.js';
import { edsPlugin, PkiService, pkiAdminPlugin, pkiPlugin } from './pki/index.js';
import { edsSignaturePlugin } from './pki/xmldsig/eds-signature-routes.js';
import { gatewayPlugin, GatewayServiceRegistry } from './systems/gateway/routes.js';
import { gbdflShepService } from './systems/gbdfl/shep.js';
import { gbdflPlugin, GbdflService } from './systems/gbdfl/routes.js';
import { paymentsPlugin, PaymentsService } from './systems/payments/routes.js';
import { paymentsShepServices } from './systems/payments/shep.js';
import { elicensePlugin, ElicenseService } from './systems/elicense/routes.js';
import { elicenseShepServices } from './systems/elicense/shep.js';
import { stateCorporationPlugin, StateCorporationService } from './systems/state-corporation/routes.js';
import { stateCorporationShepServices } from './systems/state-corporation/shep.js';
import { notaryPlugin, NotaryService } from './systems/notary/routes.js';
import { notaryShepServices } from './systems/notary/shep.js';
import { legalStatsPlugin, LegalStatsService } from './systems/legal-stats/routes.js';
import { legalStatsShepServices } from './systems/legal-stats/shep.js';
import { calendarWith, kazakhCalendar } from './core/calendar.js';
import { signEnveloped } from './pki/xmldsig/sign.js';
import { loadRegulationDir, RegulationCatalogue } from './regulations/catalogue.js';
import { RegulationService } from './regulations/service.js';
import { providerPlugin, stateCorporationChannelPlugin } from './systems/portal/channel-routes.js';
import { portalPlugin } from './systems/portal/routes.js';
import { adminSigningPlugin } from './admin/signing-routes.js';
import { uiPlugin } from './ui/plugin.js';
import { aisSuPlugin, AisSuService } from './systems/ais-su/routes.js';
import { aisSuShepServices } from './systems/ais-su/shep.js';

export type { SandboxOptions } from './core/config.js';

/** Loads the personas (bundled, then each `--personas` folder); throws naming the file and field on a bad one. */
export function loadPersonas(options: SandboxOptions): PersonaRegistry {
  const validator = new PersonaValidator();
  const dirs = [...(options.withoutBundledPersonas ? [] : [BUNDLED_PERSONAS_DIR]), ...(options.personasDirs ?? [])];
  return new PersonaRegistry(indexPersonas(dirs.flatMap((dir) => loadPersonaDir(dir, validator))));
}

export async function buildServer(options: SandboxOptions = {}): Promise<FastifyInstance> {
  const config = resolveConfig(options);
  const personas = loadPersonas(options);
  const gbdfl = new GbdflService(personas);
  const shep = new GatewayServiceRegistry();
  shep.register(gbdflShepService(gbdfl));
  const tenants = new TenantStore(options.realNow);
  const payments = new PaymentsService(personas, tenants, options.payments, {
    // Notifications carry an enveloped XMLDSig with the sandbox's own system key (the gateway's `shep` credential).
    signNotification: (xml: string): string => signEnveloped(xml, sandbox.pki.systemCredential('shep')),
  });
  for (const service of paymentsShepServices(payments)) shep.register(service);
  const elicense = new ElicenseService(personas);
  for (const service of elicenseShepServices(elicense)) shep.register(service);
  const stateCorporation = new StateCorporationService(personas, {
    // Forwarded requests carry an enveloped XMLDSig with the operator's SIGN key (seed 003 L47 / L147).
    signAsOperator: async (tenant, iin, xml): Promise<string | null> => {
      const credential = await sandbox.pki.keyPairOf(tenant, iin, 'sign');
      return credential ? signEnveloped(xml, credential) : null;
    },
  });
  for (const service of stateCorporationShepServices(stateCorporation)) shep.register(service);
  const notary = new NotaryService(personas);
  for (const service of notaryShepServices(notary)) shep.register(service);
  const legalStats = new LegalStatsService(personas, options.legalStats);
  for (const service of legalStatsShepServices(legalStats)) shep.register(service);
  const aisSu = new AisSuService(personas, {
    calendar: kazakhCalendar(),
    // Certificates are signed with the sandbox's own system key (the gateway's `shep` credential).
    signCertificate: (xml: string): string => signEnveloped(xml, sandbox.pki.systemCredential('shep')),
  });
  for (const service of aisSuShepServices(aisSu)) shep.register(service);
  const sandbox = {
    config,
    tenants,
    personas,
    pki: new PkiService({ personas, publicUrl: config.publicUrl }),
    gbdfl,
    payments,
    elicense,
    stateCorporation,
    notary,
    legalStats,
    aisSu,
    shep,
    // The engine reaches the systems through the gateway, in process: it needs the server, built below.
    regulations: new RegulationService(() => app, new RegulationCatalogue(loadRegulationDir(options.regulationsDir)), calendarWith(options.calendar)),
  } satisfies Sandbox;

  const app = Fastify({
    logger: options.logger ?? true,
    bodyLimit: config.bodyLimit,
    // The core plugin answers requests that arrive while closing with problem+json SHUTTING_DOWN instead.
    return503OnClosing: false,
    frameworkErrors: frameworkErrorProblem,
    // Unknown fields are an error, not silently dropped; documentation keywords of ours are allowed.
    // strictDateTime goes in onCreate: it must replace ajv-formats' date-time, which Fastify adds after plugins.
    ajv: { customOptions: { removeAdditional: false, keywords: DOC_KEYWORDS }, onCreate: strictDateTime },
  });

  for (const schema of loadSchemas()) app.addSchema(schema);
  // The core first: its error handler and tenant hook then cover every route, Swagger UI's included.
  await app.register(sandboxCorePlugin, sandbox);


  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'kz-egov-sandbox',
        version: packageVersion(),
        description:
          "A local sandbox of Kazakhstan's e-government systems. Every route may take `X-Sandbox-Tenant` to isolate state, journal, clock and faults.",
      },
      tags: [
        { name: 'gbdfl', description: 'ЖТ МДҚ / GBD FL: the population register' },
        { name: 'pki', description: 'ҰКО / NCA RK test PKI: CA certificates, persona certificates and keys, CRL, OCSP' },
        { name: 'eds', description: 'ЭЦҚ / EDS: certificate and signature verification' },
        { name: 'ais-su', description: '"АИС СУ" АЖ: special records (criminal records, certificates, archive)' },
        { name: 'legal-stats', description: 'ҚР БП ҚСЖАЕК АЖ: legal statistics (administrative offences) and the register checks of seed 002 (ББТ)' },
        { name: 'notary', description: 'БНАЖ / ЕНИС: unified notary information system (powers of attorney)' },
        { name: 'payments', description: 'ЭҮТШ: the e-gov payment gateway (invoices, sandbox bank, notifications)' },
        { name: 'elicense', description: '"Е-лицензиялау" АЖ: the licence register (issue, re-issue, duplicate)' },
        { name: 'state-corporation', description: 'State Corporation operator workstation (ЫАЖ АЖО) and ӨЭҮШ АЖО: package checks, receipts, forwarded requests, results' },
        { name: 'shep', description: 'ЭҮШ / SHEP: the e-gov gateway (SOAP)' },
        { name: 'portal', description: 'ЭҮП / e-gov portal: login, the services and their regulations, applications, the personal cabinet, refusal codes' },
        { name: 'provider', description: "The service provider's channel (көрсетілетін қызметті беруші): applications and the human decisions" },
        { name: 'admin', description: 'Test control' },
        { name: 'ui', description: 'The demo page and its working-day calendar' },
        { name: 'health', description: 'Liveness' },
      ],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get(
    '/health',
    {
      schema: {
        summary: 'Liveness',
        tags: ['health'],
        operationId: 'health',
        response: { 200: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } } },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  await app.register(adminPlugin, { prefix: '/__admin' });
  await app.register(pkiAdminPlugin, { prefix: '/__admin/certificates' });
  await app.register(pkiPlugin, { prefix: '/pki' });
  await app.register(edsPlugin, { prefix: '/eds' });
  await app.register(edsSignaturePlugin, { prefix: '/eds' });
  await app.register(gbdflPlugin, { prefix: '/gbdfl' });
  await app.register(paymentsPlugin, { prefix: '/payments' });
  await app.register(aisSuPlugin, { prefix: '/ais-su' });
  await app.register(legalStatsPlugin, { prefix: '/legal-stats' });
  await app.register(notaryPlugin, { prefix: '/notary' });
  // Where the effects of outcomes show (the licence register, the State Corporation's forwardings, the gateway that
  // reads them, the applications): outcomes the tenant's clock has reached take effect before such a request is
  // handled. Only these routes carry the hook, so the other systems' reads do not pay for it.
  await app.register(async (withOutcomes) => {
    withOutcomes.addHook('preHandler', (request, _reply, done) => {
      const regulations = app.sandbox.regulations;
      if (!regulations.hasDue(request.tenant)) return done();
      regulations.settle(request.tenant).then(() => done(), done);
    });
    await withOutcomes.register(elicensePlugin, { prefix: '/elicense' });
    await withOutcomes.register(stateCorporationPlugin, { prefix: '/state-corporation' });
    await withOutcomes.register(gatewayPlugin, { prefix: '/shep' });
    await withOutcomes.register(portalPlugin, { prefix: '/portal' });
    await withOutcomes.register(providerPlugin, { prefix: '/provider' });
    await withOutcomes.register(stateCorporationChannelPlugin, { prefix: '/state-corporation' });
  });
  await app.register(adminSigningPlugin, { prefix: '/__admin' });
  await app.register(uiPlugin, { prefix: '/ui' });
  return app;
}
