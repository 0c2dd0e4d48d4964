/**
 * One deployment check by name (`tsx scripts/deploy-check.ts "helm lint"`), or every one when
 * none is named; exits non-zero on a failure. scripts/test.ts runs each as one step.
 */
import { deployChecks, type DeployCheck } from './deploy/checks.ts';

const names = process.argv.length > 2 ? (process.argv.slice(2) as DeployCheck[]) : (Object.keys(deployChecks) as DeployCheck[]);
let failed = 0;
for (const name of names) {
  const check = deployChecks[name];
  if (check === undefined) {
    console.error(`unknown check "${name}"; known: ${Object.keys(deployChecks).join(', ')}`);
    process.exit(2);
  }
  try {
    process.stdout.write(`[${name}]\n${await check()}`);
  } catch (error) {
    failed++;
    console.error(`[${name}] FAILED\n${error instanceof Error ? error.message : String(error)}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
