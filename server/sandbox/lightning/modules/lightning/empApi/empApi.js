import { session } from 'preview/session';
import { BayeuxClient } from 'preview/bayeux';

/*
 * lightning/empApi on the sandbox org: the same four functions Lightning Experience offers
 * (isEmpEnabled, subscribe, unsubscribe, onError), over one CometD connection per page to the org's
 * Streaming API with the page's session. Messages reach the callback as empApi hands them over:
 * `{ channel, data: { schema, payload, event: { replayId } } }`.
 */
let client;
const errorListeners = new Set();

function fail(message) {
  for (const listener of errorListeners) {
    listener({ error: message });
  }
}

function bayeux() {
  if (!client) {
    client = new BayeuxClient(session().token, fail);
  }
  return client;
}

export function isEmpEnabled() {
  return Promise.resolve(Boolean(session().token) && globalThis.fetch !== undefined);
}

export function onError(callback) {
  errorListeners.add(callback);
}

export function setDebugFlag() {
  return Promise.resolve(true);
}

export async function subscribe(channel, replayId, onMessageCallback) {
  const listener = (message) => onMessageCallback(message);
  await bayeux().subscribe(channel, Number(replayId), listener);
  return { id: `${channel}:${Math.random().toString(36).slice(2)}`, channel, replayId, listener };
}

export function unsubscribe(subscription, callback) {
  if (subscription && client) {
    client.unsubscribe(subscription.channel, subscription.listener);
  }
  if (callback) {
    callback({ successful: true, subscription: subscription && subscription.channel });
  }
  return Promise.resolve(true);
}
