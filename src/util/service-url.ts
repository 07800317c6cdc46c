/**
 * The service's base URL as users give it to the CLI commands (`--service`,
 * ELECTRIC_SERVICE): one reading for all of them.
 */

export const DEFAULT_SERVICE_URL = 'http://127.0.0.1:5133';

export type ServiceUrl = { readonly url: URL } | { readonly error: 'not-a-url' | 'scheme' };

/**
 * A bare `host:port` gets `http://`; the query and fragment are dropped and
 * the path loses its trailing slashes, so routes can be appended. Schemes
 * other than `schemes` are refused.
 */
export function parseServiceUrl(text: string, schemes: readonly string[] = ['http:', 'https:']): ServiceUrl {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { error: 'not-a-url' };
  }
  if (!schemes.includes(url.protocol)) return { error: 'scheme' };
  url.search = '';
  url.hash = '';
  url.pathname = url.pathname.replace(/\/+$/, '');
  return { url };
}
