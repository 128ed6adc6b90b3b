import { CompanionError } from '../lib/errors';
import { silentLogger } from '../lib/logger';
import { connectionRecorder, type ConnectionRecorderOptions } from './on-connected';
import type { ConnectionFields } from './settings-record';

const NOW = Date.parse('2026-11-22T10:00:00Z');

function setup(subdomain: string | null, roles: ConnectionRecorderOptions['customRoles']) {
  const writes: Array<{ id: string; fields: ConnectionFields }> = [];
  const record = connectionRecorder({
    readSettings: async () => ({ Id: 'a01', Zendesk_Subdomain__c: subdomain }),
    record: { write: async (_source, id, fields) => void writes.push({ id, fields }) },
    customRoles: roles,
    logger: silentLogger(),
    now: () => NOW,
  });
  return { record, writes };
}

describe('connectionRecorder (onConnected)', () => {
  it('records the Zendesk account, the time and its custom roles, and clears the used link', async () => {
    const t = setup('acme', async () => [{ id: 360001, name: 'Tier 2', description: 'second line' }]);
    await t.record({ provider: 'zendesk', subdomain: 'acme' });
    expect(t.writes).toEqual([
      {
        id: 'a01',
        fields: {
          link: null,
          connectionStatus: 'Connected to acme.zendesk.com on 2026-11-22 10:00 UTC.',
          customRoles: '[{"id":360001,"name":"Tier 2"}]',
        },
      },
    ]);
  });

  it('records Intercom without custom roles', async () => {
    const roles = jest.fn();
    const t = setup(null, roles);
    await t.record({ provider: 'intercom' });
    expect(t.writes[0].fields).toEqual({
      link: null,
      connectionStatus: 'Connected to Intercom on 2026-11-22 10:00 UTC.',
    });
    expect(roles).not.toHaveBeenCalled();
  });

  it('still records the connection when the custom roles cannot be listed', async () => {
    const t = setup('acme', async () =>
      Promise.reject(new CompanionError('ZENDESK_REQUEST_REJECTED', 'HTTP 403')),
    );
    await t.record({ provider: 'zendesk', subdomain: 'acme' });
    expect(t.writes[0].fields).toEqual({
      link: null,
      connectionStatus:
        'Connected to acme.zendesk.com on 2026-11-22 10:00 UTC. Custom roles could not be listed (ZENDESK_REQUEST_REJECTED).',
    });
  });

  it('says to connect again when the settings now name another subdomain', async () => {
    const t = setup('globex', async () => []);
    await t.record({ provider: 'zendesk', subdomain: 'acme' });
    expect(t.writes[0].fields.connectionStatus).toMatch(
      /^Zendesk is connected to another account \(acme\.zendesk\.com/,
    );
    expect(t.writes[0].fields.customRoles).toBeUndefined();
  });
});
