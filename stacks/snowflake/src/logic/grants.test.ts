import { ACCESS_PRIVILEGES, grantId, grantMatrix, inheritedRoles, privilegesGrantArgs, type PrivilegesGrant } from './grants';
import { parsePlatformSpec } from './spec';
import { sampleSpec } from '../test-fixtures';

const spec = parsePlatformSpec(sampleSpec());
const matrix = grantMatrix(spec);
const privileges = matrix.filter((g): g is PrivilegesGrant => g.kind === 'privileges');

describe('grant matrix', () => {
  it('puts every functional role under SYSADMIN, directly or through its parents', () => {
    expect(matrix.filter((g) => g.kind === 'role-to-role')).toEqual([
      { kind: 'role-to-role', role: 'LOADER', parentRole: 'SYSADMIN' },
      { kind: 'role-to-role', role: 'TRANSFORMER', parentRole: 'SYSADMIN' },
      { kind: 'role-to-role', role: 'REPORTER', parentRole: 'TRANSFORMER' },
    ]);
    expect(inheritedRoles(spec, 'SYSADMIN')).toEqual(['LOADER', 'REPORTER', 'TRANSFORMER']);
    expect(inheritedRoles(spec, 'TRANSFORMER')).toEqual(['REPORTER']);
  });

  it('grants warehouse usage per role', () => {
    expect(privileges.filter((g) => g.on.type === 'warehouse').map((g) => [g.role, g.on.type === 'warehouse' && g.on.warehouse])).toEqual([
      ['LOADER', 'LOADING_WH'],
      ['TRANSFORMER', 'ANALYTICS_WH'],
      ['REPORTER', 'ANALYTICS_WH'],
    ]);
  });

  it('grants database usage once per role and database', () => {
    const db = privileges.filter((g) => g.on.type === 'database').map((g) => `${g.role}@${g.on.type === 'database' && g.on.database}`);
    expect(db).toEqual(['LOADER@RAW', 'TRANSFORMER@RAW', 'TRANSFORMER@ANALYTICS', 'REPORTER@ANALYTICS']);
  });

  it('pairs every ALL grant with a FUTURE grant of the same privileges, for tables and views', () => {
    for (const access of spec.access) {
      const [database, schema] = access.schema.split('.');
      for (const objects of ['TABLES', 'VIEWS'] as const) {
        const of = (type: 'all' | 'future') =>
          privileges.filter(
            (g) => g.role === access.role && g.on.type === type && g.on.database === database && g.on.schema === schema && g.on.objects === objects,
          );
        expect(of('all')).toHaveLength(1);
        expect(of('future')).toHaveLength(1);
        expect(of('future')[0]!.privileges).toEqual(of('all')[0]!.privileges);
        expect(of('all')[0]!.privileges).toEqual(ACCESS_PRIVILEGES[access.level].objects[objects]);
      }
    }
  });

  it('gives readers SELECT only and writers DML, never OWNERSHIP or ALL', () => {
    const reporter = privileges.filter((g) => g.role === 'REPORTER').flatMap((g) => g.privileges);
    expect(new Set(reporter)).toEqual(new Set(['USAGE', 'SELECT']));
    const loaderTables = privileges.find((g) => g.role === 'LOADER' && g.on.type === 'all' && g.on.objects === 'TABLES');
    expect(loaderTables?.privileges).toEqual(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']);
    expect(privileges.flatMap((g) => g.privileges)).not.toContain('OWNERSHIP');
  });

  it('grants each user its roles', () => {
    expect(matrix.filter((g) => g.kind === 'role-to-user')).toEqual([
      { kind: 'role-to-user', role: 'LOADER', user: 'ESTUARY_LOADER' },
      { kind: 'role-to-user', role: 'TRANSFORMER', user: 'DBT_TRANSFORMER' },
      { kind: 'role-to-user', role: 'REPORTER', user: 'DATA_ONCALL' },
    ]);
  });

  it('has the expected size: 3 hierarchy + 3 warehouse + 4 database + 7 x (1 schema + 4 object) + 3 user grants', () => {
    expect(matrix).toHaveLength(3 + 3 + 4 + 7 * 5 + 3);
  });

  it('names every grant uniquely and stably', () => {
    const ids = matrix.map(grantId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('loader-future-tables-in-raw-estuary');
    expect(ids).toContain('reporter-to-transformer');
    expect(ids).toContain('loader-to-user-estuary-loader');
  });

  it('builds provider arguments with quoted qualified names', () => {
    const future = privileges.find((g) => g.role === 'LOADER' && g.on.type === 'future' && g.on.objects === 'TABLES')!;
    expect(privilegesGrantArgs(future)).toEqual({
      accountRoleName: '"LOADER"',
      privileges: ['DELETE', 'INSERT', 'SELECT', 'TRUNCATE', 'UPDATE'],
      onSchemaObject: { future: { objectTypePlural: 'TABLES', inSchema: '"RAW"."ESTUARY"' } },
    });
    const wh = privileges.find((g) => g.on.type === 'warehouse')!;
    expect(privilegesGrantArgs(wh)).toEqual({
      accountRoleName: '"LOADER"',
      privileges: ['USAGE'],
      onAccountObject: { objectType: 'WAREHOUSE', objectName: '"LOADING_WH"' },
    });
  });
});
