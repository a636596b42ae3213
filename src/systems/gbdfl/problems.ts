/** GBD FL's problem codes (REST). */
import { defineProblems } from '../../core/problem.js';

export const gbdflProblems = defineProblems('gbdfl', {
  PERSON_NOT_FOUND: { status: 404, title: 'Person not found in GBD FL' },
});
