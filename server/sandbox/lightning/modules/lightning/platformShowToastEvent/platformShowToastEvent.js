/*
 * lightning/platformShowToastEvent: the event Lightning Experience turns into a toast. The page's
 * shell (preview/app) listens for it and shows an SLDS toast.
 */
export const SHOW_TOAST_EVENT_NAME = 'lightning__showtoast';

export class ShowToastEvent extends CustomEvent {
  constructor(toast) {
    super(SHOW_TOAST_EVENT_NAME, { bubbles: true, composed: true, cancelable: true, detail: toast });
  }
}
