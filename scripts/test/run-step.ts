import { spawn } from 'node:child_process';

/** Runs one step of the test command with its output passed through; true when it exits 0. */
export function runStep(name: string, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: 'inherit', env });
    child.on('error', (error) => {
      console.log(`=== ${name}: could not start (${error.message})`);
      resolve(false);
    });
    child.on('close', (code) => {
      console.log(`=== ${name}: ${code === 0 ? 'ok' : `failed (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      resolve(code === 0);
    });
  });
}
