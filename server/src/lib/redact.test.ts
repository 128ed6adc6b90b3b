import { Writable } from 'node:stream';
import { redact, redactText, REDACTED } from './redact';
import { createLogger } from './logger';

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
