import * as pulumi from '@pulumi/pulumi';
import { SophiaComponent } from '@sophia-ai/component';
import * as snowflake from '@pulumi/snowflake';
import { grantId, privilegesGrantArgs, type GrantTarget, type PrivilegesGrant } from '../logic/grants';
import { slug } from '../logic/names';

export interface AccessGrantsArgs {
  /** Privilege grants from the grant matrix (warehouse, database, schema, all + future tables/views). */
  grants: PrivilegesGrant[];
  /** Account roles by name (each grant depends on its grantee). */
  roles: Record<string, pulumi.Resource>;
  /** Granted-on objects by `objectKey` of their target (`WAREHOUSE:<name>`, `DATABASE:<name>`, `SCHEMA:<db>.<schema>`). */
  objects: Record<string, pulumi.Resource>;
}

/** The key `AccessGrantsArgs.objects` is looked up with for a grant's target. */
export function objectKey(on: GrantTarget): string {
  switch (on.type) {
    case 'warehouse':
      return `WAREHOUSE:${on.warehouse}`;
    case 'database':
      return `DATABASE:${on.database}`;
    default:
      return `SCHEMA:${on.database}.${on.schema}`;
  }
}

/** One GrantPrivilegesToAccountRole per matrix entry; each depends on its role and on the object it covers. */
export class AccessGrants extends SophiaComponent {
  readonly grants: snowflake.GrantPrivilegesToAccountRole[];

  constructor(name: string, args: AccessGrantsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('snowflake', 'AccessGrants', name, opts);
    this.grants = args.grants.map((grant) => {
      const dependsOn = [args.roles[grant.role], args.objects[objectKey(grant.on)]].filter(
        (r): r is pulumi.Resource => r !== undefined,
      );
      return new snowflake.GrantPrivilegesToAccountRole(this.childName(slug(grantId(grant))), privilegesGrantArgs(grant), this.childOptions({ dependsOn }));
    });
    this.registerOutputs({ count: this.grants.length });
  }
}
