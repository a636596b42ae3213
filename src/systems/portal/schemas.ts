/** Shapes of the portal, provider and State Corporation channel routes (bodies strict, answers open). */

const iin = { type: 'string', pattern: '^[0-9]{12}$' } as const;
const slug = { type: 'string', pattern: '^[a-z][a-zA-Z0-9.-]{0,99}$' } as const;

/** The fields every channel's submission shares. */
const submissionProperties = {
  service: slug,
  variant: slug,
  representativeIin: iin,
  form: {
    type: 'object',
    maxProperties: 50,
    description: 'The application form: flat fields (text, numbers, booleans). `invoiceId` names a fee invoice the applicant paid (theirs, for this service; used once).',
    additionalProperties: { anyOf: [{ type: 'string', maxLength: 2000 }, { type: 'number' }, { type: 'boolean' }] },
  },
  documents: { type: 'array', maxItems: 50, items: slug, description: 'Ids of the attached documents (the service lists them in GET /portal/services/{id}).' },
  decisions: {
    type: 'object',
    description: 'Human decisions taken in advance: `documents.complete`, `commission.admits`... true / false, or a branch name (`attestation.result`: `noShow`).',
    additionalProperties: { anyOf: [{ type: 'boolean' }, { type: 'string', maxLength: 40 }] },
  },
  decisionMode: { type: 'string', enum: ['auto', 'provider'], description: '`provider`: the walk waits at each human decision for POST /provider/applications/{id}/decisions.' },
  readings: { type: 'object', description: "The service's reading options (its `ambiguities[].option`).", additionalProperties: { type: 'string', maxLength: 40 } },
  signedXml: { type: 'string', maxLength: 200_000, description: 'The application document (docs/regulations.md) with an enveloped XMLDSig.' },
} as const;

export const portalSubmissionBody = {
  type: 'object',
  additionalProperties: false,
  // signedXml is not required by the schema: the service answers its absence with SIGNATURE_MISSING.
  required: ['service'],
  properties: { ...submissionProperties, applicantIin: { ...iin, description: "Default: the session's IIN. A representative applies for another person with their own session." } },
} as const;

export const channelSubmissionBody = {
  type: 'object',
  additionalProperties: false,
  required: ['service', 'applicantIin'],
  properties: { ...submissionProperties, applicantIin: iin },
} as const;

export const openObject = { type: 'object', additionalProperties: true } as const;

export const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } } as const;
