/**
 * The support team `npm run sandbox` starts with, spread over the four systems as a real one would be:
 * - Zendesk (abc-energy): 4 admins and 36 agents, of whom 8 hold the custom role "Tier 2 Support" and
 *   6 "Billing Specialist", plus 5 end users (customers, never imported);
 * - Intercom: 12 teammates;
 * - Salesforce: 30 users on 6 profiles and 3 licences (Salesforce: 2 left; Salesforce Platform: none
 *   left; Chatter Free), 6 of them with the email of a Zendesk agent and 2 with a teammate's, and
 *   Maria Garcia under another email than Zendesk's (she is linked by hand);
 * - iAdvize: 3 operators, one of them with a Salesforce user's email.
 * Two people run the app: the org's admin (System Administrator, the User Sync Full Admin group) and
 * Sam Rivera (System Administrator, User Sync Activate Users only: may activate users, not manage
 * the integrations).
 */
import type { LightningUser } from './lightning/routes';
import type { LicenseSeed } from './salesforce/org';
import type { SandboxStack } from './stack';

export const ZENDESK_SUBDOMAIN = 'abc-energy';
const DOMAIN = 'abc-energy.com';

const FIRST = [
  'Ana',
  'Ben',
  'Chloé',
  'David',
  'Elif',
  'Farid',
  'Grace',
  'Hugo',
  'Inès',
  'Jonas',
  'Keiko',
  'Liam',
];
const LAST = ['Martin', 'Okafor', 'Dubois', 'Kowalski', 'Yilmaz', 'Haddad', 'Lee', 'Moreau', 'Costa', 'Berg'];

/** The n-th person (n < 120): every n gives another name and so another email. */
export function person(n: number): { FirstName: string; LastName: string; Email: string } {
  const FirstName = FIRST[n % FIRST.length];
  const LastName = LAST[(n + Math.floor(n / FIRST.length)) % LAST.length];
  const local = `${FirstName}.${LastName}`
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return { FirstName, LastName, Email: `${local}@${DOMAIN}` };
}

const fullName = (p: { FirstName: string; LastName: string }) => `${p.FirstName} ${p.LastName}`;

export interface SeededTeam {
  zendesk: { admins: number; agents: number; endUsers: number; customRoles: Record<string, number> };
  intercom: { teammates: number };
  salesforce: { users: number };
  iadvize: { operators: number };
  /** Who the Lightning page can run as: the admin first. */
  lightningUsers: LightningUser[];
}

/** The licences beyond the org's own: Salesforce Platform, all in use. */
export const TEAM_LICENSES: LicenseSeed[] = [
  { name: 'Salesforce Platform', key: 'AUL', total: 3, profiles: ['Standard Platform User'] },
];
/** Salesforce licences: the 25 users below that hold one, plus 2 free. */
export const TEAM_SALESFORCE_LICENSES = 27;

export const AGENTS_WITH_SALESFORCE_USERS = 6;

/** The Intercom workspace's owner, who installs the app: the first teammate. */
export function intercomOwner(): { name: string; email: string; job_title: string } {
  const p = person(40);
  return { name: fullName(p), email: p.Email, job_title: 'Team lead' };
}
/** Index of Maria Garcia among the Zendesk people (an agent with the Tier 2 role). */
const MARIA = 10;

export function seedTeam(stack: SandboxStack): SeededTeam {
  const { org } = stack.salesforce;
  const zendesk = stack.zendesk.state;

  // ---- Zendesk: people 0-39, admins first; agent 10 is Maria Garcia ---------------------------------
  const tier2 = zendesk.addCustomRole('Tier 2 Support');
  const billing = zendesk.addCustomRole('Billing Specialist');
  const agents: Array<{ FirstName: string; LastName: string; Email: string }> = [];
  for (let i = 0; i < 40; i++) {
    const p =
      i === MARIA ? { FirstName: 'Maria', LastName: 'Garcia', Email: `maria.garcia@${DOMAIN}` } : person(i);
    const role = i < 4 ? 'admin' : 'agent';
    const customRole = i >= 4 && i < 12 ? tier2.id : i >= 12 && i < 18 ? billing.id : null;
    zendesk.addUser({ name: fullName(p), email: p.Email, role, custom_role_id: customRole });
    if (role === 'agent') agents.push(p);
  }
  for (let i = 1; i <= 5; i++)
    zendesk.addUser({ name: `Customer ${i}`, email: `customer${i}@example.org`, role: 'end-user' });

  // ---- Intercom: people 40-51, the workspace owner (INTERCOM_OWNER) first ----------------------------
  const teammates = Array.from({ length: 12 }, (_, i) => person(40 + i));
  for (const p of teammates.slice(1))
    stack.intercom.state.addAdmin({ name: fullName(p), email: p.Email, job_title: 'Support' });

  // ---- Salesforce: 30 users ------------------------------------------------------------------------
  const profile = (name: string) =>
    org.query(`SELECT Id FROM Profile WHERE Name = '${name}'`)[0].Id as string;
  org.assignPermissionSet(org.adminUsername, 'User_Sync_Full_Admin');
  org.assignPermissionSet(stack.companionAuth.username, 'User_Sync_Integration');
  const sam = { FirstName: 'Sam', LastName: 'Rivera', Email: `sam.rivera@${DOMAIN}` };
  org.addUser({ ...sam, Username: sam.Email, ProfileId: profile('System Administrator') });
  org.assignPermissionSet(sam.Email, 'User_Sync_Activate_Users');
  // Agents and teammates who already have a Salesforce user with their email: the import links them.
  for (const p of agents.slice(0, AGENTS_WITH_SALESFORCE_USERS))
    org.addUser({ ...p, Title: 'Support agent' });
  for (const p of teammates.slice(0, 2)) org.addUser({ ...p, Title: 'Chat support' });
  org.addUser({
    FirstName: 'María',
    LastName: 'García',
    Email: `m.garcia@${DOMAIN}`,
    Title: 'Support agent',
  });
  // Sales and back office (people 60-72): Standard User, two auditors Read Only.
  for (let i = 0; i < 13; i++)
    org.addUser({
      ...person(60 + i),
      Title: i < 11 ? 'Account executive' : 'Auditor',
      ...(i >= 11 && { ProfileId: profile('Read Only') }),
    });
  // Operations on Salesforce Platform (people 73-75): its licences are all used.
  for (let i = 0; i < 3; i++)
    org.addUser({ ...person(73 + i), ProfileId: profile('Standard Platform User') });
  for (let i = 1; i <= 2; i++)
    org.addUser({
      FirstName: 'Partner',
      LastName: `${i}`,
      Email: `partner${i}@example.net`,
      ProfileId: profile('Chatter Free User'),
    });

  // ---- iAdvize -------------------------------------------------------------------------------------
  const iadvize = stack.iadvize.state;
  // Has a sales user's email: ticking that user is Skipped, never a second operator.
  const known = person(60);
  iadvize.seedOperator({ email: known.Email, firstName: known.FirstName, lastName: known.LastName });
  iadvize.seedOperator({ email: `night.desk@${DOMAIN}`, firstName: 'Night', lastName: 'Desk' });
  iadvize.seedOperator({ email: `weekend.desk@${DOMAIN}`, firstName: 'Weekend', lastName: 'Desk' });

  const users = org.query('SELECT Id FROM User').length;
  return {
    zendesk: {
      admins: 4,
      agents: agents.length,
      endUsers: 5,
      customRoles: { [tier2.name]: 8, [billing.name]: 6 },
    },
    intercom: { teammates: teammates.length },
    salesforce: { users },
    iadvize: { operators: 3 },
    lightningUsers: [
      { key: 'admin', username: org.adminUsername, label: 'Sandbox Admin (User Sync Full Admin)' },
      { key: 'sam', username: `sam.rivera@${DOMAIN}`, label: 'Sam Rivera (User Sync Activate Users only)' },
    ],
  };
}
