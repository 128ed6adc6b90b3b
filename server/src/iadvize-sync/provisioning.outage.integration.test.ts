import type { AddressInfo } from 'node:net';
import { waitFor } from '../../test/wait-for';
import { capturedLogger } from '../connect/test-helpers';
import { ProvisioningStack } from './test-stack';

const readyz = async (t: ProvisioningStack) => {
  const { port } = t.companion!.server.address() as AddressInfo;
  return (await fetch(`http://127.0.0.1:${port}/readyz`)).status;
};

describe('sync requests published while Salesforce streaming is unreachable', () => {
  const t = new ProvisioningStack();
  afterEach(() => t.close());

  it('are all processed within seconds of its return, none twice; not ready meanwhile', async () => {
    const { logger, text } = capturedLogger();
    await t.boot({ logger });
    const ids = Array.from({ length: 100 }, (_, i) =>
      t.addUser(`User${i}`, 'Outage', `outage${i}@example.com`),
    );
    expect(await readyz(t)).toBe(200);

    const restore = await t.stack.salesforce.outage();
    // Admins keep saving users meanwhile (the org itself is fine; the companion cannot reach it).
    t.tick(...ids);
    await waitFor(async () => (await readyz(t)) === 503, 'readiness to drop', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await restore();
    const back = Date.now();

    await waitFor(t.settled(...ids), 'every request processed', 20_000);
    const seconds = (Date.now() - back) / 1000;
    expect(seconds).toBeLessThan(15);
    expect(ids.filter((id) => t.user(id).IAdvize_Sync_Status__c !== 'Created')).toEqual([]);
    const emails = t.iadvize.operators().map((o) => o.email);
    expect(new Set(emails).size).toBe(emails.length);
    expect(t.iadvize.operators().filter((o) => o.email.startsWith('outage'))).toHaveLength(100);
    await waitFor(async () => (await readyz(t)) === 200, 'readiness back');
    expect(text()).toContain('streaming transport down: Salesforce unreachable');
    expect(text()).toContain('streaming transport back; resubscribing from the stored replay id');
  }, 60_000);
});
