/**
 * The express app of the sandbox: OAuth, identity, REST (/services/data, Bulk API 2.0 ingest under
 * /services/data/vXX.X/jobs) and CometD (/cometd/XX.X).
 * HTTP concerns live here: authentication (`Authorization: Bearer|OAuth <token>`, 401
 * INVALID_SESSION_ID otherwise), API counters and the `Sforce-Limit-Info: api-usage=N/M` header,
 * optional latency, JSON and form parsing, error bodies.
 */
import express, { NextFunction, Request, Response } from 'express';
import { callApex } from './apex';
import { CometdServer } from './cometd';
import { OAuthError, RestError, jsonParserError, notFound, sessionInvalid } from './errors';
import { OAuthServer } from './oauth';
import { Org } from './org';
import { QueryCursors } from './query';
import { handleRest, requestKind } from './rest';
import { RestContext, RestRequest } from './rest-types';

export interface AppDeps {
  org: Org;
  oauth: OAuthServer;
  cometd: CometdServer;
  /** The latest API version the org serves (older ones down to 20.0 are accepted too). */
  apiVersion: string;
  latencyMs: number;
  /** Extra routes on the org's domain (the Lightning page), mounted before the 404 fallback. */
  mount?: (app: express.Express) => void;
}

const MIN_VERSION = 20;

function versionLabel(version: number): string {
  // v62.0 is Winter '25; three releases a year: Winter, Spring, Summer.
  const idx = Math.round(version) - 62;
  const season = ['Winter', 'Spring', 'Summer'][((idx % 3) + 3) % 3];
  return `${season} '${25 + Math.floor(idx / 3)}`;
}

function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  const m = header ? /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header.trim()) : null;
  return m ? m[1] : undefined;
}

function sendRestError(res: Response, error: RestError): void {
  res.status(error.status).json(error.body());
}

function stringParams(source: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (source && typeof source === 'object') {
    for (const [k, v] of Object.entries(source as Record<string, unknown>))
      out[k] = Array.isArray(v) ? String(v[0]) : v === undefined ? undefined : String(v);
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createApp(deps: AppDeps): express.Express {
  const { org, oauth, cometd } = deps;
  const latest = Number(deps.apiVersion);
  const ctx: RestContext = { org, cursors: new QueryCursors(org.ids, org.now) };
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(express.json({ limit: '50mb', type: ['application/json', 'text/json', 'application/*+json'] }));
  app.use(express.urlencoded({ extended: false, limit: '1mb' }));

  const withLatency = async (_req: Request, _res: Response, next: NextFunction) => {
    if (deps.latencyMs > 0) await sleep(deps.latencyMs);
    next();
  };

  // ---- OAuth ---------------------------------------------------------------------------------------------

  app.post('/services/oauth2/token', withLatency, (req, res) => {
    org.count('oauth', false);
    let basic: { id: string; secret: string } | undefined;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Basic ')) {
      const [id, secret] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
      basic = { id: decodeURIComponent(id ?? ''), secret: decodeURIComponent(secret ?? '') };
    }
    try {
      res
        .set('Cache-Control', 'no-cache,must-revalidate,max-age=0,no-store,private')
        .json(oauth.token(stringParams(req.body), basic));
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      res.status(error.status).json(error.body());
    }
  });

  app.get('/services/oauth2/authorize', (req, res) => {
    org.count('oauth', false);
    try {
      res.redirect(302, oauth.authorize(stringParams(req.query)).redirect);
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      res.status(400).type('text/plain').send(new URLSearchParams(error.body()).toString());
    }
  });

  app.all('/services/oauth2/revoke', withLatency, (req, res) => {
    org.count('oauth', false);
    const token = stringParams(req.method === 'GET' ? req.query : req.body).token;
    if (oauth.revoke(token)) {
      res.status(200).end();
      return;
    }
    // jsforce reads this endpoint's errors as form-encoded pairs [inferred].
    res
      .status(400)
      .type('application/x-www-form-urlencoded')
      .send(
        new URLSearchParams({
          error: 'unsupported_token_type',
          error_description: 'this token type is not supported',
        }).toString(),
      );
  });

  const identity = (req: Request, res: Response, userId: string | undefined) => {
    const session = org.session(bearer(req) ?? stringParams(req.query).oauth_token);
    if (!session || (userId !== undefined && userId !== session.userId)) {
      // The identity service answers a bad token with 403 "Bad_OAuth_Token".
      res.status(403).type('text/plain').send('Bad_OAuth_Token');
      return;
    }
    const body = oauth.identity(session.userId);
    if (!body) throw notFound();
    res.json(body);
  };
  app.get('/id/:orgId/:userId', withLatency, (req, res) => {
    org.count('identity', false);
    identity(req, res, String(req.params.orgId) === org.orgId ? String(req.params.userId) : '');
  });
  app.get('/services/oauth2/userinfo', withLatency, (req, res) => {
    org.count('identity', false);
    identity(req, res, undefined);
  });

  // ---- REST ----------------------------------------------------------------------------------------------

  app.get(['/services/data', '/services/data/'], withLatency, (_req, res) => {
    const versions = [];
    for (let v = MIN_VERSION; v <= latest; v++) {
      versions.push({ label: versionLabel(v), url: `/services/data/v${v}.0`, version: `${v}.0` });
    }
    res.json(versions);
  });

  app.all(/^\/services\/data\/v(\d+\.\d)(?:\/(.*))?$/, withLatency, async (req, res) => {
    const params = req.params as unknown as Record<string, string | undefined>;
    const version = params[0] as string;
    const v = Number(version);
    if (v < MIN_VERSION || v > latest) return sendRestError(res, notFound());
    const session = org.session(bearer(req));
    if (!session) return sendRestError(res, sessionInvalid());
    const segments = (params[1] ?? '').split('/').filter(Boolean).map(decodeURIComponent);
    const headers: Record<string, string | undefined> = {};
    for (const [k, value] of Object.entries(req.headers))
      headers[k] = Array.isArray(value) ? value.join(',') : value;
    const restReq: RestRequest = {
      method: req.method,
      segments,
      version,
      query: stringParams(req.query),
      headers,
      body: req.body,
      userId: session.userId,
    };
    const kind = requestKind(restReq, (name) => org.schema.object(name)?.kind === 'event');
    org.count(kind, true);
    res.set('Sforce-Limit-Info', `api-usage=${org.counters.apiRequests}/${org.dailyApiRequests}`);
    if (org.counters.apiRequests > org.dailyApiRequests) {
      return sendRestError(
        res,
        new RestError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'),
      );
    }
    // A RestError thrown here reaches the error handler below, which answers it.
    if (segments[0] === 'jobs') {
      // Bulk API 2.0 reads the CSV upload from the request stream itself.
      const bulk = await org.bulk.handle(restReq, req);
      if (bulk.csv !== undefined) res.status(bulk.status).type('text/csv').send(bulk.csv);
      else if (bulk.json !== undefined) res.status(bulk.status).json(bulk.json);
      else res.status(bulk.status).end();
      return;
    }
    const out = handleRest(ctx, restReq);
    if (out.headers) res.set(out.headers);
    if (out.status === 204 || out.body === undefined) res.status(out.status).end();
    else res.status(out.status).json(out.body);
  });

  // ---- Streaming -----------------------------------------------------------------------------------------

  app.post(/^\/cometd\/(\d+\.\d)\/?$/, (req, res) => {
    org.count('cometd', false);
    const params = req.params as unknown as Record<string, string>;
    const v = Number(params[0]);
    if (v < 23 || v > latest) {
      res.status(400).json([
        {
          error: `400::Unsupported API version. Only API versions '23.0' and above are supported. URI format: '/cometd/${deps.apiVersion}'`,
          successful: false,
        },
      ]);
      return;
    }
    cometd.handle(req.body, bearer(req)).then(
      (messages) => res.json(messages),
      () => res.status(500).end(),
    );
  });

  // ---- Apex, as Lightning components call it --------------------------------------------------------------

  app.post('/aura/apex', (req, res) => {
    const session = org.session(bearer(req));
    if (!session) return sendRestError(res, sessionInvalid());
    const { classname, method, params } = (req.body ?? {}) as Record<string, unknown>;
    const outcome = callApex(org, session.userId, String(classname), String(method), params);
    if (outcome.ok) res.json({ returnValue: outcome.returnValue });
    else res.status(outcome.status).json({ error: outcome.error });
  });

  deps.mount?.(app);

  // ---- fallbacks -----------------------------------------------------------------------------------------

  app.use((_req: Request, res: Response) => sendRestError(res, notFound()));
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    if (error instanceof RestError) return sendRestError(res, error);
    const e = error as { type?: string; status?: number; message?: string };
    if (e.type === 'entity.parse.failed')
      return sendRestError(res, jsonParserError(`Unexpected character in JSON: ${e.message ?? ''}`));
    if (e.status === 413)
      return sendRestError(res, new RestError(413, 'REQUEST_ENTITY_TOO_LARGE', 'Request entity too large'));
    res
      .status(500)
      .json([{ errorCode: 'UNKNOWN_EXCEPTION', message: e.message ?? 'An unexpected error occurred.' }]);
  });
  return app;
}
