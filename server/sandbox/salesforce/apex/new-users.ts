/**
 * UserSyncNewUserChoices, UserSyncNewUsers and UserSyncLinkRowsJob of force-app: the profiles with
 * their licences left, the defaults taken from the admin's own user, the drafts proposed for selected
 * rows, and the creation itself: each user inserted in user mode on its own, then a Queueable links
 * the rows to the new users (User is a setup object: no directory row in the same transaction).
 */
import {
  CREATED_LINKING_MESSAGE,
  activationProblem,
  clip,
  describeSaveError,
  licenceShortfall,
  licencesLeft,
  proposeAlias,
  proposeUsername,
  requestProblem,
  rowResults,
  splitName,
  usernameCandidates,
  type NewUserRequest,
  type RowResult,
} from './activation-rules';
import { auraError, soqlList, soqlString, type ApexContext } from './runtime';
import type { SaveResult } from '../dml';
import type { SoqlRecord } from '../soql';

export interface NewUserSettings {
  profileId: string | null;
  timeZone: string | null;
  locale: string | null;
  language: string | null;
  emailEncoding: string | null;
}

const blank = (v: unknown) => v === null || v === undefined || String(v).trim() === '';

export function licencesOf(ctx: ApexContext, licenceIds: Iterable<string>): Map<string, SoqlRecord> {
  const rows = ctx.query(
    `SELECT Id, Name, TotalLicenses, UsedLicenses FROM UserLicense WHERE Id IN ${soqlList(licenceIds)}`,
  );
  return new Map(rows.map((row) => [row.Id as string, row]));
}

export function profileOptions(ctx: ApexContext) {
  const profiles = ctx.query(
    `SELECT Id, Name, UserLicenseId FROM Profile WHERE UserType = 'Standard' ORDER BY Name`,
  );
  const licences = licencesOf(
    ctx,
    profiles.map((p) => p.UserLicenseId as string),
  );
  return profiles.map((profile) => {
    const licence = licences.get(profile.UserLicenseId as string);
    const licenceName = licence ? (licence.Name as string) : 'unknown licence';
    const left = licence ? licencesLeft(licence.TotalLicenses, licence.UsedLicenses) : 0;
    return {
      id: profile.Id as string,
      label: `${String(profile.Name)} (${licenceName}: ${left} licences left)`,
      licenceName,
      licencesLeft: left,
    };
  });
}

export function adminUser(ctx: ApexContext): SoqlRecord {
  const [admin] = ctx.query(
    `SELECT TimeZoneSidKey, LocaleSidKey, LanguageLocaleKey, EmailEncodingKey FROM User WHERE Id = ${soqlString(ctx.userId)}`,
  );
  return admin;
}

function picklist(ctx: ApexContext, field: string) {
  const values = ctx.org.def('User').fields.get(field.toLowerCase())?.picklist?.values ?? [];
  return values.map((value) => ({ label: value, value }));
}

export function defaults(ctx: ApexContext) {
  const admin = adminUser(ctx);
  return {
    timeZone: admin.TimeZoneSidKey,
    locale: admin.LocaleSidKey,
    language: admin.LanguageLocaleKey,
    emailEncoding: admin.EmailEncodingKey,
    timeZones: picklist(ctx, 'TimeZoneSidKey'),
    locales: picklist(ctx, 'LocaleSidKey'),
    languages: picklist(ctx, 'LanguageLocaleKey'),
    emailEncodings: picklist(ctx, 'EmailEncodingKey'),
  };
}

export function takenUsernames(ctx: ApexContext, candidates: Set<string>): Set<string> {
  if (candidates.size === 0) return new Set();
  const rows = ctx.query(`SELECT Username FROM User WHERE Username IN ${soqlList(candidates)}`);
  return new Set(rows.map((row) => String(row.Username).toLowerCase()));
}

export function drafts(ctx: ApexContext, externalUserIds: string[]): NewUserRequest[] {
  const rows = ctx.query(
    `SELECT Id, Name, Email__c FROM External_User__c WHERE Id IN ${soqlList(externalUserIds)} ORDER BY Name`,
  );
  const bases = new Set(rows.map((row) => usernameCandidates(row.Email__c)[0]).filter(Boolean));
  const taken = takenUsernames(ctx, bases);
  const variants = new Set([...taken].flatMap((base) => usernameCandidates(base)));
  for (const name of takenUsernames(ctx, variants)) taken.add(name);
  return rows.map((row) => {
    const [firstName, lastName] = splitName(row.Name);
    const username = proposeUsername(row.Email__c, taken);
    if (username !== null) taken.add(username);
    return {
      externalUserId: row.Id as string,
      firstName,
      lastName,
      email: (row.Email__c as string | null) ?? null,
      username,
      alias: proposeAlias(firstName, lastName, row.Email__c),
    };
  });
}

export function linkedRow(rowId: string, userId: string): Record<string, unknown> {
  return {
    Id: rowId,
    User__c: userId,
    Status__c: 'Active',
    Activated_By_Admin__c: true,
    Activation_Message__c: null,
  };
}

export function messageRow(rowId: string, message: string): Record<string, unknown> {
  return { Id: rowId, Activation_Message__c: clip(message) };
}

function failuresOf(rows: Record<string, unknown>[], results: SaveResult[]): Map<string, string> {
  const failures = new Map<string, string>();
  results.forEach((result, i) => {
    if (!result.success)
      failures.set(
        rows[i].Id as string,
        describeSaveError(result.errors[0].statusCode, result.errors[0].message),
      );
  });
  return failures;
}

export function updateRows(ctx: ApexContext, rows: Record<string, unknown>[]): Map<string, string> {
  return rows.length === 0 ? new Map() : failuresOf(rows, ctx.update('External_User__c', rows));
}

/** UserSyncLinkRowsJob: links created users to their rows and writes the messages of the others. */
function linkRowsJob(userIdByRow: Map<string, string>, messageByRow: Map<string, string>) {
  return (ctx: ApexContext) => {
    const updates = [
      ...[...userIdByRow].map(([rowId, userId]) => linkedRow(rowId, userId)),
      ...[...messageByRow].map(([rowId, message]) => messageRow(rowId, message)),
    ];
    const failures = updateRows(ctx, updates);
    const notes = [...failures]
      .filter(([rowId]) => userIdByRow.has(rowId))
      .map(([rowId, reason]) =>
        messageRow(
          rowId,
          `Salesforce user ${userIdByRow.get(rowId)} was created but not linked to this row: ${reason} Link it with Link to user.`,
        ),
      );
    updateRows(ctx, notes);
  };
}

function requestProblems(ctx: ApexContext, requests: NewUserRequest[]): Map<string, string> {
  const rowIds = new Set(requests.map((r) => r.externalUserId));
  const usernames = new Set(requests.map((r) => (r.username ?? '').trim().toLowerCase()));
  const rows = new Map(
    ctx
      .query(`SELECT Id, Status__c FROM External_User__c WHERE Id IN ${soqlList(rowIds)}`)
      .map((row) => [row.Id as string, row]),
  );
  const taken = takenUsernames(ctx, usernames);
  const seen = new Set<string>();
  const seenRows = new Set<string>();
  const problems = new Map<string, string>();
  for (const request of requests) {
    const first = !seenRows.has(request.externalUserId);
    seenRows.add(request.externalUserId);
    const problem =
      (first ? activationProblem(rows.get(request.externalUserId)) : 'This user is selected twice.') ??
      requestProblem(request, taken, seen);
    if (problem !== null) problems.set(request.externalUserId, problem);
  }
  return problems;
}

export function createUsers(
  ctx: ApexContext,
  settings: NewUserSettings | null,
  requests: NewUserRequest[],
): RowResult[] {
  if (!settings || blank(settings.profileId)) throw auraError('Choose a profile for the new users.');
  const [profile] = ctx.query(
    `SELECT Id, Name, UserLicenseId FROM Profile WHERE Id = ${soqlString(settings.profileId as string)}`,
  );
  if (!profile) throw auraError(`No profile with Id ${settings.profileId}: choose another.`);
  const problems = requestProblems(ctx, requests);
  const toCreate = requests.filter((r) => !problems.has(r.externalUserId));
  const licence = licencesOf(ctx, [profile.UserLicenseId as string]).get(profile.UserLicenseId as string);
  const left = licence ? licencesLeft(licence.TotalLicenses, licence.UsedLicenses) : 0;
  const shortfall = licenceShortfall(
    licence ? (licence.Name as string) : (profile.Name as string),
    toCreate.length,
    left,
  );
  if (shortfall !== null) throw auraError(shortfall);
  const createdByRow = new Map<string, string>();
  if (toCreate.length > 0) {
    const admin = adminUser(ctx);
    const pick = (value: string | null, fallback: unknown) => (blank(value) ? fallback : value);
    const users = toCreate.map((r) => ({
      FirstName: blank(r.firstName) ? null : (r.firstName as string).trim(),
      LastName: String(r.lastName).trim(),
      Email: String(r.email).trim(),
      Username: String(r.username).trim(),
      Alias: String(r.alias).trim(),
      ProfileId: settings.profileId,
      TimeZoneSidKey: pick(settings.timeZone, admin.TimeZoneSidKey),
      LocaleSidKey: pick(settings.locale, admin.LocaleSidKey),
      LanguageLocaleKey: pick(settings.language, admin.LanguageLocaleKey),
      EmailEncodingKey: pick(settings.emailEncoding, admin.EmailEncodingKey),
    }));
    ctx.insert('User', users).forEach((saved, i) => {
      const rowId = toCreate[i].externalUserId;
      if (saved.success) createdByRow.set(rowId, saved.id as string);
      else problems.set(rowId, describeSaveError(saved.errors[0].statusCode, saved.errors[0].message));
    });
  }
  if (createdByRow.size > 0 || problems.size > 0)
    ctx.enqueueJob(linkRowsJob(createdByRow, new Map(problems)));
  return rowResults(
    requests.map((r) => r.externalUserId),
    problems,
    CREATED_LINKING_MESSAGE,
  );
}
