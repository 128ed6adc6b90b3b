import express from 'express';
import request from 'supertest';
import { escapeHtml, sendConnectedPage, sendError } from './replies';

describe('replies', () => {
  it('escapes what the page shows', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&`)).toBe(
      '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;',
    );
  });

  it('serves the success page uncached, without referrer, scripts or framing', async () => {
    const app = express();
    app.get('/', (_req, res) => sendConnectedPage(res, 'Zendesk', '<b>acme</b>'));
    const res = await request(app).get('/').expect(200);
    expect(res.text).toContain('Zendesk connected — you can close this tab');
    expect(res.text).toContain('&lt;b&gt;acme&lt;/b&gt;');
    expect(res.text).not.toContain('<b>acme');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
  });

  it('sends catalogue errors as JSON with their status', async () => {
    const app = express();
    app.get('/', (_req, res) => sendError(res, 'OAUTH_PROVIDER_ERROR', 'server_error'));
    await request(app)
      .get('/')
      .expect(400, {
        error: {
          code: 'OAUTH_PROVIDER_ERROR',
          message: 'The provider ended the authorization with an error: server_error',
        },
      });
  });
});
