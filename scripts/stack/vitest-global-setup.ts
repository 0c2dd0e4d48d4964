import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startStack, type RunningStack } from './stack.ts';

let stack: RunningStack | undefined;

/** Integration tests run against the real local stack: started here, or reused if it runs. */
export async function setup(project: TestProject): Promise<void> {
  stack = await startStack();
  for (const [name, value] of Object.entries(stack.env)) {
    process.env[name] = value;
  }
  project.provide('stackEnv', stack.env);
}

export async function teardown(): Promise<void> {
  await stack?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    stackEnv: Record<string, string>;
  }
}
