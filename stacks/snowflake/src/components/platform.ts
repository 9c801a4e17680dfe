import * as pulumi from '@pulumi/pulumi';
import { SophiaComponent } from '@sophia-ai/component';
import { grantMatrix, type PrivilegesGrant, type RoleToRoleGrant } from '../logic/grants';
import { slug, splitSchema } from '../logic/names';
import type { PlatformSpec } from '../logic/spec';
import { DatabaseWithSchemas } from './database';
import { AccessGrants, objectKey } from './grants';
import { Ingestion } from './ingestion';
import { FunctionalRoles } from './roles';
import { KeyPairServiceUser, PersonUser } from './users';
import { MonitoredWarehouse } from './warehouse';

export interface SnowflakePlatformArgs {
  /** The validated platform spec (`parsePlatformSpec`); the component trusts its cross-references. */
  spec: PlatformSpec;
  /** Users e-mailed at resource-monitor notify thresholds. */
  notifyUsers: string[];
}

/** What the Estuary materialization needs, typed (the stack exports it through the snowflake contract). */
export interface LoaderConnection {
  user: string;
  role: string;
  warehouse: string;
  database: string;
  schema: string;
  /** Current private key of the loader (PKCS#8 PEM), secret. */
  privateKey: pulumi.Output<string>;
}

/** The whole account: warehouses, databases, roles, grants, users and ingestion, from one spec. */
export class SnowflakePlatform extends SophiaComponent {
  readonly warehouses: Record<string, MonitoredWarehouse> = {};
  readonly databases: Record<string, DatabaseWithSchemas> = {};
  readonly roles: FunctionalRoles;
  readonly grants: AccessGrants;
  readonly serviceUsers: Record<string, KeyPairServiceUser> = {};
  readonly people: Record<string, PersonUser> = {};
  readonly ingestion: Ingestion;
  readonly loader: LoaderConnection;

  constructor(name: string, args: SnowflakePlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super('snowflake', 'Platform', name, opts);
    const { spec } = args;
    const matrix = grantMatrix(spec);
    const objects: Record<string, pulumi.Resource> = {};
    const schemas: Record<string, pulumi.Resource> = {};

    for (const db of spec.databases) {
      const d = new DatabaseWithSchemas(this.childName(slug('db', db.name)), { spec: db }, this.childOptions());
      this.databases[db.name] = d;
      objects[objectKey({ type: 'database', database: db.name })] = d.database;
      for (const [schemaName, schema] of Object.entries(d.schemas)) {
        objects[objectKey({ type: 'schema', database: db.name, schema: schemaName })] = schema;
        schemas[`${db.name}.${schemaName}`] = schema;
      }
    }
    this.roles = new FunctionalRoles(
      this.childName(slug('roles')),
      { roles: spec.roles, hierarchy: matrix.filter((g): g is RoleToRoleGrant => g.kind === 'role-to-role') },
      this.childOptions(),
    );
    for (const user of spec.users) {
      if (user.kind === 'service') {
        this.serviceUsers[user.name] = new KeyPairServiceUser(
          this.childName(slug('svc', user.name)),
          { spec: user, roleResources: this.roles.roles },
          this.childOptions(),
        );
      } else {
        this.people[user.name] = new PersonUser(
          this.childName(slug('person', user.name)),
          { spec: user, roleResources: this.roles.roles },
          this.childOptions(),
        );
      }
    }
    // Warehouses after users: a resource monitor may only notify users that exist.
    const notified = args.notifyUsers.flatMap((u) => {
      const user = this.people[u]?.user ?? this.serviceUsers[u]?.user;
      return user ? [user] : [];
    });
    for (const wh of spec.warehouses) {
      const w = new MonitoredWarehouse(
        this.childName(slug('wh', wh.name)),
        { spec: wh, notifyUsers: args.notifyUsers, notifyUserResources: notified },
        this.childOptions(),
      );
      this.warehouses[wh.name] = w;
      objects[objectKey({ type: 'warehouse', warehouse: wh.name })] = w.warehouse;
    }
    this.grants = new AccessGrants(
      this.childName(slug('grants')),
      {
        grants: matrix.filter((g): g is PrivilegesGrant => g.kind === 'privileges'),
        roles: this.roles.roles,
        objects,
      },
      this.childOptions(),
    );
    this.ingestion = new Ingestion(
      this.childName(slug('ingest')),
      {
        storageIntegrations: spec.storageIntegrations,
        fileFormats: spec.fileFormats,
        stages: spec.stages,
        pipes: spec.pipes,
        schemas,
      },
      this.childOptions(),
    );

    const loaderUser = this.serviceUsers[spec.loader.user];
    const loaderSpec = spec.users.find((u) => u.name === spec.loader.user);
    if (!loaderUser || !loaderSpec) throw new Error(`Loader user ${spec.loader.user} is not a service user of the spec`);
    const { database, schema } = splitSchema(spec.loader.schema);
    this.loader = {
      user: loaderSpec.name,
      role: loaderSpec.roles[0]!,
      warehouse: spec.loader.warehouse,
      database,
      schema,
      privateKey: loaderUser.privateKeyPem,
    };
    this.registerOutputs({
      loaderUser: this.loader.user,
      loaderRole: this.loader.role,
      loaderKeyGeneration: loaderUser.currentKeyGeneration,
      loaderPrivateKey: this.loader.privateKey,
    });
  }
}
