/** БНАЖ's problem codes (REST). Each is listed in docs/systems/notary.md. */
import { defineProblems } from '../../core/problem.js';

export const notaryProblems = defineProblems('notary', {
  POA_NOT_FOUND: { status: 404, title: 'No power of attorney with this number' },
  POA_SEARCH_CRITERIA_MISSING: { status: 400, title: 'Give principalIin, representativeIin or both' },
  SERVICE_SLUG_INVALID: { status: 400, title: 'The service must be a slug (lower-case letters, digits and hyphens)' },
});
