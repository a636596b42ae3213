/**
 * Signing helpers: a persona's PKCS#12 (`GET /pki/personas/{iin}/{auth,sign}.p12`, password `Qwerty12`) turned into
 * a {@link Signer}, and the signatures the sandbox expects made with it: an enveloped XMLDSig on a document (the
 * application, the login challenge) and the SHEP WS-Security profile on a SOAP envelope.
 * @see ../../docs/signatures.md
 * @see ../../docs/pki.md#pkcs12-password
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { signEnveloped, signSoapEnvelope, type WsSecurityOptions } from '../pki/xmldsig/sign.js';

/** The password of every persona's PKCS#12 in the sandbox, as on NCA's test keys. */
export const DEFAULT_PKCS12_PASSWORD = 'Qwerty12';

/** A private key and its certificate: what signs. Made by {@link signerFromPkcs12} or `client.pki.signer()`. */
export interface Signer {
  /** The private key, PEM (PKCS#1 or PKCS#8). */
  privateKeyPem: string;
  /** The same key, parsed once. */
  privateKey: KeyObject;
  /** The signer's certificate, DER. */
  certificateDer: Buffer;
  /** The signer's certificate, PEM. */
  certificatePem: string;
  /** The certificate's CA chain (issuer first) as carried in the PKCS#12, DER. */
  chainDer: Buffer[];
  /** The IIN in the certificate's `SERIALNUMBER=IIN...`, or null. */
  iin: string | null;
  /** The BIN in the certificate's `OU=BIN...`, or null. */
  bin: string | null;
  /** The certificate's subject, one `KEY=value` per line (node:crypto's form). */
  subject: string;
}

function derOf(cert: forge.pki.Certificate): Buffer {
  return Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
}

/** A {@link Signer} from a PEM private key and a certificate (PEM or DER). */
export function signerFromPem(privateKeyPem: string, certificate: string | Buffer, chainDer: Buffer[] = []): Signer {
  const x509 = new X509Certificate(certificate);
  return {
    privateKeyPem,
    privateKey: createPrivateKey(privateKeyPem),
    certificateDer: x509.raw,
    certificatePem: x509.toString(),
    chainDer,
    iin: /^serialNumber=IIN(\d{12})$/im.exec(x509.subject)?.[1] ?? null,
    bin: /^OU=BIN(\d{12})$/m.exec(x509.subject)?.[1] ?? null,
    subject: x509.subject,
  };
}

/**
 * Reads a PKCS#12 (`.p12`, as `GET /pki/personas/{iin}/sign.p12` answers it) with node-forge: the private key and
 * the certificate that goes with it (the other certificates are its chain).
 * @param p12 the PKCS#12 DER bytes
 * @param password default `Qwerty12`, the sandbox's (and NCA's test keys') password
 * @throws TypeError when the bytes are not a PKCS#12, the password is wrong, or it holds no key and certificate
 */
export function signerFromPkcs12(p12: Buffer | Uint8Array, password: string = DEFAULT_PKCS12_PASSWORD): Signer {
  let store: forge.pkcs12.Pkcs12Pfx;
  try {
    store = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(p12).toString('binary'))), false, password);
  } catch (error) {
    throw new TypeError(`cannot open the PKCS#12: ${(error as Error).message} (wrong password? the sandbox's is ${DEFAULT_PKCS12_PASSWORD})`);
  }
  const keyBags = [
    ...(store.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []),
    ...(store.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []),
  ];
  const key = keyBags.find((b) => b.key)?.key as forge.pki.rsa.PrivateKey | undefined;
  const certs = (store.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? []).flatMap((b) => (b.cert ? [b.cert] : []));
  if (!key || certs.length === 0) throw new TypeError('the PKCS#12 holds no private key and certificate');
  const own = certs.find((c) => (c.publicKey as forge.pki.rsa.PublicKey).n?.equals(key.n));
  if (!own) throw new TypeError("the PKCS#12 holds no certificate for its private key");
  return signerFromPem(forge.pki.privateKeyToPem(key), derOf(own), certs.filter((c) => c !== own).map(derOf));
}

/**
 * Signs a whole XML document with an enveloped XMLDSig as the sandbox expects it (RSA-SHA256, exclusive C14N,
 * `Reference URI=""`, the certificate in `KeyInfo/X509Data`, the signature the last child of the document element):
 * the application document (with the SIGN key) and the portal login challenge (with the AUTH key).
 * @see ../../docs/signatures.md#verifying-documents-and-files-edsverify
 */
export function signXml(xml: string, signer: Signer): string {
  return signEnveloped(xml, signer);
}

/**
 * Signs a SOAP 1.1 envelope in the SHEP WS-Security profile (a `wsse:Security` header with the certificate as a
 * BinarySecurityToken and a signature over the Body), as `POST /shep/bip-sync-wss` requires. Use the SIGN key.
 * @param options `keyReference` (default `binary-security-token`), `bodyId` (default `id-<uuid>`), `includeX509Data` (default false)
 * @see ../../docs/signatures.md#the-shep-ws-security-profile
 */
export function signSoap(envelope: string, signer: Signer, options: WsSecurityOptions = {}): string {
  return signSoapEnvelope(envelope, signer, options);
}

export type { WsSecurityOptions };
