import { DirectoryIndex } from './directory-index';
import { payloadHash } from './hash';
import { reconcile } from './reconcile';
import { hash53, Reconciler } from './reconciler';
import { SalesforceUserIndex } from './salesforce-user-index';
import { agent, NOW, rowOf, sfUser } from './test-fixtures';
import type { DirectoryRow, PlannedWrite, SalesforceUser, SourceUser } from './types';

const SETTINGS = {
  source: 'zendesk' as const,
  updateLinkedUserNames: true,
  deactivateLinkedUsers: true,
  deactivationThreshold: 0.5,
};

/** Runs the Reconciler over `users` in pages of `size`, as a run does. */
function inPages(users: SourceUser[], rows: DirectoryRow[], people: SalesforceUser[], size: number) {
  const index = new DirectoryIndex();
  index.add(rows);
  const reconciler = new Reconciler(SETTINGS, index, new SalesforceUserIndex(people), NOW);
  const pages: PlannedWrite[][] = [];
  for (let i = 0; i < users.length; i += size) pages.push(reconciler.page(users.slice(i, i + size)).writes);
  const final = reconciler.finish({ complete: true });
  return { reconciler, pages, final };
}

const byKey = (writes: PlannedWrite[]) =>
  [...writes].sort((a, b) => a.row.Source_Key__c.localeCompare(b.row.Source_Key__c));

describe('Reconciler (page by page)', () => {
  // A directory with every kind of row, and a listing that changes each kind.
  const users = Array.from({ length: 40 }, (_, i) => agent(i + 1));
  const rows = users
    .slice(0, 30)
    .map((u, i) =>
      rowOf(
        u,
        i % 7 === 0
          ? { status: 'Deactivated', statusBeforeDeactivation: 'Active', userId: `005${i}` }
          : i % 5 === 0
            ? { status: 'Active', userId: `005${i}` }
            : {},
      ),
    );
  const listed = users
    .filter((u) => u.sourceUserId !== '12' && u.sourceUserId !== '13') // removed at the source
    .map((u) =>
      u.sourceUserId === '4'
        ? { ...u, name: 'Renamed Four' }
        : u.sourceUserId === '9'
          ? { ...u, active: false, inactiveReason: 'suspended in Zendesk' }
          : u.sourceUserId === '33' || u.sourceUserId === '38'
            ? { ...u, email: 'shared@example.com' }
            : u,
    );
  const people = [sfUser('005X', 'agent35@example.com'), sfUser('005Y', 'shared@example.com')];

  it.each([1, 3, 7, 100])('decides the same in pages of %i as over the whole listing', (size) => {
    const whole = reconcile({
      users: listed,
      unreadable: [],
      rows,
      salesforceUsers: people,
      settings: { ...SETTINGS, complete: true },
      now: NOW,
    });
    const { reconciler, pages, final } = inPages(listed, rows, people, size);
    const all = [...pages.flat(), ...final.links.writes, ...final.deactivations.writes];
    expect(byKey(all)).toEqual(byKey(whole.writes));
    expect(reconciler.counts).toEqual(whole.counts);
    expect(reconciler.errors).toEqual(whole.errors);
    expect(whole.counts).toMatchObject({ created: 10, renamed: 1, reactivated: 5, deactivated: 3 });
    expect(all.find((w) => w.row.Source_Key__c === 'zendesk:35')?.row).toMatchObject({
      Status__c: 'Active',
      User__c: '005X',
    });
  });

  it('never links two users sharing an email, even when the second comes pages later', () => {
    const { pages, final, reconciler } = inPages(listed, rows, people, 1);
    const shared = [...pages.flat(), ...final.links.writes].filter((w) =>
      ['zendesk:33', 'zendesk:38'].includes(w.row.Source_Key__c),
    );
    expect(shared.map((w) => [w.row.Source_Key__c, w.row.User__c])).toEqual([
      ['zendesk:33', null],
      ['zendesk:38', null],
    ]);
    // Both were held back from their pages (a Salesforce user could match them) and decided at the end.
    expect(pages.flat().some((w) => w.row.Source_Key__c === 'zendesk:33')).toBe(false);
    expect(reconciler.errors.map((e) => e.sourceKey)).toEqual(['zendesk:33', 'zendesk:38']);
  });

  it('writes deactivations only from finish, after every page', () => {
    const { pages, final } = inPages(listed, rows, people, 5);
    expect(pages.flat().some((w) => w.change === 'deactivated')).toBe(false);
    expect(final.deactivations.writes.map((w) => w.row.Source_Key__c).sort()).toEqual([
      'zendesk:12',
      'zendesk:13',
      'zendesk:9',
    ]);
    // A deactivation changes only its own fields: the rest of the row stays as it is.
    expect(Object.keys(final.deactivations.writes[0].row).sort()).toEqual([
      'Deactivated_At__c',
      'Deactivation_Reason__c',
      'Source_Key__c',
      'Source_User_Id__c',
      'Source__c',
      'Status_Before_Deactivation__c',
      'Status__c',
    ]);
  });
});

describe('DirectoryIndex', () => {
  it('keeps status, previous status, link and hash of each row, and tells which were not listed', () => {
    const index = new DirectoryIndex();
    const linked = rowOf(agent(1), { status: 'Active', userId: '005A' });
    const gone = rowOf(agent(2), { status: 'Deactivated', statusBeforeDeactivation: 'Pending' });
    index.add([linked, gone, rowOf(agent(3)), rowOf(agent(3), { status: 'Active' })]);
    expect(index.get('zendesk:1')).toEqual({
      status: 'Active',
      before: null,
      userId: '005A',
      name: 'Agent 1',
      hash: Number.parseInt(linked.payloadHash!.slice(0, 13), 16),
    });
    expect(index.get('zendesk:2')).toMatchObject({ status: 'Deactivated', before: 'Pending', name: null });
    expect(index.get('zendesk:3')).toMatchObject({ status: 'Pending' }); // the first read of a key wins
    expect(index.liveRows).toBe(2);
    expect(index.linkedUsers.get('005A')).toBe('zendesk:1');
    index.markSeen('zendesk:1');
    expect([...index.unseenLive()].map(([key]) => key)).toEqual(['zendesk:3']);
  });

  it('holds 100,000 rows in a few bytes each beyond their keys', () => {
    const index = new DirectoryIndex();
    const hash = payloadHash(agent(1));
    index.add(
      Array.from({ length: 100_000 }, (_, i) => ({
        sourceKey: `zendesk:${i}`,
        name: `Agent ${i}`,
        status: 'Pending' as const,
        statusBeforeDeactivation: null,
        userId: null,
        payloadHash: hash,
      })),
    );
    expect(index.get('zendesk:99999')).toMatchObject({ status: 'Pending', name: null, userId: null });
    expect(index.liveRows).toBe(100_000);
  });
});

describe('hash53', () => {
  it('is stable and spreads close strings apart', () => {
    expect(hash53('agent1@example.com')).toBe(hash53('agent1@example.com'));
    const values = new Set(Array.from({ length: 50_000 }, (_, i) => hash53(`agent${i}@example.com`)));
    expect(values.size).toBe(50_000);
    expect(Number.isSafeInteger(hash53('x'))).toBe(true);
  });
});
