import { session } from 'preview/session';

/*
 * Calls an @AuraEnabled Apex method on the sandbox org as the page's user. A refusal comes back
 * shaped as Lightning shapes it for components (`{ status, statusText, body: { message,
 * exceptionType, ... } }`), so reduceErrors reads it as it would in an org.
 */
export async function callApex(classname, method, params) {
  const { token } = session();
  let response;
  try {
    response = await fetch('/aura/apex', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `OAuth ${token}` },
      body: JSON.stringify({ classname, method, params: params || {} }),
    });
  } catch {
    return Promise.reject({
      status: 0,
      statusText: 'Disconnected',
      body: { message: 'Disconnected or canceled' },
    });
  }
  const body = await response.json().catch(() => ({}));
  if (response.ok) {
    return body.returnValue;
  }
  // Lightning rejects with this plain object (not an Error): components read error.body.message.
  return Promise.reject({
    status: response.status,
    statusText: response.statusText,
    ok: false,
    headers: {},
    body: body.error || { message: response.statusText },
  });
}
