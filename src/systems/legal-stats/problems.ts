/** Legal statistics' problem codes (REST). Each is listed in docs/systems/legal-stats.md. */
import { defineProblems } from '../../core/problem.js';

export const legalStatsProblems = defineProblems('legal-stats', {
  REGISTER_UNKNOWN: { status: 400, title: 'No such register: use prosecutor or bbt' },
});
