import { LightningElement, api } from 'lwc';
import getProfiles from '@salesforce/apex/UserSyncPendingUsersController.getProfiles';
import getNewUserDefaults from '@salesforce/apex/UserSyncPendingUsersController.getNewUserDefaults';
import proposeNewUsers from '@salesforce/apex/UserSyncPendingUsersController.proposeNewUsers';
import createUsers from '@salesforce/apex/UserSyncPendingUsersController.createUsers';

export const CHOOSE_PROFILE = 'Choose a profile for the new users.';

/**
 * Creates Salesforce users for selected directory rows: a profile (with the licences left on its
 * licence), time zone, locale, language and email encoding defaulted from the admin's own user, and
 * per row the proposed names, username (checked against the org) and alias, all editable. Fires
 * `done` (detail: one result per row) or `cancel`.
 */
export default class UserSyncCreateUsers extends LightningElement {
  /** The selected rows (UserSyncPendingUsersController.PendingUser). */
  @api rows = [];

  profiles = [];
  defaults = {};
  drafts = [];
  profileId;
  loading = true;
  busy = false;
  error;

  get profileOptions() {
    return this.profiles.map((profile) => ({ label: profile.label, value: profile.id }));
  }
  get chosenProfile() {
    return this.profiles.find((profile) => profile.id === this.profileId);
  }
  get licenceWarning() {
    const profile = this.chosenProfile;
    if (!profile || profile.licencesLeft >= this.drafts.length) {
      return null;
    }
    return `Only ${profile.licencesLeft} ${profile.licenceName} licences are left for ${this.drafts.length} users: the creation will be refused. Free licences, choose another profile or select fewer users.`;
  }
  get items() {
    return this.drafts.map((draft, index) => ({
      ...draft,
      key: draft.externalUserId,
      index,
      legend: `New user ${index + 1} of ${this.drafts.length}`,
    }));
  }
  get createLabel() {
    return `Create ${this.drafts.length} user${this.drafts.length === 1 ? '' : 's'}`;
  }

  async connectedCallback() {
    try {
      const [profiles, defaults, drafts] = await Promise.all([
        getProfiles(),
        getNewUserDefaults(),
        proposeNewUsers({ externalUserIds: this.rows.map((row) => row.id) }),
      ]);
      this.profiles = profiles || [];
      this.defaults = { ...defaults };
      this.drafts = drafts || [];
    } catch (error) {
      this.error = error;
    } finally {
      this.loading = false;
    }
  }

  handleProfileChange(event) {
    this.profileId = event.detail.value;
  }

  handleDefaultChange(event) {
    this.defaults = { ...this.defaults, [event.target.dataset.field]: event.detail.value };
  }

  handleDraftChange(event) {
    const index = Number(event.target.dataset.index);
    const field = event.target.dataset.field;
    this.drafts = this.drafts.map((draft, i) => {
      return i === index ? { ...draft, [field]: event.target.value } : draft;
    });
  }

  async handleCreate() {
    if (!this.profileId) {
      this.error = { message: CHOOSE_PROFILE };
      return;
    }
    this.busy = true;
    this.error = undefined;
    try {
      const settings = {
        profileId: this.profileId,
        timeZone: this.defaults.timeZone,
        locale: this.defaults.locale,
        language: this.defaults.language,
        emailEncoding: this.defaults.emailEncoding,
      };
      const users = this.drafts.map((draft) => ({
        externalUserId: draft.externalUserId,
        firstName: draft.firstName,
        lastName: draft.lastName,
        email: draft.email,
        username: draft.username,
        alias: draft.alias,
      }));
      const results = await createUsers({ settings, users });
      this.dispatchEvent(new CustomEvent('done', { detail: results }));
    } catch (error) {
      this.error = error;
    } finally {
      this.busy = false;
    }
  }

  handleCancel() {
    this.dispatchEvent(new CustomEvent('cancel'));
  }
}
