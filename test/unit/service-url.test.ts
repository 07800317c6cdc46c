import { describe, expect, it } from 'vitest';
import { parseServiceUrl } from '../../src/util/service-url.js';
import { serviceUrl } from '../../src/status/reading.js';
import { proxyWebSocketUrl } from '../../src/tunnel/client.js';

describe('the service URL, as every command reads it', () => {
  it('gives a bare host:port http, drops query, fragment and trailing slashes', () => {
    const parsed = parseServiceUrl('example.com:5133/base/?a=1#x');
    expect('url' in parsed && parsed.url.href).toBe('http://example.com:5133/base');
    expect(serviceUrl('127.0.0.1:5133/?token=t')).toBe('http://127.0.0.1:5133');
    expect(proxyWebSocketUrl('127.0.0.1:5133')).toBe('ws://127.0.0.1:5133/proxy');
    expect(proxyWebSocketUrl('https://h.example/base/?q#f')).toBe('wss://h.example/base/proxy');
  });

  it('refuses other schemes and non-URLs', () => {
    expect(parseServiceUrl('ftp://example.com')).toEqual({ error: 'scheme' });
    expect(parseServiceUrl('http://[bad')).toEqual({ error: 'not-a-url' });
    expect(serviceUrl('ws://h:1')).toBeNull();
    expect(() => proxyWebSocketUrl('ftp://example.com')).toThrow('must be an http:// or https:// URL');
  });
});
