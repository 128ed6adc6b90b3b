/**
 * The end of a successful callback, shared by the providers: the tokens are already stored; tell
 * the companion (it records the connection in Salesforce) and only then show the admin success, so
 * the page never says "connected" while Salesforce does not know it.
 */
import type { Response } from 'express';
import { SOURCE_LABEL } from '../directory/types';
import type { ResolvedOptions } from './options';
import { sendConnectedPage, sendError } from './replies';
import type { ConnectedEvent } from './types';

export async function finishConnection(
  res: Response,
  o: Pick<ResolvedOptions, 'onConnected' | 'logger' | 'store' | 'now'>,
  event: ConnectedEvent,
): Promise<void> {
  const account = event.provider === 'zendesk' ? event.subdomain : undefined;
  // Links issued before this connection no longer open (link-use.ts).
  await o.store.recordConnection(event.provider, new Date(o.now()));
  try {
    await o.onConnected(event);
  } catch (error) {
    o.logger.error(
      { provider: event.provider, err: error },
      'tokens saved but the connection was not recorded',
    );
    return sendError(res, 'OAUTH_STATUS_NOT_RECORDED');
  }
  o.logger.info({ provider: event.provider, account }, 'authorization completed and recorded');
  sendConnectedPage(res, SOURCE_LABEL[event.provider], account);
}
