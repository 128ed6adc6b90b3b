import { LightningElement, api } from 'lwc';

/**
 * One run of a push (an activation or a preview): status, counts, the message, one line per user the
 * push could not send, and for a preview what the first changed users would send.
 */
export default class UserSyncPushRun extends LightningElement {
  /** UserSyncPushViews.RunView. */
  @api run;
  /** The heading: "Latest activation", "Latest preview". */
  @api heading;

  get counts() {
    return ((this.run && this.run.counts) || []).map((count) => ({ ...count, key: count.label }));
  }
  get errors() {
    return ((this.run && this.run.errors) || []).map((line, index) => ({ key: `e${index}`, line }));
  }
  get hasErrors() {
    return this.errors.length > 0;
  }
  get sample() {
    return ((this.run && this.run.sample) || []).map((row) => ({
      ...row,
      key: row.userId,
      known: row.zendeskId ? `Zendesk user ${row.zendeskId}` : 'Not pushed yet',
      attributes: (row.attributes || []).map((a) => ({ ...a, key: `${row.userId}-${a.label}` })),
    }));
  }
  get hasSample() {
    return this.sample.length > 0;
  }
  get title() {
    return this.run ? `${this.heading}: ${this.run.name}, ${this.run.status}` : this.heading;
  }
}
