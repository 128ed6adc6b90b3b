import { LightningElement, api } from 'lwc';

/**
 * When a source or a push last ran and runs next, and the next run times the companion wrote
 * (Next_Runs__c), as one line each. Shared by the source cards and the Push tab.
 */
export default class UserSyncRunTimes extends LightningElement {
  /** ISO date-time of the last run; absent before a first run. */
  @api lastRun;
  /** ISO date-time of the next run; absent when none is planned. */
  @api nextRun;
  /** The next run times as the companion wrote them; absent for none. */
  @api nextRuns;
  /** What to say before a first run (nothing when absent). */
  @api notRunText;
}
