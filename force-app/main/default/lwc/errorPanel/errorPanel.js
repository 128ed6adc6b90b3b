import { LightningElement, api } from 'lwc';
import { reduceErrors } from 'c/ldsUtils';

/**
 * Shows errors, reduced to messages by reduceErrors, in an alert the screen reader announces.
 */
export default class ErrorPanel extends LightningElement {
  /** One error or several (Apex, UI API or JavaScript). */
  @api errors;
  /** What the panel says above the messages. */
  @api friendlyMessage = 'Something went wrong.';

  get messages() {
    return reduceErrors(this.errors).map((message, index) => ({ key: `m${index}`, message }));
  }
}
