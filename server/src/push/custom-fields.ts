/**
 * The custom user fields a push needs: Zendesk's list (for the catalogue and for the admin's mapping
 * picker, as JSON on the Zendesk settings record) and the creation of each custom attribute's field
 * Zendesk does not have yet, with the type and options attributes.ts decided. A field Zendesk refuses
 * stops the activation with Zendesk's reason: values for a field that does not exist would be
 * dropped by Zendesk without a word.
 */
import { z } from 'zod';
import type { ZendeskPushClient } from '../sources/zendesk/push-client';
import type { ZendeskUserField } from '../sources/zendesk/push-types';

/**
 * `[{"key":"tier","title":"Tier","type":"dropdown","options":["gold"]}]`: what the mapping picker
 * offers, and what the next activation starts from.
 */
export const userFieldsJson = (fields: readonly ZendeskUserField[]): string =>
  JSON.stringify(
    fields
      .filter((f) => f.active)
      .map(({ key, title, type, options }) => ({ key, title, type, ...(options.length && { options }) })),
  );

const cachedSchema = z.array(
  z.object({ key: z.string(), title: z.string(), type: z.string(), options: z.array(z.string()).optional() }),
);

/** The JSON above, read back; anything unreadable counts as nothing known. */
export function parseUserFieldsJson(json: string | null): ZendeskUserField[] {
  if (!json) return [];
  try {
    const parsed = cachedSchema.safeParse(JSON.parse(json));
    if (!parsed.success) return [];
    return parsed.data.map((f, i) => ({
      id: i + 1,
      key: f.key,
      title: f.title,
      type: f.type,
      active: true,
      options: f.options ?? [],
    }));
  } catch {
    return [];
  }
}

export async function createMissingFields(
  client: Pick<ZendeskPushClient, 'createUserField'>,
  missing: ReadonlyMap<string, Record<string, unknown>>,
): Promise<{ created: ZendeskUserField[]; problems: string[] }> {
  const created: ZendeskUserField[] = [];
  const problems: string[] = [];
  for (const [key, body] of missing) {
    const result = await client.createUserField(body);
    if (result.ok) created.push(result.value);
    else
      problems.push(
        `Custom attribute ${key}: Zendesk refused to create the user field (${result.error.detail}).`,
      );
  }
  return { created, problems };
}
