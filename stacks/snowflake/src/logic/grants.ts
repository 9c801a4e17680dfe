import { HIERARCHY_ROOT, type AccessLevel, type PlatformSpec } from './spec';
import { qualify, slug, splitSchema } from './names';

/**
 * The grant matrix: every grant the platform needs, computed from the spec without Pulumi. The components
 * declare exactly one provider resource per entry, named by `grantId`.
 */

export type SchemaObjectPlural = 'TABLES' | 'VIEWS';

export type GrantTarget =
  | { type: 'warehouse'; warehouse: string }
  | { type: 'database'; database: string }
  | { type: 'schema'; database: string; schema: string }
  /** Objects that exist now (`all`) or will be created (`future`) in a schema. */
  | { type: 'all' | 'future'; database: string; schema: string; objects: SchemaObjectPlural };

export type Grant =
  | { kind: 'role-to-role'; role: string; parentRole: string }
  | { kind: 'role-to-user'; role: string; user: string }
  | { kind: 'privileges'; role: string; privileges: string[]; on: GrantTarget };
export type PrivilegesGrant = Extract<Grant, { kind: 'privileges' }>;
export type RoleToRoleGrant = Extract<Grant, { kind: 'role-to-role' }>;

/** Privileges per access level; `all` and `future` grants always come in pairs. */
export const ACCESS_PRIVILEGES: Record<
  AccessLevel,
  { schema: string[]; objects: Record<SchemaObjectPlural, string[]> }
> = {
  read: {
    schema: ['USAGE'],
    objects: { TABLES: ['SELECT'], VIEWS: ['SELECT'] },
  },
  write: {
    schema: ['USAGE', 'CREATE TABLE', 'CREATE VIEW', 'CREATE STAGE', 'CREATE PIPE'],
    objects: { TABLES: ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'], VIEWS: ['SELECT'] },
  },
};

export const WAREHOUSE_PRIVILEGES = ['USAGE'];
export const DATABASE_PRIVILEGES = ['USAGE'];

/** Every grant of the spec, in a stable order: hierarchy, warehouses, databases, schemas, objects, users. */
export function grantMatrix(spec: PlatformSpec): Grant[] {
  const grants: Grant[] = [];
  for (const role of spec.roles) {
    const parents = role.grantedTo.length ? role.grantedTo : [HIERARCHY_ROOT];
    for (const parentRole of parents) grants.push({ kind: 'role-to-role', role: role.name, parentRole });
  }
  for (const role of spec.roles) {
    for (const warehouse of role.warehouses)
      grants.push({ kind: 'privileges', role: role.name, privileges: WAREHOUSE_PRIVILEGES, on: { type: 'warehouse', warehouse } });
  }
  const dbUsage = new Set<string>();
  for (const a of spec.access) {
    const { database } = splitSchema(a.schema);
    const key = `${a.role} ${database}`;
    if (dbUsage.has(key)) continue;
    dbUsage.add(key);
    grants.push({ kind: 'privileges', role: a.role, privileges: DATABASE_PRIVILEGES, on: { type: 'database', database } });
  }
  for (const a of spec.access) {
    const { database, schema } = splitSchema(a.schema);
    const level = ACCESS_PRIVILEGES[a.level];
    grants.push({ kind: 'privileges', role: a.role, privileges: level.schema, on: { type: 'schema', database, schema } });
    for (const objects of ['TABLES', 'VIEWS'] as const) {
      for (const type of ['all', 'future'] as const) {
        grants.push({ kind: 'privileges', role: a.role, privileges: level.objects[objects], on: { type, database, schema, objects } });
      }
    }
  }
  for (const user of spec.users) {
    for (const role of user.roles) grants.push({ kind: 'role-to-user', role, user: user.name });
  }
  return grants;
}

/** Stable logical-name fragment of a grant (unique within a matrix). */
export function grantId(grant: Grant): string {
  switch (grant.kind) {
    case 'role-to-role':
      return slug(grant.role, 'to', grant.parentRole);
    case 'role-to-user':
      return slug(grant.role, 'to-user', grant.user);
    case 'privileges': {
      const on = grant.on;
      switch (on.type) {
        case 'warehouse':
          return slug(grant.role, 'on-warehouse', on.warehouse);
        case 'database':
          return slug(grant.role, 'on-database', on.database);
        case 'schema':
          return slug(grant.role, 'on-schema', on.database, on.schema);
        case 'all':
        case 'future':
          return slug(grant.role, on.type, on.objects, 'in', on.database, on.schema);
      }
    }
  }
}

/** Provider arguments of a privileges grant (GrantPrivilegesToAccountRole), with quoted qualified names. */
export function privilegesGrantArgs(grant: PrivilegesGrant) {
  const on = grant.on;
  const base = { accountRoleName: qualify(grant.role), privileges: [...grant.privileges].sort() };
  switch (on.type) {
    case 'warehouse':
      return { ...base, onAccountObject: { objectType: 'WAREHOUSE', objectName: qualify(on.warehouse) } };
    case 'database':
      return { ...base, onAccountObject: { objectType: 'DATABASE', objectName: qualify(on.database) } };
    case 'schema':
      return { ...base, onSchema: { schemaName: qualify(on.database, on.schema) } };
    case 'all':
      return { ...base, onSchemaObject: { all: { objectTypePlural: on.objects, inSchema: qualify(on.database, on.schema) } } };
    case 'future':
      return { ...base, onSchemaObject: { future: { objectTypePlural: on.objects, inSchema: qualify(on.database, on.schema) } } };
  }
}

/** The roles a role inherits privileges from, transitively (itself excluded). */
export function inheritedRoles(spec: PlatformSpec, role: string): string[] {
  const children = new Map<string, string[]>();
  for (const r of spec.roles)
    for (const p of r.grantedTo.length ? r.grantedTo : [HIERARCHY_ROOT]) children.set(p, [...(children.get(p) ?? []), r.name]);
  const out = new Set<string>();
  const walk = (name: string) => {
    for (const child of children.get(name) ?? []) {
      if (out.has(child)) continue;
      out.add(child);
      walk(child);
    }
  };
  walk(role);
  return [...out].sort();
}
