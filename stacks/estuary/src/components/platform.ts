import * as pulumi from '@pulumi/pulumi';
import { SophiaComponent } from '@sophia-ai/component';
import { referenceStack, type ContractInputs } from '@sophia-ai/stack-refs';
import type { estuaryStack } from '@sophia-ai/estuary-contract';
import { snowflakeStack } from '@sophia-ai/snowflake-contract';
import { EstuaryCapture, EstuaryCollection, EstuaryMaterialization, type EstuaryConnection } from '../providers/resources';
import type { EstuaryPlan, PlannedEntity } from '../plan';

type Secrets = Record<string, Record<string, string>>;

export interface EstuaryPlatformArgs {
  /** The complete plan (src/plan.ts): what to publish, decided before any resource. */
  plan: EstuaryPlan;
  /** Refresh token or service API key (secret; from `estuary:refreshToken`). */
  refreshToken: pulumi.Input<string>;
  /** PostgREST base URL (from `estuary:apiUrl`; `ESTUARY_API_URL` overrides it at call time). */
  apiUrl: pulumi.Input<string>;
  /** Config-encryption base URL (from `estuary:encryptionUrl`). */
  encryptionUrl: pulumi.Input<string>;
  /** Task key → JSON pointer → secret endpoint value (secret; from `estuary:endpointSecrets`). Default: none. */
  endpointSecrets?: pulumi.Input<Secrets>;
}

/**
 * Everything stacks/estuary publishes, as one component (`sophia:estuary:Platform`): one resource per catalog
 * entity (collection-<key>, capture-<key>, materialization-<key>), tasks depending on the collections they use.
 * A materialization into Snowflake gets its endpoint from the snowflake stack's contract: host … user readable,
 * `credentials.auth_type: jwt`, and the private key as a secret endpoint field.
 */
export class EstuaryPlatform extends SophiaComponent {
  readonly collections: Record<string, EstuaryCollection> = {};
  readonly captures: Record<string, EstuaryCapture> = {};
  readonly materializations: Record<string, EstuaryMaterialization> = {};
  /** The contract's outputs, ready for `declareOutputs`. */
  readonly outputs: ContractInputs<typeof estuaryStack>;

  constructor(name: string, args: EstuaryPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super('estuary', 'Platform', name, opts);
    const { plan } = args;
    const conn: EstuaryConnection = { refreshToken: args.refreshToken, apiUrl: args.apiUrl, encryptionUrl: args.encryptionUrl, dataPlane: plan.dataPlane };
    const secrets = pulumi.secret(pulumi.output(args.endpointSecrets ?? {}));
    const secretsOf = (key: string) => secrets.apply((s) => s[key] ?? {});
    const usesCollections = (e: PlannedEntity) => this.childOptions({ dependsOn: e.collections.map((k) => this.collections[k]!) });

    for (const c of plan.collections) {
      this.collections[c.key] = new EstuaryCollection(this.childName('collection', ...c.key.split('/')), { ...conn, catalogName: c.name, spec: c.spec }, this.childOptions());
    }
    for (const c of plan.captures) {
      this.captures[c.key] = new EstuaryCapture(this.childName('capture', ...c.key.split('/')), { ...conn, catalogName: c.name, spec: c.spec, endpointSecrets: secretsOf(c.key) }, usesCollections(c));
    }
    const snowflake = plan.materializations.some((m) => m.snowflake) ? referenceStack(snowflakeStack, { parent: this }) : undefined;
    for (const m of plan.materializations) {
      const endpoint = m.snowflake && snowflake ? snowflakeEndpoint(m, snowflake, secretsOf(m.key)) : { spec: m.spec, endpointSecrets: secretsOf(m.key) };
      this.materializations[m.key] = new EstuaryMaterialization(this.childName('materialization', ...m.key.split('/')), { ...conn, catalogName: m.name, ...endpoint }, usesCollections(m));
    }

    const names = <T extends { catalogName: pulumi.Output<string> }>(items: Record<string, T>) =>
      pulumi.all(Object.fromEntries(Object.entries(items).map(([k, r]) => [k, r.catalogName]))) as pulumi.Output<Record<string, string>>;
    this.outputs = { collections: names(this.collections), captures: names(this.captures), materializations: names(this.materializations) };
    this.registerOutputs(this.outputs);
  }
}

/**
 * The materialize-snowflake endpoint from the snowflake stack's outputs (service-apis §4): the readable fields in the
 * spec, so a preview shows them, and the private key only as a secret endpoint field.
 */
function snowflakeEndpoint(m: PlannedEntity, ref: ReturnType<typeof referenceStack<typeof snowflakeStack>>, taskSecrets: pulumi.Output<Record<string, string>>) {
  const connector = (m.spec.endpoint as { connector: { image: string; config: Record<string, unknown> } }).connector;
  const config = pulumi
    .all([ref.output('host'), ref.output('database'), ref.output('schema'), ref.output('warehouse'), ref.output('role'), ref.output('user')])
    .apply(([host, database, schema, warehouse, role, user]) => ({ host, database, schema, warehouse, role, credentials: { auth_type: 'jwt', user }, ...connector.config }));
  return {
    spec: config.apply((c) => ({ ...m.spec, endpoint: { connector: { image: connector.image, config: c } } })),
    endpointSecrets: pulumi.secret(pulumi.all([taskSecrets, ref.output('private_key')]).apply(([s, key]) => ({ ...s, '/credentials/private_key': key }))),
  };
}
