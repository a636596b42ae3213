/**
 * A credential: a certificate and its private key, with the parsed forms computed on first use (start-up only
 * reads bytes; parsing ~80 certificates it may never need would slow every test that builds a server).
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { toPem } from './issue.js';

export class Credential {
  private pem?: string;
  private key?: KeyObject;
  private parsedX509?: X509Certificate;
  private parsedAsn?: Certificate;

  constructor(
    /** `root`, `issuing`, `ocsp`, `shep`, or `<iin>/<usage>` for a persona. */
    readonly name: string,
    readonly certificateDer: Buffer,
    /** PKCS#8 PEM, unencrypted: the sandbox's keys are public by design. */
    readonly privateKeyPem: string,
  ) {}

  get certificatePem(): string {
    return (this.pem ??= toPem(this.certificateDer));
  }

  get privateKey(): KeyObject {
    return (this.key ??= createPrivateKey(this.privateKeyPem));
  }

  get publicKey(): KeyObject {
    return this.x509.publicKey;
  }

  /** Node's view: signature checks (`verify`, `checkIssued`), fingerprints. */
  get x509(): X509Certificate {
    return (this.parsedX509 ??= new X509Certificate(this.certificateDer));
  }

  /** The RFC 5280 structure: names as encoded, extensions. */
  get certificate(): Certificate {
    return (this.parsedAsn ??= AsnConvert.parse(this.certificateDer, Certificate));
  }

  /** Hex, lower case, as the sandbox prints serials everywhere. */
  get serialNumber(): string {
    return Buffer.from(this.certificate.tbsCertificate.serialNumber).toString('hex');
  }
}
