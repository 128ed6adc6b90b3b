/**
 * The limit on writing one user through `POST /api/v2/users/create_or_update`
 * (https://developer.zendesk.com/api-reference/introduction/rate-limits/): "The rate limit for updating
 * a single, unique user is 5 requests per minute", told in the header
 * `Zendesk-RateLimit-create-update-user: total=5; remaining=4; resets=60`.
 * Chosen here: the user is the folded external id, else the folded email of the request; a sliding
 * minute per user; `resets` is the seconds until that user's oldest request leaves the window (60
 * when it has none); a refused request does not count.
 */
export const CREATE_UPDATE_USER_HEADER = 'Zendesk-RateLimit-create-update-user';

export interface UserLimitAnswer {
  allowed: boolean;
  header: string;
  /** When refused: the seconds until this user may be written again. */
  retryAfterSeconds?: number;
}

export class PerUserLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    private readonly now: () => number,
  ) {}

  take(user: string): UserLimitAnswer {
    const now = this.now();
    const recent = (this.hits.get(user) ?? []).filter((t) => t > now - 60_000);
    const allowed = recent.length < this.limit;
    if (allowed) recent.push(now);
    this.hits.set(user, recent);
    const resets = recent.length ? Math.ceil((recent[0] + 60_000 - now) / 1000) : 60;
    const remaining = Math.max(0, this.limit - recent.length);
    return {
      allowed,
      header: `total=${this.limit}; remaining=${remaining}; resets=${resets}`,
      ...(!allowed && { retryAfterSeconds: Math.max(1, resets) }),
    };
  }
}
