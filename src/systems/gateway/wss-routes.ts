/**
 * `POST /shep/bip-sync-wss`: the SyncChannel with WS-Security (SHEP's `/bip-sync-wss-gost/`, RSA here). The same
 * SendMessage handling as `/bip-sync`, behind two more steps:
 *
 * 1. the request must carry the SHEP WS-Security signature (see src/pki/xmldsig/wsse.ts for every check and the
 *    attacks each one stops), made with a SIGN certificate (ҚОЛТАҢБА / ПОДПИСЬ: nonRepudiation, emailProtection)
 *    that is in date, chains to the sandbox root and is not revoked or on hold, all as of the tenant's virtual clock;
 *    `requestInfo/properties` `signerIin` (or `signerBin`), when present, must be a valid IIN (BIN), else
 *    INVALID_FIELD, and match the certificate;
 * 2. what is processed is the canonical form of the signed Body, re-read: nothing outside the signature reaches a
 *    system.
 *
 * A failed check answers a SOAP fault whose errorCode names it (`WSS_CERT_REVOKED`...) and whose errorData names
 * the check or the signature part. The answer is signed by the gateway's own certificate (`shep`, issued by the
 * sandbox's issuing CA), with the certificate both as a BinarySecurityToken (WSS4J) and in X509Data (xmlsec1).
 * Faults are not signed.
 * @see ../../../docs/signatures.md
 */
import type { Document } from '@xmldom/xmldom';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseBin, parseIin } from '../../core/iin.js';
import { parseXmlSafely } from '../../core/xml.js';
import type { CheckName } from '../../pki/check-codes.js';
import { CertificateFormatError } from '../../pki/x509.js';
import { signSoapEnvelope, type XmlSigner } from '../../pki/xmldsig/sign.js';
import { SignatureCheckError } from '../../pki/xmldsig/signature-errors.js';
import { verifyWsSecurity } from '../../pki/xmldsig/wsse.js';
import { GatewayFault } from './faults.js';
import type { SendMessageChannel } from './routes.js';
import { readSendMessage, SOAP11_NS } from './soap.js';
import { CERTIFICATE_FAULTS, SIGNATURE_FAULTS } from './wss-faults.js';

/** The `requestInfo/properties` keys that name who must have signed (our convention: SHEP has none). */
export const SIGNER_IIN_PROPERTY = 'signerIin';
export const SIGNER_BIN_PROPERTY = 'signerBin';

type Handle = (request: FastifyRequest, reply: FastifyReply, channel: SendMessageChannel) => Promise<FastifyReply>;

/** Reads the signed Body back as an envelope of its own: the only document the gateway goes on with. */
function signedEnvelope(signedBody: string): Document {
  return parseXmlSafely(`<soap:Envelope xmlns:soap="${SOAP11_NS}">${signedBody}</soap:Envelope>`);
}

function property(doc: Document, key: string): string | undefined {
  return readSendMessage(doc).info.properties.find((p) => p.key === key)?.value.trim();
}

export function registerWssRoute(app: FastifyInstance, handle: Handle): void {
  let gatewaySigner: XmlSigner | undefined;
  const signer = (): XmlSigner => {
    if (!gatewaySigner) {
      const credential = app.sandbox.pki.systemCredential('shep');
      gatewaySigner = { privateKeyPem: credential.privateKeyPem, certificateDer: credential.certificateDer, privateKey: credential.privateKey };
    }
    return gatewaySigner;
  };

  const channel: SendMessageChannel = {
    name: 'bip-sync-wss',
    accept(request, envelope) {
      let verified;
      try {
        verified = verifyWsSecurity(envelope);
      } catch (e) {
        if (e instanceof SignatureCheckError) throw new GatewayFault(SIGNATURE_FAULTS[e.code], e.message, e.where);
        throw e;
      }
      const signed = signedEnvelope(verified.signedBody);
      const expectedIin = property(signed, SIGNER_IIN_PROPERTY);
      const expectedBin = property(signed, SIGNER_BIN_PROPERTY);
      if (expectedIin !== undefined && !parseIin(expectedIin).ok) {
        throw new GatewayFault('INVALID_FIELD', `properties ${SIGNER_IIN_PROPERTY} must be a valid IIN, got ${JSON.stringify(expectedIin.slice(0, 20))}`, 'request/requestInfo/properties');
      }
      if (expectedBin !== undefined && !parseBin(expectedBin).ok) {
        throw new GatewayFault('INVALID_FIELD', `properties ${SIGNER_BIN_PROPERTY} must be a valid BIN, got ${JSON.stringify(expectedBin.slice(0, 20))}`, 'request/requestInfo/properties');
      }
      let validation;
      try {
        // The certificate verifyWsSecurity read (with the PKI's parser) and whose key verified the signature.
        validation = app.sandbox.pki.validateParsed(request.tenant, verified.certificate, {
          purpose: 'sign',
          ...(expectedIin ? { expectedIin } : {}),
          ...(expectedBin ? { expectedBin } : {}),
        });
      } catch (e) {
        // Not expected (the certificate is parsed already), but an unreadable certificate is the sender's fault.
        if (e instanceof CertificateFormatError) throw new GatewayFault('WSS_SIGNATURE_TOKEN_INVALID', `the signer's certificate cannot be read: ${e.message}`, 'KeyInfo');
        throw e;
      }
      if (!validation.valid) {
        const code = validation.code!;
        const check = (Object.keys(validation.checks) as CheckName[]).find((name) => validation.checks[name].code === code)!;
        const who = validation.subject.commonName ?? validation.subject.dn;
        throw new GatewayFault(
          CERTIFICATE_FAULTS[code],
          `the signer's certificate (${who}, serial ${validation.serialNumber}) fails the ${check} check: ${validation.checks[check].message}`,
          check,
        );
      }
      return signed;
    },
    seal: (_request, response) => signSoapEnvelope(response, signer(), { includeX509Data: true }),
  };

  app.post(
    '/bip-sync-wss',
    {
      schema: {
        summary: 'SOAP 1.1 SyncChannel SendMessage with a WS-Security signature',
        description:
          'As `POST /shep/bip-sync`, but the request must be signed in the SHEP WS-Security profile (Body wsu:Id, Header/wsse:Security with ds:Signature, exclusive C14N, RSA-SHA256, the certificate as a BinarySecurityToken or KeyIdentifier) with a valid SIGN certificate as of the tenant clock. Failures answer a SOAP Fault whose errorCode names the failed check (WSS_SIGNATURE_*, WSS_CERT_*, WSS_IIN_MISMATCH; docs/signatures.md). The answer is signed with the gateway certificate.',
        tags: ['shep'],
        operationId: 'shepSendMessageWss',
        consumes: ['text/xml'],
        produces: ['text/xml'],
        response: {
          200: { type: 'string', description: 'SendMessageResponse, WS-Security signed by the gateway' },
          413: { type: 'string', description: 'SOAP Fault BODY_TOO_LARGE' },
          415: { type: 'string', description: 'SOAP Fault UNSUPPORTED_MEDIA_TYPE' },
          500: { type: 'string', description: 'SOAP Fault with ErrorInfo (WSS_* codes for signature and certificate checks)' },
        },
      },
    },
    (request, reply) => handle(request, reply, channel),
  );
}
