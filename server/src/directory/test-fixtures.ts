import { payloadHash } from './hash';
import { sourceKeyOf } from './reconciler';
import type { DirectoryRow, SalesforceUser, SourceUser } from './types';

export const NOW = new Date('2026-11-22T12:00:00.000Z');

/** A Zendesk agent as the source client hands it over. */
export const agent = (id: number, over: Partial<SourceUser> = {}): SourceUser => ({
  sourceUserId: String(id),
  name: `Agent ${id}`,
  email: `agent${id}@example.com`,
  primaryIdentifier: `agent${id}@example.com`,
  role: 'agent',
  active: true,
  ...over,
});

/** The row a previous run would have written for this source user. */
export const rowOf = (user: SourceUser, over: Partial<DirectoryRow> = {}): DirectoryRow => ({
  id: `a0A${user.sourceUserId.padStart(12, '0')}`,
  sourceKey: sourceKeyOf('zendesk', user.sourceUserId),
  sourceUserId: user.sourceUserId,
  name: user.name,
  email: user.email,
  primaryIdentifier: user.primaryIdentifier,
  role: user.role,
  status: 'Pending',
  statusBeforeDeactivation: null,
  userId: null,
  activatedByAdmin: false,
  payloadHash: payloadHash(user),
  ...over,
});

export const sfUser = (id: string, email: string, over: Partial<SalesforceUser> = {}): SalesforceUser => ({
  id,
  email,
  matchValue: email,
  isActive: true,
  ...over,
});
