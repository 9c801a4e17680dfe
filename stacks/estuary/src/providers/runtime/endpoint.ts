/**
 * Endpoint configs: secret fields are merged in from the task's endpoint secrets (JSON pointer → value) and the
 * whole config is encrypted by the config-encryption service with the connector's own schema before it leaves
 * the process; state keeps the encrypted config and a keyed hash of the secrets (never the secrets).
 */
import { canon, keyedHash, matchesKeyedHash } from '@sophia-ai/dynamic-provider/src/runtime';
import type { EstuaryClient } from './estuary-api';

export const SOPS_SUFFIX = '_sops';
type Json = Record<string, unknown>;

const unescape = (seg: string) => seg.replace(/~1/g, '/').replace(/~0/g, '~');

/** `config` with each pointer's value set (objects on the way made as needed). */
export function withSecrets(config: Json, secrets: Record<string, string>): Json {
  const out = structuredClone(config);
  for (const [pointer, value] of Object.entries(secrets)) {
    const path = pointer.split('/').slice(1).map(unescape);
    let cur: Json = out;
    for (const seg of path.slice(0, -1)) cur = (cur[seg] && typeof cur[seg] === 'object' ? cur[seg] : (cur[seg] = {})) as Json;
    cur[path[path.length - 1]!] = value;
  }
  return out;
}

/** What a sops-encrypted config shows in plain: without the `sops` object and the encrypted fields. */
export function plainView(config: unknown): unknown {
  if (!config || typeof config !== 'object' || Array.isArray(config)) return config;
  return Object.fromEntries(
    Object.entries(config as Json).filter(([k]) => k !== 'sops' && !k.endsWith(SOPS_SUFFIX)).map(([k, v]) => [k, plainView(v)]),
  );
}

/** `image:tag` split at the tag's colon (after the last slash). */
export function splitImage(image: string): { name: string; tag: string } {
  const i = image.lastIndexOf(':');
  return i > image.lastIndexOf('/') ? { name: image.slice(0, i), tag: image.slice(i) } : { name: image, tag: '' };
}

/** The connector tag's `endpoint_spec_schema` (what the encryption service needs to know which fields are secret). */
export async function endpointSchema(c: EstuaryClient, image: string): Promise<unknown> {
  const { name, tag } = splitImage(image);
  const { data } = await c.call<Array<{ connector_tags: Array<{ endpoint_spec_schema: unknown }> }>>('GET', '/connectors', undefined, {
    query: { select: 'connector_tags(endpoint_spec_schema)', image_name: `eq.${name}`, 'connector_tags.image_tag': `eq.${tag}` },
  });
  const schema = data[0]?.connector_tags[0]?.endpoint_spec_schema;
  if (!schema) throw new Error(`Estuary knows no connector ${image}: check the image and tag (estuary:catalog … connector)`);
  return schema;
}

export async function encryptEndpoint(c: EstuaryClient, image: string, config: Json, secrets: Record<string, string>): Promise<Json> {
  return c.encrypt(withSecrets(config, secrets), await endpointSchema(c, image));
}

export interface SecretHash { secretsSalt: string; secretsHash: string }

/** The endpoint's secrets as one keyed hash (libs/dynamic-provider): a changed secret is seen, none is stored. */
export function hashSecrets(secrets: Record<string, string>, salt?: string): SecretHash {
  const { salt: secretsSalt, hash: secretsHash } = keyedHash(canon(secrets), salt);
  return { secretsSalt, secretsHash };
}

/** True when `secrets` are the ones `state` hashed (false when state holds no hash). */
export function sameSecrets(state: Partial<SecretHash>, secrets: Record<string, string>): boolean {
  return matchesKeyedHash(state.secretsSalt, state.secretsHash, canon(secrets));
}
