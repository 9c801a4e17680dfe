import { ENVIRONMENTS } from '@sophia-ai/stack-refs';
import { platformFor } from '../platform-spec';
import { findRoleCycle, parsePlatformSpec, PlatformSpecError } from './spec';
import { SAMPLE_INPUTS, sampleSpec } from '../test-fixtures';

function problemsOf(input: unknown): string[] {
  try {
    parsePlatformSpec(input);
  } catch (err) {
    expect(err).toBeInstanceOf(PlatformSpecError);
    return (err as PlatformSpecError).problems;
  }
  throw new Error('expected the spec to be rejected');
}

describe('platform spec validation', () => {
  it.each(ENVIRONMENTS)('accepts the %s platform', (env) => {
    const spec = parsePlatformSpec(platformFor(env, SAMPLE_INPUTS));
    expect(spec.warehouses.map((w) => w.name)).toEqual(['LOADING_WH', 'ANALYTICS_WH']);
    expect(spec.databases.map((d) => d.name)).toEqual(['RAW', 'ANALYTICS']);
  });

  it('sizes production above dev', () => {
    const dev = parsePlatformSpec(platformFor('dev', SAMPLE_INPUTS));
    const prod = parsePlatformSpec(platformFor('production', SAMPLE_INPUTS));
    expect(dev.warehouses[1]!.size).toBe('XSMALL');
    expect(prod.warehouses[1]!.size).toBe('MEDIUM');
    expect(prod.warehouses[1]!.monitor.monthlyCreditQuota).toBeGreaterThan(dev.warehouses[1]!.monitor.monthlyCreditQuota);
  });

  it('rejects a bad warehouse size, naming the warehouse', () => {
    const spec = sampleSpec();
    (spec.warehouses[1] as { size: string }).size = 'HUGE';
    const problems = problemsOf(spec);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^warehouses\[1\] \(ANALYTICS_WH\)\.size: must be one of XSMALL, SMALL/);
  });

  it('rejects a warehouse that never suspends', () => {
    const spec = sampleSpec();
    spec.warehouses[0]!.autoSuspendSeconds = 0;
    expect(problemsOf(spec)[0]).toMatch(/warehouses\[0\] \(LOADING_WH\)\.autoSuspendSeconds: must be at least 60/);
  });

  it('rejects lower-case identifiers', () => {
    const spec = sampleSpec();
    spec.databases[0]!.name = 'raw';
    expect(problemsOf(spec).join('\n')).toMatch(/databases\[0\] \(raw\)\.name: must be an unquoted upper-case identifier/);
  });

  it('rejects a grant to an unknown role, naming role and schema', () => {
    const spec = sampleSpec();
    spec.access!.push({ role: 'GHOST', schema: 'RAW.ESTUARY', level: 'read' });
    expect(problemsOf(spec)).toEqual(['access grant on RAW.ESTUARY names unknown role "GHOST"']);
  });

  it('rejects a grant on an unknown schema', () => {
    const spec = sampleSpec();
    spec.access!.push({ role: 'REPORTER', schema: 'RAW.NOPE', level: 'read' });
    expect(problemsOf(spec)).toEqual(['access grant for role "REPORTER" names unknown schema "RAW.NOPE"']);
  });

  it('rejects unknown roles on users and unknown warehouses on roles', () => {
    const spec = sampleSpec();
    spec.users![0]!.roles = ['LOADER', 'WRITER'];
    spec.roles![0]!.warehouses = ['LOADING_WH', 'BIG_WH'];
    expect(problemsOf(spec)).toEqual([
      'role "LOADER" uses unknown warehouse "BIG_WH"',
      'user "ESTUARY_LOADER" is granted unknown role "WRITER"',
    ]);
  });

  it('rejects duplicate names of every kind', () => {
    const spec = sampleSpec();
    spec.warehouses.push(structuredClone(spec.warehouses[0]!));
    spec.databases.push({ name: 'RAW', schemas: [{ name: 'X' }] });
    spec.databases[1]!.schemas.push({ name: 'MARTS' });
    spec.roles!.push({ name: 'LOADER' });
    spec.users!.push(structuredClone(spec.users![2]!));
    const problems = problemsOf(spec);
    expect(problems).toEqual(
      expect.arrayContaining([
        'duplicate warehouse "LOADING_WH"',
        'duplicate database "RAW"',
        'duplicate schema in database ANALYTICS "MARTS"',
        'duplicate role "LOADER"',
        'duplicate user "DATA_ONCALL"',
      ]),
    );
  });

  it('rejects a cycle in the role hierarchy, printing the cycle', () => {
    const spec = sampleSpec();
    // REPORTER -> TRANSFORMER already; close the loop.
    spec.roles![1]!.grantedTo = ['REPORTER'];
    expect(problemsOf(spec)).toEqual(['role hierarchy has a cycle: REPORTER -> TRANSFORMER -> REPORTER']);
  });

  it('rejects roles granted to themselves or to system roles other than SYSADMIN', () => {
    const spec = sampleSpec();
    spec.roles![0]!.grantedTo = ['LOADER'];
    spec.roles![1]!.grantedTo = ['ACCOUNTADMIN'];
    expect(problemsOf(spec)).toEqual([
      'role "LOADER" is granted to itself',
      'role "TRANSFORMER" is granted to unknown role "ACCOUNTADMIN" (functional roles or SYSADMIN only)',
    ]);
  });

  it('rejects a functional role named like a system role', () => {
    const spec = sampleSpec();
    spec.roles!.push({ name: 'SYSADMIN' });
    expect(problemsOf(spec)).toContain('role "SYSADMIN" is a system role; functional roles need their own names');
  });

  it('checks the loader: service user, write access, warehouse usage', () => {
    const spec = sampleSpec();
    spec.loader.user = 'DATA_ONCALL';
    expect(problemsOf(spec)).toEqual(['loader user "DATA_ONCALL" must be a service user (key-pair auth)']);
    const spec2 = sampleSpec();
    spec2.loader.schema = 'ANALYTICS.MARTS';
    spec2.loader.warehouse = 'ANALYTICS_WH';
    expect(problemsOf(spec2)).toEqual([
      'loader user "ESTUARY_LOADER": its default role "LOADER" has no write access to ANALYTICS.MARTS',
      'loader user "ESTUARY_LOADER": its default role "LOADER" may not use warehouse ANALYTICS_WH',
    ]);
  });

  it('checks ingestion references (integration, location, format, stage)', () => {
    const spec = sampleSpec();
    spec.stages![0]!.url = 's3://other-bucket/x/';
    spec.stages![0]!.fileFormat = 'CSV_EVENTS';
    spec.pipes![0]!.stage = 'MISSING_STAGE';
    expect(problemsOf(spec)).toEqual([
      'stage "EVENTS_STAGE" URL is outside the allowed locations of storage integration "S3_INGEST"',
      'stage "EVENTS_STAGE" uses unknown file format "CSV_EVENTS" (looked in RAW.S3_EVENTS)',
      'pipe "EVENTS_PIPE" reads unknown stage "MISSING_STAGE" (looked in RAW.S3_EVENTS)',
    ]);
  });

  it('lists every problem at once in the error message', () => {
    const spec = sampleSpec();
    spec.access!.push({ role: 'GHOST', schema: 'RAW.ESTUARY', level: 'read' });
    spec.roles![2]!.warehouses = ['BIG_WH'];
    expect(() => parsePlatformSpec(spec)).toThrow(/2 problems\):\n {2}- .*BIG_WH.*\n {2}- .*GHOST/);
  });
});

describe('findRoleCycle', () => {
  it('finds none in a tree and ignores edges to unknown roles', () => {
    expect(findRoleCycle([{ name: 'A', grantedTo: ['B'] }, { name: 'B', grantedTo: ['SYSADMIN'] }])).toBeUndefined();
  });
  it('finds a three-role cycle', () => {
    expect(
      findRoleCycle([
        { name: 'A', grantedTo: ['B'] },
        { name: 'B', grantedTo: ['C'] },
        { name: 'C', grantedTo: ['A'] },
      ]),
    ).toEqual(['A', 'B', 'C', 'A']);
  });
});
