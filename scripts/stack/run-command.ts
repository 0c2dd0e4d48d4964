import { spawn, type SpawnOptions } from 'node:child_process';

/** Prefixes each line of a stream with a label, holding back a partial last line. */
function linePrefixer(label: string, write: (text: string) => void): { push(text: string): void; end(): void } {
  let pending = '';
  return {
    push(text) {
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) write(`[${label}] ${line}\n`);
    },
    end() {
      if (pending) write(`[${label}] ${pending}\n`);
      pending = '';
    },
  };
}

/** Runs a command to completion, streaming its output with a prefix; rejects on a non-zero exit. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { label: string; quiet?: boolean },
): Promise<string> {
  const { label, quiet, ...spawnOptions } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
    const echo = linePrefixer(label, (line) => process.stderr.write(line));
    let output = '';
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      output = (output + text).slice(-100_000);
      if (!quiet) echo.push(text);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => {
      echo.end();
      if (code === 0) resolve(output);
      else reject(new Error(`${label}: \`${command} ${args.join(' ')}\` exited with ${code}\n${output.slice(-4000)}`));
    });
  });
}
