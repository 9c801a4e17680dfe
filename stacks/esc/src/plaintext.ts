/*
 * "No plaintext secret in git": the check over a committed definition. A secret may appear only as ESC
 * ciphertext (`fn::secret: {ciphertext: …}`) or as a reference (`${…}`, `fn::open`); a written-out value is
 * refused wherever it sits. Messages name the file and the property path, never the value.
 */
import type { Namespace } from '@sophia-ai/config';
import { configKey } from '@sophia-ai/config';
import { escPath } from '@sophia-ai/stack-refs/src/esc-naming';
import YAML from 'yaml';

/** Shapes of credentials that are never acceptable in a definition, whatever key holds them. */
const CREDENTIAL_SHAPES: Array<[RegExp, string]> = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a PEM private key'],
  [/\b(?:github_pat_[A-Za-z0-9_]{22,}|gh[pousr]_[A-Za-z0-9]{36,})/, 'a GitHub token'],
  [/\bpul-[0-9a-f]{40}\b/, 'a Pulumi access token'],
  [/\bsk-[A-Za-z0-9_-]{20,}/, 'an API secret key'],
  [/\bAKIA[0-9A-Z]{16}\b/, 'an AWS access key id'],
];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const REFERENCE = /^\$\{[^}]+\}$/;

function isCiphertext(v: unknown): boolean {
  return isObject(v) && Object.keys(v).length === 1 && typeof v.ciphertext === 'string';
}

/** True for a value that holds no secret itself: a reference, ESC ciphertext or a provider call. */
function isSafeSecretForm(v: unknown): boolean {
  if (typeof v === 'string') return REFERENCE.test(v);
  if (!isObject(v)) return false;
  if ('fn::secret' in v) return isCiphertext(v['fn::secret']);
  return Object.keys(v).some((k) => k === 'fn::open' || k.startsWith('fn::open::'));
}

/** Problems of one definition (file `file`, YAML `text`), given the namespaces that say which keys are secret. */
export function plaintextSecretProblems(file: string, text: string, namespaces: readonly Namespace[]): string[] {
  const problems: string[] = [];
  let doc: unknown;
  try {
    doc = YAML.parse(text);
  } catch {
    return [`${file}: not valid YAML`];
  }
  const walk = (node: unknown, at: string[]): void => {
    if (typeof node === 'string') {
      for (const [shape, what] of CREDENTIAL_SHAPES) if (shape.test(node)) problems.push(`${file}: ${escPath(at)} holds ${what} in plain text`);
      return;
    }
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, [...at, String(i)]));
    if (!isObject(node)) return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'fn::secret' && !isCiphertext(v)) {
        problems.push(`${file}: ${escPath(at)} is fn::secret with a plaintext value (only ESC ciphertext belongs in git)`);
        continue;
      }
      walk(v, [...at, k]);
    }
  };
  walk(doc, []);
  const pulumiConfig = isObject(doc) && isObject(doc.values) && isObject(doc.values.pulumiConfig) ? doc.values.pulumiConfig : {};
  for (const ns of namespaces) {
    for (const [key, spec] of Object.entries(ns.keys)) {
      const full = configKey(ns, key);
      if (spec.secret && full in pulumiConfig && !isSafeSecretForm(pulumiConfig[full])) {
        problems.push(`${file}: values.pulumiConfig["${full}"] is a secret written as a value; reference it (\${...}) from the secrets environment`);
      }
    }
  }
  return problems;
}
