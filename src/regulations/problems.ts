/**
 * The problem catalogue of the portal, provider and State Corporation channels (errors before or outside a
 * regulation: a regulation's own refusals are outcomes, not problems).
 * @see ../../docs/regulations.md
 */
import { defineProblems } from '../core/problem.js';

export const regulationProblems = defineProblems('regulations', {
  SERVICE_NOT_FOUND: { status: 404, title: 'No such state service' },
  CHANNEL_NOT_OFFERED: { status: 422, title: 'The service is not offered through this channel' },
  VARIANT_UNKNOWN: { status: 422, title: 'The service has no such variant' },
  READING_INVALID: { status: 400, title: 'Unknown reading option or value' },
  DECISION_INVALID: { status: 400, title: 'Unknown decision or value' },
  APPLICATION_NOT_FOUND: { status: 404, title: 'No such application' },
  APPLICATION_REPLAYED: { status: 409, title: 'This signed application was already submitted' },
  APPLICATION_MISMATCH: { status: 422, title: 'The signed application does not match the submitted data' },
  SIGNATURE_MISSING: { status: 400, title: 'The application is not signed' },
  SIGNATURE_INVALID: { status: 422, title: 'The application signature does not verify' },
  SIGNER_NOT_AUTHORISED: { status: 403, title: 'The signer may not submit through this channel' },
  REPRESENTATION_NOT_PROVEN: { status: 403, title: 'No power of attorney in force for this representative' },
  TOO_MANY_APPLICATIONS: { status: 429, title: 'The tenant holds the most applications it keeps' },
  APPLICANT_UNKNOWN: { status: 422, title: 'The applicant is not a known person' },
  NO_DECISION_PENDING: { status: 409, title: 'The application is not waiting for this decision' },
  AUTH_REFUSED: { status: 401, title: 'Portal authorisation refused' },
  SESSION_REQUIRED: { status: 401, title: 'A portal session is required' },
  CHALLENGE_INVALID: { status: 401, title: 'The EDS login challenge is unknown, used or expired' },
  FORBIDDEN: { status: 403, title: 'The application belongs to another applicant' },
  LINES_INVALID: { status: 400, title: 'Invalid line range' },
});
