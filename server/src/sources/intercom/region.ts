/**
 * The workspace's data-hosting region and its REST API host
 * (https://developers.intercom.com/building-apps/docs/rest-apis, and the OpenAPI `servers` block):
 * US api.intercom.io, EU api.eu.intercom.io, AU api.au.intercom.io. api.intercom.io "will attempt
 * to route your request to the correct region", but calling the regional host directly avoids
 * depending on that; the region comes from settings or GET /me `app.region`.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../../lib/result';

export const INTERCOM_REGIONS = ['us', 'eu', 'au'] as const;
export type IntercomRegion = (typeof INTERCOM_REGIONS)[number];

export const REGION_BASE_URLS: Readonly<Record<IntercomRegion, string>> = {
  us: 'https://api.intercom.io',
  eu: 'https://api.eu.intercom.io',
  au: 'https://api.au.intercom.io',
};

/** Case-insensitive, so both a setting ('eu') and [inferred] /me's spelling ('EU') are accepted. */
const regionSchema = z.string().trim().toLowerCase().pipe(z.enum(INTERCOM_REGIONS));

export function parseRegion(input: unknown): Result<IntercomRegion, string> {
  const parsed = regionSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return err(`Intercom region must be one of ${INTERCOM_REGIONS.join(', ')}; got ${JSON.stringify(input)}`);
}

export function regionBaseUrl(region: IntercomRegion): string {
  return REGION_BASE_URLS[region];
}
