import type { AddressInfo } from 'node:net';
import { waitFor } from '../../test/wait-for';
import { ProvisioningStack } from './test-stack';

const readiness = async (t: ProvisioningStack) => {
  const { port } = t.companion!.server.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}/readyz`);
  return { status: res.status, body: (await res.json()) as { checks: Record<string, boolean> } };
};

describe('iAdvize refuses the companion’s credentials', () => {
  const t = new ProvisioningStack();
  afterEach(() => t.close());

  it('readiness says so, and a ticked user waits with a message saying why', async () => {
    await t.boot({ config: { password: 'not-the-password' } });
    await waitFor(async () => (await readiness(t)).status === 503, 'readiness to say not ready');
    expect((await readiness(t)).body.checks).toMatchObject({ streaming: true, iadvize: false });

    const id = t.addUser('Ada', 'Lovelace', 'ada@example.com');
    t.tick(id);
    await waitFor(() => Boolean(t.user(id).IAdvize_Sync_Message__c), 'the waiting message');
    expect(t.user(id)).toMatchObject({
      IAdvize_Sync_Status__c: 'Queued',
      IAdvize_Sync_Message__c:
        'Waiting: iAdvize refused the User Sync companion’s login. The request is kept and sent once the person who runs the companion fixes it.',
      IAdvize_Last_Synced__c: null,
    });
    expect(t.iadvize.operators().filter((o) => o.email === 'ada@example.com')).toEqual([]);
    // The note itself asked for nothing: one request only.
    expect(t.org.events('IAdvize_Sync_Request__e')).toHaveLength(1);
  });
});
