/** One build stage of a Dockerfile, as far as running its commands outside Docker needs. */
interface BuildStage {
  /** ARG names declared in the stage (values come from --build-arg). */
  args: string[];
  /** ENV assignments of the stage, in order. */
  env: Record<string, string>;
  /** RUN commands (shell form), continuation lines joined, in order. */
  runs: string[];
}

/** Joins continuation lines and drops comments: one logical instruction per entry. */
function instructions(dockerfile: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const raw of dockerfile.split('\n')) {
    const line = raw.trimEnd();
    if (current === '' && (line.trim().startsWith('#') || line.trim() === '')) continue;
    // Comment lines inside a continued instruction are skipped by Docker too.
    if (current !== '' && line.trim().startsWith('#')) continue;
    // Docker removes the escape and the newline: the lines run on as one.
    if (line.endsWith('\\')) {
      current += line.slice(0, -1);
      continue;
    }
    out.push((current + line).trim());
    current = '';
  }
  if (current !== '') out.push(current.trim());
  return out;
}

/**
 * The stage named `name` (`FROM ... AS name`) of a Dockerfile: its ARGs, ENVs and RUN
 * commands. Only the shell form of RUN is supported: the exec form would need another runner.
 */
export function buildStage(dockerfile: string, name: string): BuildStage {
  const stage: BuildStage = { args: [], env: {}, runs: [] };
  let inStage = false;
  let found = false;
  for (const instruction of instructions(dockerfile)) {
    const [keyword = '', ...rest] = instruction.split(/\s+/);
    const body = instruction.slice(keyword.length).trim();
    if (keyword.toUpperCase() === 'FROM') {
      inStage = new RegExp(`\\sAS\\s+${name}$`, 'i').test(instruction);
      found ||= inStage;
      continue;
    }
    if (!inStage) continue;
    switch (keyword.toUpperCase()) {
      case 'ARG':
        stage.args.push(...rest.map((a) => a.split('=')[0] ?? a));
        break;
      case 'ENV':
        for (const m of body.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)/g)) stage.env[m[1] as string] = (m[2] as string).replace(/^"|"$/g, '');
        break;
      case 'RUN':
        if (body.startsWith('[')) throw new Error(`exec-form RUN is not supported: ${instruction}`);
        stage.runs.push(body);
        break;
    }
  }
  if (!found) throw new Error(`no stage named ${name}`);
  return stage;
}
