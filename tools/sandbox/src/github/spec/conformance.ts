/**
 * Conformance of GitHub answers to the vendored REST description 1.1.4 (`github-rest-1.1.4.schema.json`, made by
 * scripts/vendor-github-spec.js): the operation exists, a success status is one the operation documents and its
 * body validates against that status's schema.
 *
 * The secrets operations document success answers only; every error (401, 403/429 rate limits, 404, 409, 422)
 * is checked against the spec's own error schemas: `validation-error` for 422, `basic-error` otherwise (also
 * for the 409s the selected-repository operations list without a body).
 */
import type { RecordedExchange, VendoredSpec } from '../../core/exchanges';
import { SchemaChecker, dateTimeFormat, operationFinder, requestBodyProblems } from '../../core/spec-validation';
import spec from './github-rest-1.1.4.schema.json';

export { recordExchanges, type RecordedExchange } from '../../core/exchanges';

const VENDORED = spec as unknown as VendoredSpec;
/**
 * Operations the emulator answers outside the vendored subset: `GET /repos/{owner}/{repo}` (the full-repository
 * schema is not in the subset; its answer is checked as `minimal-repository`, which full-repository extends) and
 * `GET /repos/{owner}/{repo}/actions/organization-secrets`.
 */
const OUTSIDE_SUBSET: VendoredSpec['paths'] = {
  '/repos/{owner}/{repo}': { get: { operationId: 'repos/get (minimal-repository)', responses: { '200': { $ref: '#/components/schemas/minimal-repository' } } } },
  // As the repository secrets list (GitHub documents the same `{total_count, secrets: [actions-secret]}` page).
  '/repos/{owner}/{repo}/actions/organization-secrets': { get: { operationId: 'actions/list-repo-organization-secrets', responses: VENDORED.paths['/repos/{owner}/{repo}/actions/secrets']!.get!.responses } },
};

export class GithubSpec {
  private readonly checker = new SchemaChecker('github', VENDORED.components, { 'date-time': dateTimeFormat, uri: /^https?:\/\/\S+$/, email: /@/, int64: () => true });
  readonly operation = operationFinder({ ...VENDORED.paths, ...OUTSIDE_SUBSET });

  answerProblems(x: RecordedExchange): string[] {
    const op = this.operation(x.method, x.path);
    const at = `${x.method} ${x.path} → ${x.status}`;
    if (!op) return [`${at}: no such operation in the spec`];
    const schema = op.responses[String(x.status)];
    if (x.status >= 400 && (!schema || Object.keys(schema).length === 0)) {
      const error = x.status === 422 ? 'validation-error' : 'basic-error';
      const problems = this.checker.problems(error, { $ref: `#/components/schemas/${error}` }, x.body).map((e) => `${at} (${error}): ${e}`);
      if (typeof (x.body as { message?: unknown })?.message !== 'string') problems.push(`${at}: an error without a message`);
      return problems;
    }
    if (!schema) return [`${at}: status not documented for ${op.operationId ?? op.template} (documented: ${Object.keys(op.responses).join(', ')})`];
    if (Object.keys(schema).length === 0) return x.body === undefined || x.body === '' ? [] : [`${at}: a body where the spec documents none`];
    return this.checker.problems(`${op.template} ${x.method} ${x.status}`, schema, x.body).map((e) => `${at} (${op.operationId}): ${e}`);
  }

  requestProblems(x: RecordedExchange): string[] {
    return requestBodyProblems(this.checker, this.operation(x.method, x.path), x);
  }
}
