import { SECRET_PLACEHOLDER } from './plan';

/**
 * Replaces every known secret value in free text (error messages, logs, plan files) by `marker`. Longest
 * first, so a secret containing another is replaced whole; values under 4 characters are left alone, as
 * replacing them would mangle ordinary text.
 */
export function scrubSecrets(text: string, secrets: Iterable<string>, marker: string = SECRET_PLACEHOLDER): string {
  let out = text;
  for (const s of [...secrets].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length)) {
    out = out.split(s).join(marker);
  }
  return out;
}
