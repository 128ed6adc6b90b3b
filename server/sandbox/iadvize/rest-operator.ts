/**
 * The REST v2 `operator` resource: its representation and its list filters.
 *
 * Documented: the field names and types; `filters[...]` with `*` as a wildcard; `page`, `limit` (max
 * 100), `full=1`; list items as `{id, _link}` without `full=1`.
 * Inferred: values of the channel settings (chat on, call and video off, 2 simultaneous chats, the
 * API v1 default), null for unset optional fields, `_link` on full items too, `language_admin` as the
 * language part of the interface Locale, case-insensitive matching, the default limit of 20 (the
 * documented example), limits over 100 clamped to 100, unknown filter names rejected.
 */
import { SandboxOperator } from './operators';

export interface RestOperator {
  id: number;
  name: string;
  first_name: string | null;
  pseudo: string;
  email: string;
  external_id: string | null;
  role: string;
  roles: string[];
  chat_enabled: boolean;
  call_enabled: boolean;
  video_enabled: boolean;
  chat_max_number: number;
  chat_and_call: boolean;
  chat_to_video: boolean;
  chat_priority: number;
  call_priority: number;
  video_priority: number;
  language_list: string[];
  language_admin: string;
  group_id: number | null;
  website_list: number[];
  skill_list: number[];
  sso_key: string;
  call_config: {
    type: 'ANSWER_FROM_PHONE' | 'ANSWER_FROM_DESK';
    ask_phone_number_at_every_connection: boolean;
    phone_number: string | null;
  };
  _link: string;
}

export const operatorLink = (id: number): string => `/operator/${id}`;

export function toRestOperator(op: SandboxOperator): RestOperator {
  return {
    id: op.id,
    name: op.lastName,
    first_name: op.firstName ?? null,
    pseudo: op.pseudo,
    email: op.email,
    external_id: op.externalId ?? null,
    role: op.role,
    roles: [op.role],
    chat_enabled: true,
    call_enabled: false,
    video_enabled: false,
    chat_max_number: 2,
    chat_and_call: false,
    chat_to_video: false,
    chat_priority: 0,
    call_priority: 0,
    video_priority: 0,
    language_list: [...op.spokenLanguages],
    language_admin: op.interfaceLanguage.slice(0, 2),
    group_id: op.groupId ?? null,
    website_list: [],
    skill_list: [...op.skillIds],
    sso_key: op.ssoKey,
    call_config: {
      type: 'ANSWER_FROM_DESK',
      ask_phone_number_at_every_connection: false,
      phone_number: null,
    },
    _link: operatorLink(op.id),
  };
}

/** `*` broadens (any run of characters); everything else matches literally, ignoring case. */
export function wildcardMatcher(pattern: string): (value: string | undefined) => boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const re = new RegExp(`^${source}$`, 'i');
  return (value) => value !== undefined && re.test(value);
}

type Filter = (op: SandboxOperator) => boolean;

/** The documented filters the sandbox can answer; the website ones match nothing (no websites here). */
const FILTERS: Record<string, (value: string) => Filter> = {
  id: (v) => (op) => String(op.id) === v.trim(),
  email: (v) => {
    const m = wildcardMatcher(v.trim());
    return (op) => m(op.email);
  },
  name: (v) => {
    const m = wildcardMatcher(v);
    return (op) => m(op.lastName);
  },
  external_id: (v) => {
    const m = wildcardMatcher(v);
    return (op) => m(op.externalId);
  },
  group_id: (v) => (op) => op.groupId !== undefined && String(op.groupId) === v.trim(),
  skill_id: (v) => (op) => op.skillIds.some((id) => String(id) === v.trim()),
  website_id: () => () => false,
  website_list: () => () => false,
};

/** Builds the filter for `filters[name]=value` pairs, or names the first unknown filter. */
export function operatorFilter(
  filters: Record<string, string>,
): { ok: true; filter: Filter } | { ok: false; unknown: string } {
  const parts: Filter[] = [];
  for (const [name, value] of Object.entries(filters)) {
    const build = FILTERS[name];
    if (!build) return { ok: false, unknown: name };
    parts.push(build(value));
  }
  return { ok: true, filter: (op) => parts.every((f) => f(op)) };
}
