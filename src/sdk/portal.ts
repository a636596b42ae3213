/**
 * The e-gov portal (egov.kz) and the personal cabinet, as an applicant uses them: login (password or EDS), the
 * services and their regulations, the application document, signed submission, applications and the cabinet.
 * @see ../../docs/sdk.md#portal
 */
import type { FollowOptions, SdkContext, SigningChoice } from './context.js';
import { DEFAULT_PORTAL_PASSWORD } from './context.js';
import { signXml, type Signer } from './signing.js';
import type { ApplicationView, Cabinet, JsonObject, OutcomeCode, PortalSession, Regulation, ServiceSummary, SubmissionInput } from './types.js';

/** What `portal.applicationDocument` takes: the fields the signed document names. */
export interface ApplicationDocumentInput {
  service: string;
  variant: string;
  applicantIin: string;
  representativeIin?: string;
  /** Default `portal`. */
  channel?: 'portal' | 'provider' | 'stateCorporation';
  /** Default `{}`. */
  form?: Record<string, unknown>;
  /** Default `[]`. */
  documents?: string[];
  /** Default: a new UUID (the same signed document twice is refused as a replay). */
  nonce?: string;
}

/** What `portal.submit` takes: the submission, who signs it, and the session (default the client's last login). */
export type PortalSubmitInput = SubmissionInput & SigningChoice & { token?: string };

/** A session token: given, or the client's last portal login. */
export interface SessionOption {
  /** Default: the token of the last `portal.login` / `portal.loginWithEds` of this client. */
  token?: string;
}

/** The portal area of a client (`client.portal`). */
export interface PortalApi {
  /**
   * Logs in with IIN and password (`POST /portal/sessions`); the session becomes the client's default for the
   * portal calls that need one.
   * @param password default: the persona's `portal.password` (read with `GET /__admin/personas/{iin}`), else `Sandbox-2026`
   * @param service with it, a refused login's {@link SandboxProblemError} carries the regulation's `refusal`
   * @throws SandboxProblemError 401 `AUTH_REFUSED`
   */
  login(iin: string, password?: string, service?: string): Promise<PortalSession>;
  /**
   * Logs in with an EDS: signs the challenge of `GET /portal/sessions/challenge` with the AUTH key, locally with
   * a {@link Signer}, or with the persona's key through `POST /__admin/sign` when given an IIN.
   */
  loginWithEds(iinOrSigner: string | Signer): Promise<PortalSession>;
  /** The session the client holds (its last login), if any. */
  readonly session: PortalSession | undefined;
  /** Forgets the client's portal session. */
  logout(): void;
  /** The state services (`GET /portal/services`). */
  services(): Promise<ServiceSummary[]>;
  /** A service's whole regulation: variants, documents, channels and step graphs, ambiguities, scenarios (cached per client). */
  service(id: string): Promise<Regulation>;
  /** The Kazakh seed text at the cited lines, e.g. `'190-192'` or `'43-45,49'` (as citations write them). */
  serviceText(id: string, lines: string | number | [number, number]): Promise<{ seed: string; lines: { line: number; text: string }[] }>;
  /** Every refusal and result code with its message and citations (`GET /portal/refusal-codes`). */
  refusalCodes(): Promise<OutcomeCode[]>;
  /** The unsigned application document for a submission (`POST /portal/applications/document`). */
  applicationDocument(input: ApplicationDocumentInput): Promise<string>;
  /**
   * Builds the application document, signs it (with `signer`, or through `POST /__admin/sign` with `signWith.iin`,
   * default the session's IIN) and submits it (`POST /portal/applications`). Variant and documents default from
   * the regulation (the only variant; every required document).
   * @returns the application view (201)
   */
  submit(input: PortalSubmitInput): Promise<ApplicationView>;
  /** An application of the session's person (`GET /portal/applications/{id}`). */
  application(id: string, options?: SessionOption): Promise<ApplicationView>;
  /** The personal cabinet: applications and notifications (`GET /portal/cabinet`). */
  cabinet(options?: SessionOption): Promise<Cabinet>;
  /**
   * Follows an application to its outcome: moves the tenant's clock to its deadline (`advanceClock`, default
   * true; never backwards) and answers the final view, `outcome` and `document` set.
   */
  followToOutcome(id: string, options?: FollowOptions & SessionOption): Promise<ApplicationView>;
}

/** Builds the portal area over a client's context. @see ../../docs/sdk.md#portal */
export function portalApi(ctx: SdkContext): PortalApi {
  const { transport, state } = ctx;
  const bearer = (token: string | undefined): Record<string, string> => {
    const t = token ?? state.portalSession?.token;
    if (!t) throw new TypeError('no portal session: call client.portal.login() first, or pass { token }');
    return { authorization: `Bearer ${t}` };
  };
  const application = async (id: string, options: SessionOption = {}): Promise<ApplicationView> =>
    transport.json<ApplicationView>({ method: 'GET', path: `/portal/applications/${encodeURIComponent(id)}`, headers: bearer(options.token) });

  const api: PortalApi = {
    async login(iin, password, service) {
      let secret = password;
      if (secret === undefined) {
        const persona = await transport.json<JsonObject>({ method: 'GET', path: `/__admin/personas/${encodeURIComponent(iin)}` }).catch(() => undefined);
        secret = (persona?.portal?.password as string | undefined) ?? DEFAULT_PORTAL_PASSWORD;
      }
      const session = await transport.json<PortalSession>({ method: 'POST', path: '/portal/sessions', json: { iin, password: secret, ...(service ? { service } : {}) } });
      state.portalSession = session;
      return session;
    },
    async loginWithEds(iinOrSigner) {
      const challenge = await transport.json<{ challenge: string; document: string }>({ method: 'GET', path: '/portal/sessions/challenge' });
      const signedXml =
        typeof iinOrSigner === 'string'
          ? await ctx.sign(challenge.document, { signWith: { iin: iinOrSigner, usage: 'auth' } }, iinOrSigner, 'auth')
          : signXml(challenge.document, iinOrSigner);
      const session = await transport.json<PortalSession>({ method: 'POST', path: '/portal/sessions/eds', json: { signedXml } });
      state.portalSession = session;
      return session;
    },
    get session() {
      return state.portalSession;
    },
    logout() {
      delete state.portalSession;
    },
    async services() {
      return (await transport.json<{ services: ServiceSummary[] }>({ method: 'GET', path: '/portal/services' })).services;
    },
    service: (id) => ctx.regulation(id),
    serviceText(id, lines) {
      const text = Array.isArray(lines) ? `${lines[0]}-${lines[1]}` : String(lines);
      return transport.json({ method: 'GET', path: `/portal/services/${encodeURIComponent(id)}/text`, query: { lines: text } });
    },
    async refusalCodes() {
      return (await transport.json<{ codes: OutcomeCode[] }>({ method: 'GET', path: '/portal/refusal-codes' })).codes;
    },
    async applicationDocument(input) {
      return (await transport.json<{ document: string }>({ method: 'POST', path: '/portal/applications/document', json: input })).document;
    },
    async submit(input) {
      const { signer, signWith, token, ...submission } = input;
      const headers = bearer(token);
      const sessionIin = token === undefined ? state.portalSession?.iin : undefined;
      const applicantIin = submission.applicantIin ?? sessionIin;
      if (!applicantIin) throw new TypeError('portal.submit: pass applicantIin (the session of a token given is not known to the client)');
      const { variant, documents } = await ctx.defaults(submission.service, 'portal', submission.variant, submission.documents);
      const form = submission.form ?? {};
      const document = await api.applicationDocument({
        service: submission.service,
        variant,
        applicantIin,
        ...(submission.representativeIin ? { representativeIin: submission.representativeIin } : {}),
        channel: 'portal',
        form,
        documents,
      });
      const signedXml = await ctx.sign(document, { ...(signer ? { signer } : {}), ...(signWith ? { signWith } : {}) }, sessionIin ?? submission.representativeIin ?? applicantIin);
      return transport.json<ApplicationView>({
        method: 'POST',
        path: '/portal/applications',
        headers,
        json: { ...submission, applicantIin, variant, form, documents, signedXml },
      });
    },
    application,
    async cabinet(options = {}) {
      return transport.json<Cabinet>({ method: 'GET', path: '/portal/cabinet', headers: bearer(options.token) });
    },
    followToOutcome(id, options = {}) {
      return ctx.follow(() => application(id, options), id, options);
    },
  };
  return api;
}
