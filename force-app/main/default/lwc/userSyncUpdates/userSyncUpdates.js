import { subscribe, unsubscribe, onError, isEmpEnabled } from 'lightning/empApi';

/** The platform event the companion publishes when it changed a settings record or a run. */
export const CHANNEL = '/event/User_Sync_Update__e';
/** Without the Streaming API: one refresh every 3 seconds … */
export const POLL_INTERVAL_MS = 3000;
/** … at most 40 times (2 minutes) after each action that waits for the companion. */
export const MAX_POLLS = 40;

/**
 * Calls `onUpdate` when the companion reports a change, so that a tab refreshes its Apex data without
 * a page reload.
 *
 * With the Streaming API (empApi enabled: desktop Lightning Experience), `onUpdate(payload)` runs on
 * every User_Sync_Update__e (`{ Source__c, Kind__c, Record_Id__c }`), replaying only new events (-1).
 * Without it (empApi disabled, e.g. the mobile app, or the subscription refused), nothing is pushed:
 * `expectChange()` then starts a bounded burst of `onUpdate(null)` calls, every POLL_INTERVAL_MS at
 * most MAX_POLLS times, which the tab calls after an action that waits for the companion (connect,
 * sync now, preview) or while a run is in progress. `expectChange({ poll: true })` polls even with
 * the Streaming API, for changes no event announces (rows linked by a Queueable).
 *
 * @param {Function} onUpdate called with the event payload, or null when polling
 * @param {Object} [options] `intervalMs`, `maxPolls` (tests shorten them)
 * @return {{ ready: Promise<String>, expectChange: Function, stop: Function }} `ready` resolves to
 * 'streaming' or 'polling'; `stop()` unsubscribes and stops polling (call it in disconnectedCallback)
 */
export function watchUpdates(onUpdate, options = {}) {
  const intervalMs = options.intervalMs ?? POLL_INTERVAL_MS;
  const maxPolls = options.maxPolls ?? MAX_POLLS;
  const state = { streaming: false, stopped: false, subscription: null, timer: null, pollsLeft: 0 };

  const stopPolling = () => {
    if (state.timer) {
      clearInterval(state.timer);
      state.timer = null;
    }
  };
  const startPolling = () => {
    state.pollsLeft = maxPolls;
    if (state.timer || state.stopped) {
      return;
    }
    // Polling is the documented fallback when the Streaming API is unavailable: bounded, stopped
    // in disconnectedCallback.
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    state.timer = setInterval(() => {
      state.pollsLeft -= 1;
      if (state.pollsLeft <= 0) {
        stopPolling();
      }
      onUpdate(null);
    }, intervalMs);
  };

  const ready = connect(state, onUpdate);
  return {
    ready,
    expectChange(expectation = {}) {
      if (!state.streaming || expectation.poll) {
        startPolling();
      }
    },
    stop() {
      state.stopped = true;
      stopPolling();
      if (state.subscription) {
        unsubscribe(state.subscription, () => {});
        state.subscription = null;
      }
    },
  };
}

async function connect(state, onUpdate) {
  try {
    if (!(await isEmpEnabled())) {
      return 'polling';
    }
    onError(() => {
      // The subscription was lost (session or network): fall back to polling on demand.
      state.streaming = false;
    });
    const subscription = await subscribe(CHANNEL, -1, (message) => {
      onUpdate(message && message.data ? message.data.payload : null);
    });
    if (state.stopped) {
      unsubscribe(subscription, () => {});
      return 'polling';
    }
    state.subscription = subscription;
    state.streaming = true;
    return 'streaming';
  } catch {
    // empApi refused (no Streaming API for this user or context): poll on demand instead.
    return 'polling';
  }
}
