/**
 * `npm run chaos`: kills the companion with SIGKILL at random points of a tick burst and of a large
 * first import, as a plain process and as PID 1 of its own PID namespace (the way a container runs
 * it), starts it again each time, and checks the end state is what a clean run leaves: one operator
 * per user and none twice, every user written back, every source user a row, nobody deactivated,
 * no run left Running. Options: --users 2000 --agents 40000 --kills 3 --seed 1. Exits 1 on a miss.
 */
import { seededRandom } from '../server/sandbox/shared/random';
import { canUsePidNamespace } from '../server/test/pid-namespace';
import { readCommandLine } from '../server/src/lib/command-line';
import type { Mode } from './chaos/companion-runner';
import { failed, importChecks, renderChecks, tickChecks, type Check } from './chaos/report';
import { importRun, tickBurst } from './chaos/scenarios';

async function main(): Promise<number> {
  const { values: args } = readCommandLine({
    command: 'npm run chaos --',
    summary:
      'Kills the companion at random moments during a tick burst and a large import, in both process modes, and checks that nothing is lost or duplicated.',
    options: {
      users: { type: 'number', default: 2000, description: 'Users ticked' },
      agents: { type: 'number', default: 40_000, description: 'Zendesk agents imported' },
      kills: { type: 'number', default: 3, description: 'SIGKILLs per scenario' },
      seed: { type: 'number', default: 1, description: 'Seed of the random kill times' },
    },
  });
  const options = {
    users: args.users,
    agents: args.agents,
    kills: args.kills,
    random: seededRandom(args.seed),
    log: (line: string) => console.log(line),
  };
  const modes: Mode[] = process.env.CHAOS_MODES
    ? (process.env.CHAOS_MODES.split(',') as Mode[])
    : ['process', 'pid1'];
  const misses: Check[] = [];
  for (const mode of modes) {
    if (mode === 'pid1' && !canUsePidNamespace) {
      console.log('pid1: skipped, this machine cannot start a PID namespace (unshare needs root)');
      misses.push({ what: 'PID 1 scenario could not run', got: 1, want: 0 });
      continue;
    }
    const label = mode === 'pid1' ? 'as PID 1 in its own PID namespace' : 'as a plain process';
    console.log(`\n${options.users} users ticked at once, companion ${label}, ${options.kills} SIGKILLs`);
    const ticks = await tickBurst(mode, options);
    const t = tickChecks(ticks);
    console.log(
      renderChecks(`  ${ticks.kills} kills, all written back in ${(ticks.ms / 1000).toFixed(1)} s:`, t),
    );
    console.log(`\n${options.agents} Zendesk agents imported, companion ${label}, ${options.kills} SIGKILLs`);
    const imports = await importRun(mode, options);
    const i = importChecks(imports);
    console.log(
      renderChecks(
        `  ${imports.kills} kills (${imports.runsFailedInterrupted} interrupted runs marked Failed), imported in ${(imports.ms / 1000).toFixed(1)} s:`,
        i,
      ),
    );
    misses.push(...failed(t), ...failed(i));
  }
  console.log(
    misses.length === 0
      ? '\nchaos: every end state is a clean run’s'
      : `\nchaos: ${misses.length} check(s) failed`,
  );
  return misses.length === 0 ? 0 : 1;
}

// Ctrl-C or a CI timeout: the companions are children of this process and go with it.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
