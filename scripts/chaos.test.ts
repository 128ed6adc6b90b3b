import { seededRandom } from '../server/sandbox/shared/random';
import { canUsePidNamespace } from '../server/test/pid-namespace';
import { failed, importChecks, tickChecks } from './chaos/report';
import { importRun, tickBurst } from './chaos/scenarios';

/** `npm run chaos` at a small scale: the companion killed mid-work ends as a clean run would. */
describe('chaos (SIGKILL during a tick burst and an import)', () => {
  const options = (seed: number) => ({
    users: 400,
    agents: 3000,
    kills: 1,
    zendeskLatencyMs: 40,
    random: seededRandom(seed),
    log: () => undefined,
  });

  for (const mode of ['process', 'pid1'] as const) {
    const run = mode === 'pid1' && !canUsePidNamespace ? it.skip : it;
    run(
      `as ${mode === 'pid1' ? 'PID 1 of a PID namespace' : 'a plain process'}`,
      async () => {
        const ticks = await tickBurst(mode, options(7));
        expect(failed(tickChecks(ticks))).toEqual([]);
        expect(ticks.kills).toBe(1);
        const imports = await importRun(mode, options(11));
        expect(failed(importChecks(imports))).toEqual([]);
        expect(imports.kills).toBe(1);
      },
      180_000,
    );
  }
});
