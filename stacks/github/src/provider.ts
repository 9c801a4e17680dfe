/**
 * Provider settings from the environment. `GITHUB_API_URL` (GitHub Enterprise Server, GHE.com, or the local
 * emulator) becomes the provider's `baseUrl`; unset means api.github.com.
 */
export function providerBaseUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env.GITHUB_API_URL?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('GITHUB_API_URL is not a valid absolute URL (e.g. https://github.example.com/api/v3/)');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('GITHUB_API_URL must be an http(s) URL');
  if (url.username || url.password) throw new Error('GITHUB_API_URL must not embed credentials; the token comes from github:token');
  // The provider resolves API paths relative to baseUrl, which needs a trailing slash.
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/** The web host matching an API base URL: api.github.com → https://github.com, GHES …/api/v3/ → its host. */
export function webBaseUrl(apiBaseUrl: string | undefined): string {
  if (!apiBaseUrl) return 'https://github.com';
  const url = new URL(apiBaseUrl);
  if (url.hostname === 'api.github.com') return 'https://github.com';
  if (url.hostname.startsWith('api.') && url.hostname.endsWith('.ghe.com')) return `${url.protocol}//${url.hostname.slice(4)}`;
  return `${url.protocol}//${url.host}`;
}
