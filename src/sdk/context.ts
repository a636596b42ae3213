/**
 * What every area of one client shares: the transport, the SHEP sender, the sessions opened through it, the
 * regulations read (cached: they never change while a sandbox runs), and the signing of documents.
 */
import type { Transport } from './transport.js';
import { signXml, type Signer } from './signing.js';
import type { ApplicationView, ClockState, JsonObject, PortalSession, Regulation } from './types.js';

/** The persona password a portal account has when its persona sets none. */
export { DEFAULT_PORTAL_PASSWORD } from '../personas/persona.js';

/** Who signs a document: a {@link Signer} held by the caller, or a persona's key through `POST /__admin/sign`. */
export interface SigningChoice {
  /** Sign locally with this key (e.g. `signerFromPkcs12(await client.pki.pkcs12(iin, 'sign'))`). */
  signer?: Signer;
  /** Let the sandbox sign with this persona's key (`POST /__admin/sign`; `usage` default `sign`). */
  signWith?: { iin: string; usage?: 'auth' | 'sign' };
}

/** Options of `followToOutcome`. */
export interface FollowOptions {
  /** Move the tenant's clock to the application's deadline (never backwards) with `POST /__admin/clock`. Default true. */
  advanceClock?: boolean;
  /**
   * Decisions to take through `POST /provider/applications/{id}/decisions` while the application waits for one
   * (`decisionMode: 'provider'`): by check name, or a function of the pending check. Default: none, so an
   * application awaiting a decision is answered as it is.
   */
  decisions?: Record<string, boolean | string> | ((pending: { step: string; check: string }) => boolean | string | undefined);
  /** At most this many decisions are taken. Default 20. */
  maxDecisions?: number;
}

/** What a client remembers between calls: its portal session and its operator session (not shared by `with()`). */
export interface SdkState {
  portalSession?: PortalSession;
  operatorToken?: string;
}

/** The shared context of one client's areas. @see ./client.ts */
export class SdkContext {
  constructor(
    readonly transport: Transport,
    readonly shepSender: { senderId: string; password: string },
    readonly regulations: Map<string, Promise<Regulation>>,
    readonly state: SdkState = {},
  ) {}

  /** The regulation of a service (`GET /portal/services/{id}`), read once per client. */
  regulation(service: string): Promise<Regulation> {
    let cached = this.regulations.get(service);
    if (!cached) {
      cached = this.transport.json<Regulation>({ method: 'GET', path: `/portal/services/${encodeURIComponent(service)}` });
      cached.catch(() => this.regulations.delete(service));
      this.regulations.set(service, cached);
    }
    return cached;
  }

  /** Signs a document (enveloped XMLDSig) with the caller's signer or a persona's key through the sandbox. */
  async sign(xml: string, choice: SigningChoice, fallbackIin: string | undefined, usage: 'auth' | 'sign' = 'sign'): Promise<string> {
    if (choice.signer) return signXml(xml, choice.signer);
    const iin = choice.signWith?.iin ?? fallbackIin;
    if (!iin) throw new TypeError('nothing to sign with: pass `signer` or `signWith: { iin }`');
    const answer = await this.transport.json<{ signedXml: string }>({ method: 'POST', path: '/__admin/sign', json: { iin, usage: choice.signWith?.usage ?? usage, xml } });
    return answer.signedXml;
  }

  /** The first persona of the tenant carrying a trait (`provider-employee`, `sc-operator`). */
  async personaWithTrait(trait: string): Promise<string> {
    const list = await this.transport.json<{ personas: JsonObject[] }>({ method: 'GET', path: '/__admin/personas', query: { trait } });
    const iin = list.personas[0]?.iin as string | undefined;
    if (!iin) throw new TypeError(`no persona with the trait ${trait} in this tenant: pass signer or signWith`);
    return iin;
  }

  /** The application's variant and documents, defaulted from the regulation when not given. */
  async defaults(service: string, channel: string, variant: string | undefined, documents: string[] | undefined): Promise<{ variant: string; documents: string[] }> {
    if (variant !== undefined && documents !== undefined) return { variant, documents };
    const regulation = await this.regulation(service);
    const chosen = variant ?? (regulation.variants.length === 1 ? regulation.variants[0]!.id : undefined);
    if (!chosen) throw new TypeError(`${service} has variants ${regulation.variants.map((v) => v.id).join(', ')}: pass variant`);
    const required = regulation.documents
      .filter((d) => (!d.variants || d.variants.includes(chosen)) && (!d.channels || d.channels.includes(channel as never)))
      .map((d) => d.id);
    return { variant: chosen, documents: documents ?? required };
  }

  /**
   * Follows an application to its outcome: takes the decisions asked for while it waits for one, then moves the
   * tenant's clock to its deadline and reads it again.
   */
  async follow(read: () => Promise<ApplicationView>, id: string, options: FollowOptions): Promise<ApplicationView> {
    let view = await read();
    const max = options.maxDecisions ?? 20;
    for (let taken = 0; view.status === 'awaiting-decision' && view.pending && options.decisions && taken < max; taken++) {
      const pending = view.pending;
      const value = typeof options.decisions === 'function' ? options.decisions(pending) : options.decisions[pending.check];
      if (value === undefined) break;
      await this.transport.json({ method: 'POST', path: `/provider/applications/${encodeURIComponent(id)}/decisions`, json: { check: pending.check, value } });
      view = await read();
    }
    if ((options.advanceClock ?? true) && view.status === 'in-progress' && view.deadline) {
      const clock = await this.transport.json<ClockState>({ method: 'GET', path: '/__admin/clock' });
      if (Date.parse(clock.now) < Date.parse(view.deadline)) await this.transport.json({ method: 'POST', path: '/__admin/clock', json: { set: view.deadline } });
      view = await read();
    }
    return view;
  }
}
