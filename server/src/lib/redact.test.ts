import { Writable } from 'node:stream';
import { redact, redactText, REDACTED } from './redact';
import { createLogger } from './logger';
import { CompanionError } from './errors';

describe('redact', () => {
  it('replaces values under secret-looking keys, at any depth', () => {
    const out = redact({
      accessToken: '00Dxx0000001gPF!AQ4AQFabc',
      nested: { refresh_token: 'abc', client_secret: 'shh', keep: 'visible' },
      list: [{ password: 'p' }],
    });
    expect(out).toEqual({
      accessToken: REDACTED,
      nested: { refresh_token: REDACTED, client_secret: REDACTED, keep: 'visible' },
      list: [{ password: REDACTED }],
    });
  });

  it('masks emails and tokens inside free text', () => {
    const text = redactText(
      'user jane.doe@example.com failed with Authorization: Bearer abc.def.ghi and sid 00D5g000004abcdEAA!AQ8AQx.y',
    );
    expect(text).not.toMatch(/jane\.doe|abc\.def|AQ8AQ/);
    expect(text).toContain('[email]');
    expect(text).toContain(`Bearer ${REDACTED}`);
  });

  it('scrubs the signature of a connect link and the code and state of a callback URL', () => {
    const text = redactText(
      'opened https://c.example/oauth/zendesk/start?subdomain=acme&expires=1790000000&sig=AbC-_123 then /cb?code=xyz&state=s1',
    );
    expect(text).not.toMatch(/AbC-_123|xyz|s1$/);
    expect(text).toContain('subdomain=acme&expires=1790000000&sig=[redacted]');
    expect(text).toContain('?code=[redacted]&state=[redacted]');
  });

  it('keeps error messages but scrubs them', () => {
    const out = redact({ err: new Error('no operator for bob@example.org') }) as { err: { message: string } };
    expect(out.err.message).toBe('no operator for [email]');
  });
});

describe('createLogger', () => {
  it('never writes a token or an email, in fields or in the message', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ level: 'info' }, sink);
    logger.info(
      { user: { Email: 'a@b.co', Id: '005000000000001AAA' }, token: 'tok-123' },
      'refresh for a@b.co',
    );
    const written = lines.join('');
    expect(written).toContain('005000000000001AAA');
    expect(written).not.toContain('a@b.co');
    expect(written).not.toContain('tok-123');
  });
});

describe('redaction of less common shapes', () => {
  it('masks emails with non-ASCII local parts and domains', () => {
    const text = redactText('refused jörg.müller@exämple.de and 用户@例子.广告 and ÉLODIE@société.fr');
    expect(text).not.toMatch(/jörg|müller|用户|例子|ÉLODIE|société/);
    expect(text.match(/\[email\]/g)).toHaveLength(3);
  });

  it('masks Basic credentials and token parameters in free text', () => {
    const text = redactText(
      'Authorization: Basic YWdlbnRAYWNtZS5jb20vdG9rZW46c2VjcmV0 then body grant_type=refresh_token&refresh_token=rt-123.abc&client_secret=shh&access_token=at_9',
    );
    expect(text).not.toMatch(/YWdlbnRA|rt-123|shh|at_9/);
    expect(text).toContain(`Basic ${REDACTED}`);
    expect(text).toContain(`refresh_token=${REDACTED}`);
    expect(text).toContain('grant_type=refresh_token');
  });
});

describe('createLogger and errors', () => {
  const capture = () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    return { lines, logger: createLogger({ level: 'info' }, sink) };
  };

  it('keeps a catalogue error code, its type and its cause, scrubbed', () => {
    const { lines, logger } = capture();
    const cause = new Error('token tok for ann@acme.test refused');
    logger.error({ err: new CompanionError('SF_AUTH_FAILED', 'bob@acme.test', { cause }) }, 'failed');
    const entry = JSON.parse(lines[0]) as { err: Record<string, unknown> };
    expect(entry.err.type).toBe('CompanionError');
    expect(entry.err.code).toBe('SF_AUTH_FAILED');
    expect(entry.err.status).toBe(502);
    expect(String(entry.err.message)).toContain('[email]');
    expect(JSON.stringify(entry.err)).toContain('refused');
    expect(lines[0]).not.toMatch(/ann@acme|bob@acme/);
  });

  it('scrubs secrets carried as properties of an error', () => {
    const { lines, logger } = capture();
    const error = Object.assign(new Error('boom'), { code: 'E_X', refreshToken: 'rt-secret' });
    logger.warn({ err: error }, 'x');
    expect(lines[0]).toContain('"code":"E_X"');
    expect(lines[0]).not.toContain('rt-secret');
  });
});
