/**
 * The SHEP gateway's fault catalogue. No public catalogue of SHEP error codes exists
 * (integration-shapes §1), so these codes are ours; they are stable and listed in docs/gateway.md.
 * Every fault is a SOAP 1.1 Fault with `SendMessageFault1_SendMessageFault` (ErrorInfo) in its detail.
 */
import type { XmlRefusal } from '../../core/xml.js';
import { WSS_FAULTS } from './wss-faults.js';

export interface GatewayFaultSpec {
  /** HTTP status: SOAP 1.1 puts every fault on 500, except what HTTP itself refuses (400, 413, 415). */
  http: number;
  /** `soap:Client` when the sender must change the message, `soap:Server` when the sandbox or a system failed. */
  faultcode: 'soap:Client' | 'soap:Server';
  title: string;
}

/** Every code answered by `POST /shep/bip-sync`; docs/gateway.md has the table, and a test keeps the two in step. */
export const GATEWAY_FAULTS = {
  EMPTY_BODY: { http: 500, faultcode: 'soap:Client', title: 'The request has no body' },
  UNSUPPORTED_MEDIA_TYPE: { http: 415, faultcode: 'soap:Client', title: 'Content-Type must be text/xml (SOAP 1.1), uncompressed' },
  BODY_TOO_LARGE: { http: 413, faultcode: 'soap:Client', title: 'The request body exceeds the configured limit' },
  BAD_HTTP_REQUEST: { http: 400, faultcode: 'soap:Client', title: 'The HTTP request itself is broken (e.g. Content-Length does not match the body)' },
  NOT_UTF8: { http: 500, faultcode: 'soap:Client', title: 'The request is not UTF-8' },
  MALFORMED_XML: { http: 500, faultcode: 'soap:Client', title: 'The request is not well-formed XML' },
  DTD_FORBIDDEN: { http: 500, faultcode: 'soap:Client', title: 'DOCTYPE and entity declarations are refused' },
  XML_TOO_DEEP: { http: 500, faultcode: 'soap:Client', title: 'The request nests elements too deeply' },
  NOT_SEND_MESSAGE: { http: 500, faultcode: 'soap:Client', title: 'Not a SOAP 1.1 SyncChannel SendMessage request' },
  MISSING_FIELD: { http: 500, faultcode: 'soap:Client', title: 'A required field is missing' },
  INVALID_FIELD: { http: 500, faultcode: 'soap:Client', title: 'A field has an invalid value' },
  SENDER_AUTH_FAILED: { http: 500, faultcode: 'soap:Client', title: 'Unknown sender or wrong password' },
  UNKNOWN_SERVICE: { http: 500, faultcode: 'soap:Client', title: 'No service is routed under this serviceId' },
  IIN_INVALID: { http: 500, faultcode: 'soap:Client', title: 'The IIN in the request is invalid' },
  SYSTEM_UNAVAILABLE: { http: 500, faultcode: 'soap:Server', title: 'The target system is unavailable' },
  SYSTEM_TIMEOUT: { http: 500, faultcode: 'soap:Server', title: 'The target system did not answer in time' },
  INTERNAL: { http: 500, faultcode: 'soap:Server', title: 'The gateway failed to handle the request' },
  /** `POST /shep/bip-sync-wss` only: one per signature and certificate check (docs/signatures.md). */
  ...WSS_FAULTS,
} as const satisfies Record<string, GatewayFaultSpec>;

export type GatewayFaultCode = keyof typeof GATEWAY_FAULTS;

/** The fault for each reason the safe XML parser refuses a payload (the envelope, or XML carried as a string in `data`). */
export const XML_REFUSAL_FAULTS: Record<XmlRefusal, GatewayFaultCode> = {
  EMPTY: 'EMPTY_BODY',
  NOT_UTF8: 'NOT_UTF8',
  DTD_FORBIDDEN: 'DTD_FORBIDDEN',
  MALFORMED: 'MALFORMED_XML',
  TOO_DEEP: 'XML_TOO_DEEP',
};

/** A fault to answer; thrown by parsing, routing and the services behind the gateway. */
export class GatewayFault extends Error {
  override readonly name = 'GatewayFault';
  constructor(
    readonly code: GatewayFaultCode,
    message: string,
    /** `errorData`: e.g. the path of the missing field. */
    readonly data?: string,
  ) {
    super(message);
  }

  get spec(): GatewayFaultSpec {
    return GATEWAY_FAULTS[this.code];
  }
}
