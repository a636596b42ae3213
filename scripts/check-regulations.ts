/**
 * Validates the regulation files: `npx tsx scripts/check-regulations.ts [dir]`. Prints each service with its
 * channel and step counts, or the file and the problems found (exit 1).
 */
import { BUNDLED_REGULATIONS_DIR, loadRegulationDir, RegulationFileError } from '../src/regulations/catalogue.js';

try {
  for (const r of loadRegulationDir(process.argv[2] ?? BUNDLED_REGULATIONS_DIR)) {
    const steps = r.channels.map((c) => `${c.id}:${c.steps.length}`).join(' ');
    console.log(`${r.service}: variants ${r.variants.map((v) => v.id).join('/')}; steps ${steps}; scenarios ${r.scenarios.length}`);
  }
} catch (error) {
  if (error instanceof RegulationFileError) {
    console.error(error.file);
    for (const p of error.problems) console.error(`  ${p}`);
    process.exit(1);
  }
  throw error;
}
