import { SECRET_PLACEHOLDER } from './markers';

/** Shorter values are left alone: replacing them would mangle ordinary text. */
const MIN_SECRET_LENGTH = 4;

/**
 * Replaces every known secret value in free text (error messages, logs, plan files) by `marker`. Longest
 * first, so a secret containing another is replaced whole; values under 4 characters are left alone.
 */
export function scrubSecrets(text: string, secrets: Iterable<string>, marker: string = SECRET_PLACEHOLDER): string {
  let out = text;
  for (const s of [...secrets].filter((v) => v.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length)) {
    out = out.split(s).join(marker);
  }
  return out;
}

/**
 * The strings a request's headers give away if a service echoes them: each whole value, the credentials of an
 * `<scheme> <credentials>` value (`Bearer <token>`), and the password of `Basic` credentials (services echo
 * the decoded form too).
 */
export function headerCredentials(headers: Record<string, string>): string[] {
  const out: string[] = [];
  for (const value of Object.values(headers)) {
    out.push(value);
    const [scheme, ...rest] = value.split(/\s+/);
    const credentials = rest.join(' ');
    if (!credentials) continue;
    out.push(credentials);
    if (scheme!.toLowerCase() === 'basic') {
      const decoded = Buffer.from(credentials, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon >= 0) out.push(decoded, decoded.slice(colon + 1));
    }
  }
  return out;
}
