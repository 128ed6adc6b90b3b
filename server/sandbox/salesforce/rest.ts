/**
 * The REST API router for /services/data/vXX.X/...: resource list, limits, sObjects, query /
 * queryAll, sObject Collections and composite. Pure request -> response over the org; app.ts does
 * the HTTP side (authentication, counters, Sforce-Limit-Info, latency) and hands /jobs (Bulk API 2.0,
 * bulk2.ts) to the org's bulk engine.
 */
import { handleCollections } from './collections';
import { handleComposite } from './composite';
import { globalDescribe } from './describe';
import { methodNotAllowed, notFound } from './errors';
import { handleQuery } from './query';
import { RestContext, RestRequest, RestResponse } from './rest-types';
import { handleSObjects } from './sobjects';

const HOUR = 60 * 60 * 1000;

/** Kind of a request for the counters (and whether it counts toward the daily API limit). */
export function requestKind(
  req: Pick<RestRequest, 'method' | 'segments'>,
  isEvent: (name: string) => boolean,
): string {
  const [first, second, third] = req.segments;
  switch (first) {
    case undefined:
    case '':
      return 'resources';
    case 'query':
    case 'queryAll':
      return 'query';
    case 'limits':
      return 'limits';
    case 'jobs':
      return 'bulk';
    case 'composite':
      return second === 'sobjects' ? 'collections' : 'composite';
    case 'sobjects':
      if (second === undefined || third === 'describe') return 'describe';
      if (req.method === 'POST' && third === undefined && isEvent(second)) return 'publish';
      return 'sobject';
    default:
      return 'other';
  }
}

function resources(version: string): Record<string, string> {
  const base = `/services/data/v${version}`;
  const names = ['sobjects', 'query', 'queryAll', 'composite', 'limits', 'identity', 'jobs'];
  return Object.fromEntries(names.map((n) => [n, `${base}/${n}`]));
}

function limits(ctx: RestContext): Record<string, { Max: number; Remaining: number }> {
  const { org } = ctx;
  const now = org.now();
  const publishedLastHour = org.schema
    .all()
    .filter((d) => d.kind === 'event')
    .reduce(
      (n, d) => n + org.bus.retained(`/event/${d.name}`).filter((e) => e.publishedAt > now - HOUR).length,
      0,
    );
  const entry = (max: number, used: number) => ({ Max: max, Remaining: Math.max(0, max - used) });
  return {
    DailyApiRequests: entry(org.dailyApiRequests, org.counters.apiRequests),
    DailyBulkApiBatches: entry(org.bulk.options.dailyBatchAllocation, org.bulk.batchesUsed),
    DailyDeliveredPlatformEvents: entry(50_000, org.deliveredEvents),
    HourlyPublishedPlatformEvents: entry(250_000, publishedLastHour),
    HourlyPublishedStandardVolumePlatformEvents: entry(100_000, 0),
    DailyStreamingApiEvents: entry(1_000_000, 0),
    DataStorageMB: entry(1024, 0),
    FileStorageMB: entry(1024, 0),
  };
}

/** Parses a subrequest URL (/services/data/vXX.X/...) into version + segments and runs it. */
function runSubrequest(
  ctx: RestContext,
  parent: RestRequest,
  sub: { method: string; url: string; body: unknown; headers: Record<string, string> },
): RestResponse {
  const url = new URL(sub.url, 'http://composite.invalid');
  const m = /^\/services\/data\/v(\d+\.\d)(?:\/(.*))?$/.exec(url.pathname.replace(/\/$/, ''));
  if (!m) throw notFound();
  const query: Record<string, string> = {};
  url.searchParams.forEach((v, k) => (query[k] = v));
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(sub.headers)) headers[k.toLowerCase()] = v;
  return handleRest(ctx, {
    method: sub.method,
    version: m[1],
    segments: (m[2] ?? '').split('/').filter(Boolean).map(decodeURIComponent),
    query,
    headers,
    body: sub.body,
    userId: parent.userId,
  });
}

/** Handles an authenticated request under /services/data/vXX.X. Throws RestError for error answers. */
export function handleRest(ctx: RestContext, req: RestRequest): RestResponse {
  const [first] = req.segments;
  switch (first) {
    case undefined:
      if (req.method !== 'GET') throw methodNotAllowed(req.method, ['GET', 'HEAD']);
      return { status: 200, body: resources(req.version) };
    case 'limits':
      if (req.method !== 'GET') throw methodNotAllowed(req.method, ['GET', 'HEAD']);
      return { status: 200, body: limits(ctx) };
    case 'query':
      return handleQuery(ctx, req, false);
    case 'queryAll':
      return handleQuery(ctx, req, true);
    case 'sobjects':
      if (req.segments.length === 1) {
        if (req.method !== 'GET') throw methodNotAllowed(req.method, ['GET', 'HEAD']);
        return { status: 200, body: globalDescribe(ctx.org.schema, req.version) };
      }
      return handleSObjects(ctx, req);
    case 'composite':
      if (req.segments[1] === 'sobjects') return handleCollections(ctx, req, req.segments.slice(1));
      if (req.segments.length === 1) return handleComposite(ctx, req, (sub) => runSubrequest(ctx, req, sub));
      throw notFound();
    default:
      throw notFound();
  }
}
