import { loadConfig } from '../config';
import { readProxy } from './proxy';

describe('proxy variables', () => {
  it('accepts proxy URLs, lower-case first as proxy-from-env reads them, and keeps no password', () => {
    const read = readProxy({
      HTTPS_PROXY: 'http://ops:s3cret@proxy.acme.corp:3128',
      http_proxy: 'http://lower.acme.corp:8080',
      HTTP_PROXY: 'http://upper.acme.corp:8080',
      NO_PROXY: '.acme.corp,localhost',
    });
    expect(read).toEqual({
      ok: true,
      value: {
        proxies: { HTTPS_PROXY: 'http://proxy.acme.corp:3128', HTTP_PROXY: 'http://lower.acme.corp:8080' },
        noProxy: '.acme.corp,localhost',
      },
    });
    expect(JSON.stringify(read)).not.toContain('s3cret');
  });

  it('stops the start with CONFIG_PROXY_INVALID naming the variable, never echoing its value', () => {
    const result = loadConfig({
      SF_CLIENT_ID: 'cid',
      SF_USERNAME: 'u',
      SF_PRIVATE_KEY: 'x',
      HTTPS_PROXY: 'proxy.acme.corp:3128',
      http_proxy: 'socks5://ops:s3cret@proxy.acme.corp:1080',
      ALL_PROXY: 'http://proxy.acme.corp:3128/path',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lines = result.error.filter((line) => line.includes('CONFIG_PROXY_INVALID'));
    expect(lines.map((line) => line.split(':')[0])).toEqual(['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY']);
    expect(lines[2]).toContain('no path');
    expect(result.error.join('\n')).not.toMatch(/s3cret|socks5:\/\/ops/);
  });

  it('is empty when no proxy is set', () => {
    expect(readProxy({})).toEqual({ ok: true, value: { proxies: {}, noProxy: undefined } });
  });
});
