/** Request validation: what the API accepts, every problem at once, as 400 `invalid_request`. */
import { invalid } from './errors';

export const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const DESCRIPTION_MAX = 256;

export interface ItemBody {
  name: string;
  description?: string | null;
}

/** Any body must be a JSON object. */
export function requireObject(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid('request body must be a JSON object');
  return body as Record<string, unknown>;
}

export function validItem(body: Record<string, unknown>, partial = false): ItemBody {
  const problems: string[] = [];
  if (!partial || body.name !== undefined) {
    if (typeof body.name !== 'string' || !NAME.test(body.name)) problems.push('name: 1-63 lowercase letters, digits and -');
  }
  if (body.description !== undefined && body.description !== null && (typeof body.description !== 'string' || body.description.length > DESCRIPTION_MAX)) {
    problems.push(`description: a string of at most ${DESCRIPTION_MAX} characters`);
  }
  if (problems.length) throw invalid(problems.join('; '));
  return body as unknown as ItemBody;
}
