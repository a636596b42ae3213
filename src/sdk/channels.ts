/**
 * The regulations' other channels: the service provider's (the employee enters and signs the application; the
 * provider API takes human decisions) and the State Corporation's (the operator signs; the workstation's
 * sessions, package checks, forwardings to ӨЭҮШ АЖО, results and handover).
 * @see ../../docs/systems/state-corporation.md
 * @see ../../docs/sdk.md#provider-and-state-corporation
 */
import type { FollowOptions, SdkContext, SigningChoice } from './context.js';
import { DEFAULT_PORTAL_PASSWORD } from './context.js';
import type { ApplicationStatus, ApplicationView, JsonObject, SubmissionInput } from './types.js';

/** A submission on the provider or State Corporation channel: the applicant is required; who signs is optional. */
export type ChannelSubmitInput = SubmissionInput & { applicantIin: string } & SigningChoice;

/** Filter of `provider.applications`. */
export interface ApplicationFilter {
  status?: ApplicationStatus;
  service?: string;
  applicantIin?: string;
}

/** The provider area of a client (`client.provider`). */
export interface ProviderApi {
  /**
   * Submits through the provider's channel (`POST /provider/applications`), signed by a provider employee: `signer`,
   * or `signWith.iin`, default the tenant's first persona with the trait `provider-employee` (through `POST /__admin/sign`).
   */
  submit(input: ChannelSubmitInput): Promise<ApplicationView>;
  /** Applications of every channel, filtered (`GET /provider/applications`). */
  applications(filter?: ApplicationFilter): Promise<ApplicationView[]>;
  /** An application of any channel (`GET /provider/applications/{id}`). */
  application(id: string): Promise<ApplicationView>;
  /** Takes the decision the application waits for (its `pending.check`): true / false or a branch name. */
  decide(id: string, check: string, value: boolean | string): Promise<ApplicationView>;
  /** Follows any channel's application to its outcome (decisions as asked, then the clock to the deadline). */
  followToOutcome(id: string, options?: FollowOptions): Promise<ApplicationView>;
}

/** The State Corporation area of a client (`client.stateCorporation`). */
export interface StateCorporationApi {
  /**
   * Submits through the State Corporation's channel (`POST /state-corporation/applications`), signed by an operator:
   * `signer`, or `signWith.iin`, default the tenant's first `sc-operator` persona (through `POST /__admin/sign`).
   */
  submit(input: ChannelSubmitInput): Promise<ApplicationView>;
  /**
   * Opens an operator session (`POST /state-corporation/sessions`); its token becomes the client's default for the
   * workstation calls that need one.
   * @param password default: the persona's `portal.password`, else `Sandbox-2026`
   */
  login(iin: string, password?: string): Promise<{ token: string; [k: string]: unknown }>;
  /** Closes the operator session (`DELETE /state-corporation/sessions/current`). */
  logout(): Promise<void>;
  /** The workstation's service catalogue: documents required, storage periods. */
  services(): Promise<JsonObject>;
  /** Changes a service's documents or storage periods for this tenant (`PUT /state-corporation/services/{slug}`). */
  configureService(slug: string, patch: { documents?: JsonObject[]; resultRetention?: string | null; documentRetention?: string | null }): Promise<JsonObject>;
  /** Checks a package's completeness (`POST /state-corporation/package-checks`): `accepted`, or `refused` with a receipt. Needs a session. */
  checkPackage(input: { service: string; applicantIin: string; representativeIin?: string; documents: string[] }): Promise<JsonObject>;
  packageCheck(id: string): Promise<JsonObject>;
  /** A receipt of refusal to accept (`GET /state-corporation/receipts/{number}`). */
  receipt(number: string): Promise<JsonObject>;
  /** Forwards an accepted package to ӨЭҮШ АЖО, signed by the operator (`POST /state-corporation/forwardings`). Needs a session. */
  forward(input: { packageCheckId: string; powerOfAttorneyNumber?: string }): Promise<JsonObject>;
  forwardings(filter?: { applicantIin?: string; status?: string }): Promise<JsonObject[]>;
  forwarding(id: string): Promise<JsonObject>;
  /** The provider's result reaches the State Corporation (`POST /state-corporation/forwardings/{id}/result`). */
  deliverResult(id: string, input: { kind: 'result' | 'reasoned-refusal'; [field: string]: unknown }): Promise<JsonObject>;
  /** The applicant collects the result; the operator marks it (`POST /state-corporation/forwardings/{id}/handover`). Needs a session. */
  handover(id: string): Promise<JsonObject>;
}

async function channelSubmit(ctx: SdkContext, channel: 'provider' | 'stateCorporation', input: ChannelSubmitInput): Promise<ApplicationView> {
  const { signer, signWith, ...submission } = input;
  const { variant, documents } = await ctx.defaults(submission.service, channel, submission.variant, submission.documents);
  const form = submission.form ?? {};
  const document = (
    await ctx.transport.json<{ document: string }>({
      method: 'POST',
      path: '/portal/applications/document',
      json: {
        service: submission.service,
        variant,
        applicantIin: submission.applicantIin,
        ...(submission.representativeIin ? { representativeIin: submission.representativeIin } : {}),
        channel,
        form,
        documents,
      },
    })
  ).document;
  const fallback = signer || signWith ? undefined : await ctx.personaWithTrait(channel === 'provider' ? 'provider-employee' : 'sc-operator');
  const signedXml = await ctx.sign(document, { ...(signer ? { signer } : {}), ...(signWith ? { signWith } : {}) }, fallback);
  return ctx.transport.json<ApplicationView>({
    method: 'POST',
    path: channel === 'provider' ? '/provider/applications' : '/state-corporation/applications',
    json: { ...submission, variant, form, documents, signedXml },
  });
}

/** Builds the provider area over a client's context. @see ../../docs/sdk.md#provider-and-state-corporation */
export function providerApi(ctx: SdkContext): ProviderApi {
  const { transport } = ctx;
  const application = (id: string) => transport.json<ApplicationView>({ method: 'GET', path: `/provider/applications/${encodeURIComponent(id)}` });
  return {
    submit: (input) => channelSubmit(ctx, 'provider', input),
    async applications(filter = {}) {
      return (await transport.json<{ applications: ApplicationView[] }>({ method: 'GET', path: '/provider/applications', query: { ...filter } })).applications;
    },
    application,
    decide: (id, check, value) => transport.json<ApplicationView>({ method: 'POST', path: `/provider/applications/${encodeURIComponent(id)}/decisions`, json: { check, value } }),
    followToOutcome: (id, options = {}) => ctx.follow(() => application(id), id, options),
  };
}

/** Builds the State Corporation area over a client's context. @see ../../docs/systems/state-corporation.md */
export function stateCorporationApi(ctx: SdkContext): StateCorporationApi {
  const { transport, state } = ctx;
  const base = '/state-corporation';
  const session = (): Record<string, string> => {
    if (!state.operatorToken) throw new TypeError('no operator session: call client.stateCorporation.login() first');
    return { authorization: `Bearer ${state.operatorToken}` };
  };
  return {
    submit: (input) => channelSubmit(ctx, 'stateCorporation', input),
    async login(iin, password) {
      let secret = password;
      if (secret === undefined) {
        const persona = await transport.json<JsonObject>({ method: 'GET', path: `/__admin/personas/${encodeURIComponent(iin)}` }).catch(() => undefined);
        secret = (persona?.portal?.password as string | undefined) ?? DEFAULT_PORTAL_PASSWORD;
      }
      const answer = await transport.json<{ token: string }>({ method: 'POST', path: `${base}/sessions`, json: { iin, password: secret } });
      state.operatorToken = answer.token;
      return answer;
    },
    async logout() {
      if (!state.operatorToken) return;
      await transport.json({ method: 'DELETE', path: `${base}/sessions/current`, headers: session() });
      delete state.operatorToken;
    },
    services: () => transport.json({ method: 'GET', path: `${base}/services` }),
    configureService: (slug, patch) => transport.json({ method: 'PUT', path: `${base}/services/${encodeURIComponent(slug)}`, json: patch }),
    checkPackage: async (input) => transport.json({ method: 'POST', path: `${base}/package-checks`, headers: session(), json: input }),
    packageCheck: (id) => transport.json({ method: 'GET', path: `${base}/package-checks/${encodeURIComponent(id)}` }),
    receipt: (number) => transport.json({ method: 'GET', path: `${base}/receipts/${encodeURIComponent(number)}` }),
    forward: async (input) => transport.json({ method: 'POST', path: `${base}/forwardings`, headers: session(), json: input }),
    async forwardings(filter = {}) {
      const answer = await transport.json<JsonObject>({ method: 'GET', path: `${base}/forwardings`, query: { ...filter } });
      return (answer.forwardings ?? answer) as JsonObject[];
    },
    forwarding: (id) => transport.json({ method: 'GET', path: `${base}/forwardings/${encodeURIComponent(id)}` }),
    deliverResult: (id, input) => transport.json({ method: 'POST', path: `${base}/forwardings/${encodeURIComponent(id)}/result`, json: input }),
    handover: async (id) => transport.json({ method: 'POST', path: `${base}/forwardings/${encodeURIComponent(id)}/handover`, headers: session() }),
  };
}
