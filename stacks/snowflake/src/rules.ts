import type { PlanResource, PolicyRule } from '@sophia-ai/policy';
import { resourcesOfType } from '@sophia-ai/policy';

/**
 * Least-privilege rules over a synth plan (inputs already redacted). They read provider resources, not the
 * spec, so they also catch what a future component, a hand-written resource or a bad spec would produce.
 */

export const T = {
  warehouse: 'snowflake:index/warehouse:Warehouse',
  resourceMonitor: 'snowflake:index/resourceMonitor:ResourceMonitor',
  serviceUser: 'snowflake:index/serviceUser:ServiceUser',
  legacyServiceUser: 'snowflake:index/legacyServiceUser:LegacyServiceUser',
  user: 'snowflake:index/user:User',
  grantAccountRole: 'snowflake:index/grantAccountRole:GrantAccountRole',
  grantPrivileges: 'snowflake:index/grantPrivilegesToAccountRole:GrantPrivilegesToAccountRole',
  tlsPrivateKey: 'tls:index/privateKey:PrivateKey',
} as const;

/** Roles a service user must never hold. */
export const FORBIDDEN_SERVICE_ROLES = ['ACCOUNTADMIN', 'SECURITYADMIN', 'ORGADMIN'] as const;

const SERVICE_USER_TYPES: readonly string[] = [T.serviceUser, T.legacyServiceUser];

/** `"RAW"."ESTUARY"` and `RAW.ESTUARY` compare equal; identifiers are case-insensitive unquoted. */
export function normalizeName(value: unknown): string {
  return typeof value === 'string' ? value.replace(/"/g, '').toUpperCase() : '';
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const noAdminRolesForServiceUsers: PolicyRule = {
  id: 'snowflake-no-admin-roles-for-service-users',
  description: `Service users are never granted (nor default to) ${FORBIDDEN_SERVICE_ROLES.join(' or ')}`,
  severity: 'error',
  check(plan) {
    const forbidden = new Set<string>(FORBIDDEN_SERVICE_ROLES);
    const serviceUsers = new Set(resourcesOfType(plan, ...SERVICE_USER_TYPES).map((u) => normalizeName(u.inputs.name)));
    const found: Array<{ urn?: string; message: string }> = [];
    for (const u of resourcesOfType(plan, ...SERVICE_USER_TYPES)) {
      const role = normalizeName(u.inputs.defaultRole);
      if (forbidden.has(role)) found.push({ urn: u.urn, message: `service user ${normalizeName(u.inputs.name)} defaults to ${role}` });
    }
    for (const g of resourcesOfType(plan, T.grantAccountRole)) {
      const user = normalizeName(g.inputs.userName);
      const role = normalizeName(g.inputs.roleName);
      if (user && serviceUsers.has(user) && forbidden.has(role))
        found.push({ urn: g.urn, message: `${role} is granted to service user ${user}` });
    }
    return found;
  },
};

export const warehouseGuardrails: PolicyRule = {
  id: 'snowflake-warehouse-auto-suspend-and-monitor',
  description: 'Every warehouse auto-suspends and is assigned a resource monitor with a credit quota declared in this stack',
  severity: 'error',
  check(plan) {
    const monitors = new Map(resourcesOfType(plan, T.resourceMonitor).map((m) => [normalizeName(m.inputs.name), m]));
    const found: Array<{ urn?: string; message: string }> = [];
    for (const w of resourcesOfType(plan, T.warehouse)) {
      const name = normalizeName(w.inputs.name) || w.name;
      const suspend = w.inputs.autoSuspend;
      if (typeof suspend !== 'number' || suspend <= 0)
        found.push({ urn: w.urn, message: `warehouse ${name} has no auto-suspend (autoSuspend must be > 0 seconds)` });
      const monitorName = normalizeName(w.inputs.resourceMonitor);
      if (!monitorName) found.push({ urn: w.urn, message: `warehouse ${name} has no resource monitor` });
      else {
        const monitor = monitors.get(monitorName);
        if (!monitor) found.push({ urn: w.urn, message: `warehouse ${name} uses resource monitor ${monitorName}, which this stack does not declare` });
        else if (!(typeof monitor.inputs.creditQuota === 'number' && monitor.inputs.creditQuota > 0))
          found.push({ urn: monitor.urn, message: `resource monitor ${monitorName} of warehouse ${name} has no credit quota` });
      }
    }
    return found;
  },
};

export const serviceUsersUseKeyPairs: PolicyRule = {
  id: 'snowflake-service-users-key-pair-only',
  description: 'Service users authenticate with RSA key pairs only: a public key is set and no password',
  severity: 'error',
  check(plan) {
    const keyPairs = new Set(resourcesOfType(plan, T.tlsPrivateKey).map((k) => k.urn));
    const found: Array<{ urn?: string; message: string }> = [];
    for (const u of resourcesOfType(plan, ...SERVICE_USER_TYPES)) {
      const name = normalizeName(u.inputs.name) || u.name;
      if (present(u.inputs.password)) found.push({ urn: u.urn, message: `service user ${name} has a password` });
      // A key computed at deploy time from a key pair in this stack has no value in an offline plan, but the
      // user then depends on that key pair.
      const hasKey =
        present(u.inputs.rsaPublicKey) || present(u.inputs.rsaPublicKey2) || u.dependencies.some((d) => keyPairs.has(d));
      if (!hasKey) found.push({ urn: u.urn, message: `service user ${name} has no RSA public key (key-pair auth)` });
    }
    return found;
  },
};

interface SchemaObjectScope {
  objectTypePlural: string;
  inDatabase: string;
  inSchema: string;
}

function scopeOf(value: unknown): SchemaObjectScope | undefined {
  if (!isObject(value)) return undefined;
  return {
    objectTypePlural: normalizeName(value.objectTypePlural),
    inDatabase: normalizeName(value.inDatabase),
    inSchema: normalizeName(value.inSchema),
  };
}

function privilegesOf(r: PlanResource): string[] {
  if (r.inputs.allPrivileges === true) return ['ALL PRIVILEGES'];
  return Array.isArray(r.inputs.privileges) ? r.inputs.privileges.map((p) => String(p).toUpperCase()) : [];
}

export const futureGrantsWithAllGrants: PolicyRule = {
  id: 'snowflake-future-grants-match-all-grants',
  description: 'Every grant on ALL objects of a kind in a schema/database has a FUTURE grant with the same privileges',
  severity: 'error',
  check(plan) {
    const grants = resourcesOfType(plan, T.grantPrivileges).filter((g) => isObject(g.inputs.onSchemaObject));
    const futures = grants.flatMap((g) => {
      const scope = scopeOf((g.inputs.onSchemaObject as Record<string, unknown>).future);
      return scope ? [{ g, scope, role: normalizeName(g.inputs.accountRoleName), privileges: privilegesOf(g) }] : [];
    });
    const found: Array<{ urn?: string; message: string }> = [];
    for (const g of grants) {
      const all = scopeOf((g.inputs.onSchemaObject as Record<string, unknown>).all);
      if (!all) continue;
      const role = normalizeName(g.inputs.accountRoleName);
      const privileges = privilegesOf(g);
      const where = all.inSchema ? `schema ${all.inSchema}` : `database ${all.inDatabase}`;
      const match = futures.find(
        (f) =>
          f.role === role &&
          f.scope.objectTypePlural === all.objectTypePlural &&
          f.scope.inSchema === all.inSchema &&
          f.scope.inDatabase === all.inDatabase,
      );
      if (!match) {
        found.push({ urn: g.urn, message: `${role} has ${privileges.join(', ')} on all ${all.objectTypePlural} in ${where} but no future grant` });
        continue;
      }
      const missing = match.privileges.includes('ALL PRIVILEGES') ? [] : privileges.filter((p) => !match.privileges.includes(p));
      if (missing.length)
        found.push({ urn: g.urn, message: `${role}'s future grant on ${all.objectTypePlural} in ${where} lacks ${missing.join(', ')}` });
    }
    return found;
  },
};

export const snowflakeRules: PolicyRule[] = [
  noAdminRolesForServiceUsers,
  warehouseGuardrails,
  serviceUsersUseKeyPairs,
  futureGrantsWithAllGrants,
];
