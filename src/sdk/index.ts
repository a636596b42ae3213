/**
 * `kz-egov-sandbox/sdk`: the typed client of the sandbox. The one curated entry: everything a user imports is
 * exported here, nothing else is public.
 *
 * ```ts
 * import { createClient, SandboxProblemError } from 'kz-egov-sandbox/sdk';
 * const client = createClient({ tenant: 'my-run' });
 * await client.portal.login('900115300013');
 * const submitted = await client.portal.submit({ service: 'legal-stats-admin-offence-info' });
 * const done = await client.portal.followToOutcome(submitted.id);
 * done.outcome?.code; // ADMIN_OFFENCE_NO_RECORDS
 * ```
 * @see ../../docs/sdk.md
 */
export { createClient, DEFAULT_SHEP_SENDER, type ClientOptions, type SandboxClient } from './client.js';
export { DEFAULT_BASE_URL, DEFAULT_CONNECTIONS, DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS, type RetryEvent, type RetryOptions } from './transport.js';
export {
  SandboxError,
  SandboxNetworkError,
  SandboxProblemError,
  SandboxProtocolError,
  SandboxTimeoutError,
  ShepFaultError,
  type ProblemDetails,
  type RequestInfo,
  type ShepFaultDetail,
} from './errors.js';
export { DEFAULT_PKCS12_PASSWORD, signerFromPem, signerFromPkcs12, signSoap, signXml, type Signer, type WsSecurityOptions } from './signing.js';
export { buildSendMessage, elementToJson, type ShepMessage, type ShepResponse, type XmlJson } from './soap.js';
export { DEFAULT_PORTAL_PASSWORD, type FollowOptions, type SigningChoice } from './context.js';
export type { ApplicationDocumentInput, PortalApi, PortalSubmitInput, SessionOption } from './portal.js';
export type { ApplicationFilter, ChannelSubmitInput, ProviderApi, StateCorporationApi } from './channels.js';
export type { SendMessageOptions, ShepApi } from './shep.js';
export type { AisSuApi, ElicenseApi, GbdflApi, IdempotencyOption, LegalStatsApi, NotaryApi, PaymentsApi } from './systems.js';
export type { KeyUsage, PkiApi, VerifyOptions } from './pki.js';
export type { AdminApi, JournalFilter } from './admin.js';
export type {
  ApplicationStatus,
  ApplicationView,
  Cabinet,
  ChannelId,
  Citation,
  ClockState,
  FaultSpec,
  JournalEntry,
  JsonObject,
  LocalisedText,
  Outcome,
  OutcomeCode,
  PortalSession,
  Regulation,
  ResultDocument,
  ServiceSummary,
  SubmissionInput,
  TimelineEntry,
} from './types.js';
