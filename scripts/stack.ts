/**
 * `npm run stack`            start (or reuse) the local stack, print each service's health,
 *                            and keep running until Ctrl-C, which stops what it started;
 * `npm run stack -- start`   start it in the background and return;
 * `npm run stack -- stop`    stop every service the project started, and nothing else;
 * `npm run stack -- env`     print the variables that point the functions at the stack.
 */
import { startStack, stopStack, type RunningStack } from './stack/stack.ts';

function printStatus(stack: RunningStack): void {
  console.log('\nservice   state     url');
  for (const s of stack.services) console.log(`${s.name.padEnd(9)} ${`healthy (${s.outcome})`.padEnd(9)} ${s.url}   log: ${s.log}`);
  console.log(`\nbucket    ${stack.config.bucket}\n`);
}

const command = process.argv[2] ?? 'run';

switch (command) {
  case 'run': {
    const stack = await startStack();
    printStatus(stack);
    console.log('Ctrl-C stops the services this command started.');
    // A terminal's Ctrl-C reaches npm, tsx and this process alike: act on the first signal
    // and ignore the rest, so a repeated signal cannot cut the shutdown short.
    let stopping = false;
    const shutdown = async (): Promise<void> => {
      if (stopping) return;
      stopping = true;
      console.log('stopping the services this command started...');
      await stack.stop();
      process.exit(0);
    };
    process.on('SIGINT', () => void shutdown());
    process.on('SIGTERM', () => void shutdown());
    setInterval(() => undefined, 1 << 30);
    break;
  }
  case 'start':
    printStatus(await startStack());
    break;
  case 'stop': {
    const stopped = await stopStack();
    console.log(stopped.length > 0 ? `stopped: ${stopped.join(', ')}` : 'nothing of ours was running');
    break;
  }
  case 'env': {
    const stack = await startStack();
    for (const [k, v] of Object.entries(stack.env)) console.log(`export ${k}='${v}'`);
    break;
  }
  default:
    console.error(`unknown command "${command}": use run, start, stop or env`);
    process.exit(2);
}
