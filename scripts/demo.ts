/**
 * `npm run demo`: the main job. Today it installs what is missing, starts the local stack
 * (PostgreSQL, MinIO, MLflow) in the background and prints each service's health and
 * address; as the pipeline's functions land it runs the whole cycle over every batch.
 * `npm run stack -- stop` stops what it started.
 */
import { startStack } from './stack/stack.ts';

const stack = await startStack();
console.log('\nThe local stack is up:\n');
console.log('service   health    address');
for (const s of stack.services) console.log(`${s.name.padEnd(9)} ${'healthy'.padEnd(9)} ${s.url}`);
console.log(`\nMLflow UI:      ${stack.env.MLFLOW_TRACKING_URI}`);
console.log(`Object store:   ${stack.env.S3_ENDPOINT_URL} (bucket ${stack.env.S3_BUCKET})`);
console.log('Logs:           .cache/stack/logs/');
console.log('Point a function at it: eval "$(npm run --silent stack -- env)"');
console.log('Stop it:        npm run stack -- stop\n');
