/**
 * Placeholder rules: the one place that decides whether a configured value is a stand-in rather than a real
 * value. Used by the config loader, the secrets validator and the sync tool. Never returns or logs the value.
 *
 * Sources for the word lists: detect-secrets (heuristic.py, keyword FALSE_POSITIVES), gitleaks (global
 * allowlist, stopwords) and trufflehog (DefaultFalsePositives), plus the usual `changeme`/`TBD` family.
 */

/** What kind of value is being checked: `key` values (API keys, tokens) must also look random. */
export type ValueKind = 'text' | 'key';

const PLACEHOLDER_WORDS = [
  'changeme', 'change-me', 'change_me', 'changeit', 'todo', 'tbd', 'fixme', 'placeholder', 'example', 'sample',
  'dummy', 'fake', 'test', 'testing', 'demo', 'redacted', 'secret', 'password', 'passwd', 'token', 'apikey',
  'api-key', 'api_key', 'your-key', 'your_key', 'yourkey', 'none', 'null', 'nil', 'undefined', 'undef', 'true',
  'false', 'replace', 'replaceme', 'replace-me', 'insert', 'notset', 'not-set', 'not_set', 'unset', 'default',
  'string', 'value', 'n/a', 'na', 'xxx', 'tmp', 'temp', 'foo', 'bar', 'foobar',
] as const;

/** Words that betray a placeholder even inside a longer value (`sk-your-api-key-here`). */
const PLACEHOLDER_FRAGMENTS = [
  /\byour[-_ ]?(?:[a-z]+[-_ ])*(?:key|token|secret|password|id|here)\b/i,
  /\b(?:replace|insert|put)[-_ ]?(?:me|here|with)\b/i,
  /\bchange[-_ ]?(?:me|it)\b/i,
  /\bnot[-_ ]?(?:a[-_ ])?real\b/i,
  /\b(?:todo|tbd|fixme)\b/i,
  /example$/i, // the AWS docs style: AKIAIOSFODNN7EXAMPLE
  /\bplaceholder\b/i,
];

/** Template syntaxes that mean "substitute something here": `${X}`, `{{ x }}`, `<x>`, `$X`, `%X%`, `@X@`. */
const TEMPLATE_PATTERNS: Array<[RegExp, string]> = [
  [/\$\{\{?[^}]*\}?\}/, 'contains an unresolved ${...} template'],
  [/\{\{[^}]*\}\}/, 'contains an unresolved {{...}} template'],
  [/^<[^<>]+>$/, 'is an unfilled <...> placeholder'],
  [/^\$[A-Z_][A-Z0-9_]*$/, 'is an unresolved $VARIABLE reference'],
  [/^%[A-Z_][A-Z0-9_]*%$/i, 'is an unresolved %VARIABLE% reference'],
  [/^@[A-Z_][A-Z0-9_]*@$/i, 'is an unresolved @VARIABLE@ reference'],
];

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (!value) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function isSequential(value: string): boolean {
  const v = value.toLowerCase();
  if (v.length < 6) return false;
  for (const run of ['abcdefghijklmnopqrstuvwxyz', '0123456789', '0123456789abcdef']) {
    if (run.includes(v) || run.includes([...v].reverse().join(''))) return true;
  }
  return false;
}

/**
 * Returns why `value` looks like a placeholder, or `undefined` if it looks real.
 * The reason never quotes the value, so it is safe to print for secrets.
 */
export function placeholderReason(value: string, kind: ValueKind = 'text'): string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return 'is empty or only whitespace';
  const lower = trimmed.toLowerCase();
  if ((PLACEHOLDER_WORDS as readonly string[]).includes(lower)) return 'is a well-known placeholder word';
  if (/^(.)\1+$/s.test(trimmed) && trimmed.length >= 3) return 'is one character repeated';
  if (/^x{3,}/i.test(trimmed) || /x{6,}/i.test(trimmed)) return 'contains a run of x characters (xxx...)';
  for (const [pattern, reason] of TEMPLATE_PATTERNS) if (pattern.test(trimmed)) return reason;
  for (const pattern of PLACEHOLDER_FRAGMENTS) if (pattern.test(trimmed)) return 'contains placeholder wording';
  if (isSequential(trimmed)) return 'is a sequential run of characters';
  if (/^[*•.\-_#]+$/.test(trimmed)) return 'is a mask (only *, -, _ or . characters)';
  if (kind === 'key') {
    if (trimmed.length < 16) return 'is too short to be a real key (under 16 characters)';
    if (shannonEntropy(trimmed) < 3) return 'has too little entropy to be a real key';
  }
  return undefined;
}

export function isPlaceholder(value: string, kind: ValueKind = 'text'): boolean {
  return placeholderReason(value, kind) !== undefined;
}
