/**
 * The SHEP gateway (ЭҮШ) area: `SendMessage` on the SyncChannel, plain (`POST /shep/bip-sync`) or signed with
 * WS-Security (`POST /shep/bip-sync-wss`) when given a signer; the answer's data as JSON, a fault as
 * {@link ShepFaultError}.
 * @see ../../docs/gateway.md
 * @see ../../docs/signatures.md#the-shep-ws-security-profile
 */
import type { SdkContext } from './context.js';
import { ShepFaultError } from './errors.js';
import { signSoap, type Signer, type WsSecurityOptions } from './signing.js';
import { buildSendMessage, readFault, readSendMessageResponse, type ShepMessage, type ShepResponse, type XmlJson } from './soap.js';
import { problemError } from './transport.js';
import type { JsonObject } from './types.js';

/** What `shep.sendMessage` takes: the message, and a signer to send it signed. */
export interface SendMessageOptions extends ShepMessage {
  /** Sign the envelope with WS-Security with this key (use the SIGN key) and send it to `/shep/bip-sync-wss`. */
  signer?: Signer;
  /** How the signature names the certificate (default `binary-security-token`), see {@link WsSecurityOptions}. */
  wsSecurity?: WsSecurityOptions;
  /** Element names of the answer's data that are always arrays, even when they occur once (e.g. `['person', 'document']`). Default none. */
  arrays?: string[];
}

/** The SHEP area of a client (`client.shep`). */
export interface ShepApi {
  /**
   * Sends one SyncChannel `SendMessage` and reads the `SendMessageResponse` into JSON. Sent once (a POST is never
   * retried), as the client's sender (`shep.senderId` / `shep.password`, default `sandbox` / `sandbox`).
   * @throws ShepFaultError with the fault's `errorCode` (`UNKNOWN_SERVICE`, `SYSTEM_UNAVAILABLE`, `WSS_CERT_REVOKED`...)
   */
  sendMessage<T = { [name: string]: XmlJson }>(message: SendMessageOptions): Promise<ShepResponse<T>>;
  /** Sends an envelope you built (signed or not) as it is; answers the response read into JSON or throws the fault. */
  sendEnvelope<T = { [name: string]: XmlJson }>(xml: string, options?: { wss?: boolean; arrays?: string[] }): Promise<ShepResponse<T>>;
  /** The routed serviceIds, with the system behind each (`GET /shep/services`). */
  services(): Promise<JsonObject>;
  /** The WSDL (`GET /shep/bip-sync?wsdl`). */
  wsdl(): Promise<string>;
}

/** Builds the SHEP area over a client's context. @see ../../docs/gateway.md */
export function shepApi(ctx: SdkContext): ShepApi {
  const { transport } = ctx;
  async function post<T>(xml: string, wss: boolean, requestMessageId: string, arrays: string[] = []): Promise<ShepResponse<T>> {
    const path = wss ? '/shep/bip-sync-wss' : '/shep/bip-sync';
    const res = await transport.send({ method: 'POST', path, body: xml, contentType: 'text/xml; charset=utf-8', headers: { accept: 'text/xml' } });
    const text = res.body.toString('utf8');
    const fault = readFault(text);
    if (fault) throw new ShepFaultError(fault, res.status, text, { method: 'POST', path, attempts: res.attempts });
    if (res.status >= 400) throw problemError(res, { method: 'POST', path });
    return readSendMessageResponse<T>(text, requestMessageId, arrays);
  }
  return {
    async sendMessage<T>(message: SendMessageOptions) {
      const { signer, wsSecurity, arrays, ...rest } = message;
      const built = buildSendMessage(rest, ctx.shepSender);
      const xml = signer ? signSoap(built.xml, signer, wsSecurity) : built.xml;
      return post<T>(xml, Boolean(signer), built.messageId, arrays);
    },
    async sendEnvelope<T>(xml: string, options: { wss?: boolean; arrays?: string[] } = {}) {
      const messageId = /<(?:\w+:)?messageId>([^<]*)<\/(?:\w+:)?messageId>/.exec(xml)?.[1] ?? '';
      return post<T>(xml, options.wss ?? /<(?:\w+:)?Security[\s>]/.test(xml), messageId, options.arrays);
    },
    services: () => transport.json({ method: 'GET', path: '/shep/services' }),
    async wsdl() {
      return (await transport.bytes({ method: 'GET', path: '/shep/bip-sync', query: { wsdl: '' } })).toString('utf8');
    },
  };
}
