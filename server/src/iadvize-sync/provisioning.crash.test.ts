import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { companionEnv } from '../../sandbox/env-file';
import { startSandboxStack, type SandboxStack } from '../../sandbox/stack';
import { spawnCompanion, type CompanionProcess } from '../../test/companion-process';
import { waitFor } from '../../test/wait-for';

const USERS = 500;
const KILLS = 4;

describe('killing the companion (SIGKILL) at random points of a 500-tick burst', () => {
  let stack: SandboxStack;
  let running: CompanionProcess | undefined;

  beforeAll(async () => {
    // A little iAdvize latency spreads the burst over a few seconds, so the kills land mid-work.
    stack = await startSandboxStack({ salesforce: { cometdTimeoutMs: 400 }, iadvize: { latencyMs: 4 } });
  });

  afterAll(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    await stack.close();
  });

  it('loses nothing and duplicates nothing across restarts', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'crash-')), 'companion.db');
    const env = companionEnv(stack.companionAuth, stack.iadvizeConfig, {
      PORT: '0',
      DATABASE_PATH: dbPath,
      LOG_LEVEL: 'warn',
    });
    const org = stack.salesforce.org;
    const ids = Array.from({ length: USERS }, (_, i) =>
      org.addUser({
        FirstName: `Crash${i}`,
        LastName: 'Test',
        Email: `crash${i}@example.com`,
        Alias: `c${i}`,
      }),
    );
    const status = (id: string) => org.get('User', id)!.IAdvize_Sync_Status__c;
    const done = () => ids.filter((id) => status(id) === 'Created').length;

    running = spawnCompanion(env);
    // Ticked in Data Loader sized batches while the companion starts.
    for (let i = 0; i < USERS; i += 200)
      org.update(
        'User',
        ids.slice(i, i + 200).map((Id) => ({ Id, IAdvize_Sync__c: true })),
      );

    const killedAt: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      const target = Math.floor(((k + 1) * USERS) / (KILLS + 2) + Math.random() * 40);
      await waitFor(
        () => done() >= target || done() === USERS,
        `${target} users done before kill ${k + 1}`,
        60_000,
      );
      // Then a random moment later: during creations, between a write-back and the stored position...
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 300));
      running.child.kill('SIGKILL');
      await running.exited;
      killedAt.push(done());
      running = spawnCompanion(env);
    }
    await waitFor(() => done() === USERS, 'every user written back', 90_000);

    // The kills really happened mid-burst.
    expect(killedAt.filter((n) => n > 0 && n < USERS).length).toBeGreaterThanOrEqual(2);
    const operators = stack.iadvize.state.operators().filter((o) => o.email.startsWith('crash'));
    expect(operators).toHaveLength(USERS);
    expect(new Set(operators.map((o) => o.email)).size).toBe(USERS);
    for (const id of ids) {
      const user = org.get('User', id)!;
      const op = operators.find((o) => o.externalId === id);
      expect(user.IAdvize_Operator_Id__c).toBe(String(op?.id));
    }
  }, 180_000);
});
