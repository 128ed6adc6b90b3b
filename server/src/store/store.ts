import type { RunLockStore } from '../jobs/run-lock';
import type { Snapshot } from '../push/types';
/**
 * Everything the companion keeps between restarts, behind one interface. Salesforce stays the
 * system of record; this holds only what a worker needs to be correct. The methods are async so
 * that a Postgres store serving several companion instances can implement the same contract.
 */
export interface HandledEvent {
  eventUuid: string;
  replayId: number;
}

export interface EventStore {
  /** The replay id of the last event handled on a channel, if any. */
  getReplayId(channel: string): Promise<number | undefined>;
  /** The uuids among `uuids` that were already handled (the ledger). */
  handledAmong(uuids: string[]): Promise<Set<string>>;
  /**
   * Records a batch as handled and moves the channel's position to the batch's last event, in one
   * transaction: the position never runs ahead of the ledger.
   */
  markHandled(channel: string, events: HandledEvent[]): Promise<void>;
  /** Forgets ledger entries older than the platform's retention: they can no longer be replayed. */
  pruneLedger(olderThan: Date): Promise<number>;
}

/**
 * Which iAdvize operator the companion created for which Salesforce user. Written the moment iAdvize
 * confirms a creation, before anything is written back to Salesforce, so a request redelivered after
 * a crash finishes with the same operator instead of meeting "email already used".
 */
export interface CreationJournal {
  recordCreation(userId: string, operatorId: string): Promise<void>;
  createdOperators(userIds: string[]): Promise<Map<string, string>>;
}

/**
 * OAuth tokens per provider ('zendesk', 'intercom'). The store only ever sees the sealed envelope
 * (lib/crypto-box via connect/token-vault): a copied database file gives away no token.
 */
export interface TokenStore {
  /** Replaces the provider's tokens; resolves once durable (Zendesk rotation depends on it). */
  saveSealedTokens(provider: string, sealed: string): Promise<void>;
  loadSealedTokens(provider: string): Promise<string | undefined>;
}

/** An authorization the admin's browser is on its way through: what its callback needs back. */
export interface OAuthState {
  state: string;
  provider: string;
  /** Zendesk only: the validated subdomain the flow was started for. */
  subdomain?: string;
  /** PKCE (Zendesk): the verifier whose challenge went into the authorize URL. */
  codeVerifier?: string;
  /** SHA-256 of the nonce in the starting browser's cookie: the callback must come from that browser. */
  browserHash?: string;
  /** Zendesk: the scope the authorization was asked with. */
  scope?: string;
}

export interface OAuthStateStore {
  putOAuthState(record: OAuthState, createdAt?: Date): Promise<void>;
  /**
   * Single use: the record is deleted in the same step it is read, so a replayed callback finds
   * nothing. Undefined when unknown, already taken, or older than `maxAgeMs` at `now`.
   */
  takeOAuthState(state: string, maxAgeMs: number, now?: Date): Promise<OAuthState | undefined>;
  /** Forgets authorizations started before `olderThan` and never finished. */
  pruneOAuthStates(olderThan: Date): Promise<number>;
}

/** Why a connect link may not start a flow, beyond its signature and expiry. */
export type LinkUse = 'fresh' | 'used' | 'superseded';

export interface ConnectLinkStore {
  /**
   * Marks a link as opened, in one step: 'used' when it was opened before, 'superseded' when the
   * source connected after it was issued, else 'fresh'. Forgets links past their expiry.
   */
  useConnectLink(
    link: { provider: string; nonceHash: string; issuedAt: Date; expiresAt: Date },
    now: Date,
  ): Promise<LinkUse>;
  /** A flow completed: links issued before `at` no longer open. */
  recordConnection(provider: string, at: Date): Promise<void>;
}

/** A run whose deactivations were held for an admin, and what became of it. */
export interface HeldRun {
  runId: string;
  source: string;
  state: 'held' | 'confirmed' | 'superseded';
  /** The run that confirmed or superseded it. */
  closedBy: string | null;
}

export interface HeldRunStore {
  /** Keeps a held run's deactivations (source keys) until it is confirmed or superseded. */
  holdDeactivations(source: string, runId: string, keys: string[], at: Date): Promise<void>;
  heldRun(runId: string): Promise<HeldRun | undefined>;
  heldKeys(runId: string): Promise<Set<string>>;
  /** The held run was confirmed and applied by run `by`; its keys are dropped. */
  confirmHeldRun(runId: string, by: string): Promise<void>;
  /**
   * Every run of `source` still held, except `except`, is superseded by run `by` (a later complete
   * listing): returns their ids. Their keys are dropped.
   */
  supersedeHeldRuns(source: string, by: string, except?: string): Promise<string[]>;
}

/**
 * What each push last sent and Zendesk confirmed, per Salesforce user (push/diff.ts): fingerprints,
 * never values. A snapshot is written only once Zendesk confirmed the user, so a user that failed is
 * sent again by the next activation.
 */
export interface PushSnapshotStore {
  /** The snapshots of these users for this push (missing users were never confirmed). */
  pushSnapshots(pushId: string, userIds: readonly string[]): Promise<Map<string, Snapshot>>;
  /** Replaces the snapshots of these users, in one transaction. */
  savePushSnapshots(pushId: string, snapshots: readonly Snapshot[], at: Date): Promise<void>;
  /** The Zendesk user is gone (deleted, merged): the next activation looks these users up again. */
  forgetZendeskIds(pushId: string, userIds: readonly string[]): Promise<void>;
}

export interface Store
  extends
    EventStore,
    PushSnapshotStore,
    HeldRunStore,
    CreationJournal,
    TokenStore,
    OAuthStateStore,
    ConnectLinkStore,
    RunLockStore {
  close(): Promise<void>;
}
