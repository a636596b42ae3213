/**
 * Object identifiers of the NCA RK (ҰКО / НУЦ) certificate profile and of the X.509 / OCSP structures the
 * sandbox writes and reads.
 * @see ../../../shared/spec/integration-shapes.md §5
 */

/** Distinguished-name attribute types. */
export const ATTRIBUTE = {
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  /** SERIALNUMBER: NCA writes `IIN` + the 12-digit ЖСН here, as a PrintableString. */
  serialNumber: '2.5.4.5',
  country: '2.5.4.6',
  locality: '2.5.4.7',
  stateOrProvince: '2.5.4.8',
  organization: '2.5.4.10',
  /** OU: NCA writes `BIN` + the 12-digit БСН of the legal entity here. */
  organizationalUnit: '2.5.4.11',
  /** GIVENNAME: NCA puts the patronymic (әкесінің аты) here; NCANode calls it `lastName`. */
  givenName: '2.5.4.42',
  emailAddress: '1.2.840.113549.1.9.1',
} as const;

/** Short names used when a DN is printed (`CN=..., SURNAME=...`), as OpenSSL and NCANode print them. */
export const ATTRIBUTE_SHORT_NAME: Record<string, string> = {
  [ATTRIBUTE.commonName]: 'CN',
  [ATTRIBUTE.surname]: 'SURNAME',
  [ATTRIBUTE.serialNumber]: 'SERIALNUMBER',
  [ATTRIBUTE.country]: 'C',
  [ATTRIBUTE.locality]: 'L',
  [ATTRIBUTE.stateOrProvince]: 'S',
  [ATTRIBUTE.organization]: 'O',
  [ATTRIBUTE.organizationalUnit]: 'OU',
  [ATTRIBUTE.givenName]: 'G',
  [ATTRIBUTE.emailAddress]: 'E',
};

export const ALGORITHM = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

/** Names of signature algorithms as NCANode reports them (`signAlg`). */
export const SIGNATURE_ALGORITHM_NAME: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'SHA1withRSA',
  '1.2.840.113549.1.1.11': 'SHA256withRSA',
  '1.2.840.113549.1.1.12': 'SHA384withRSA',
  '1.2.840.113549.1.1.13': 'SHA512withRSA',
  '1.2.840.10045.4.3.2': 'SHA256withECDSA',
  '1.2.398.3.10.1.1.1.2': 'ECGOST34310', // GOST 34.310-2004 (NCA's GOST2004)
  '1.2.398.3.10.1.1.2.3.2': 'ECGOST3410-2015-512',
};

/** Extended key usages. */
export const EKU = {
  /** AUTH certificates (аутентификация). */
  clientAuth: '1.3.6.1.5.5.7.3.2',
  /** SIGN certificates (қолтаңба / подпись). */
  emailProtection: '1.3.6.1.5.5.7.3.4',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
} as const;

/**
 * NCA key-user roles, carried in the extended key usage; names as NCANode reports them in `keyUser`.
 * @see ../../../shared/spec/integration-shapes.md §5 "Role OIDs"
 */
export const KEY_USER: Record<string, string> = {
  '1.2.398.3.3.4.1.1': 'INDIVIDUAL',
  '1.2.398.3.3.4.1.2': 'ORGANIZATION',
  '1.2.398.3.3.4.1.2.1': 'CEO',
  '1.2.398.3.3.4.1.2.2': 'CAN_SIGN',
  '1.2.398.3.3.4.1.2.3': 'CAN_SIGN_FINANCIAL',
  '1.2.398.3.3.4.1.2.4': 'HR',
  '1.2.398.3.3.4.1.2.5': 'EMPLOYEE',
  '1.2.398.3.3.4.2': 'NCA_STAFF',
  '1.2.398.3.3.4.2.1': 'NCA_ADMIN',
  '1.2.398.3.3.4.2.2': 'NCA_MANAGER',
  '1.2.398.3.3.4.2.3': 'NCA_OPERATOR',
  '1.2.398.3.3.4.3': 'IDENTIFICATION',
  '1.2.398.3.3.4.3.1': 'IDENTIFICATION_CON',
  '1.2.398.3.3.4.3.2': 'IDENTIFICATION_REMOTE',
  '1.2.398.3.3.4.3.2.1': 'IDENTIFICATION_REMOTE_DIGITAL_ID',
};

export const ROLE = {
  individual: '1.2.398.3.3.4.1.1',
  organization: '1.2.398.3.3.4.1.2',
  /** First head of the organisation (бірінші басшы). */
  ceo: '1.2.398.3.3.4.1.2.1',
} as const;

/** Certificate policies of the NCA profile. */
export const POLICY = {
  legalSign: '1.2.398.3.3.2.1',
  legalAuth: '1.2.398.3.3.2.2',
  individualSign: '1.2.398.3.3.2.3',
  individualAuth: '1.2.398.3.3.2.4',
} as const;

export const OCSP_NOCHECK = '1.3.6.1.5.5.7.48.1.5';
