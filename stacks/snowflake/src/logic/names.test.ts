import { pipeCopyStatement, stageFileFormat } from './ingestion';
import { accountHost, publicKeyBody, qualify, slug, splitSchema } from './names';

describe('names', () => {
  it('derives the account host from organization and account', () => {
    expect(accountHost('SOPHIASANDBOX', 'LOCAL_SYNTH')).toBe('sophiasandbox-local-synth.snowflakecomputing.com');
    expect(accountHost('ACME', 'PROD')).toMatch(/^[^/:]+\.snowflakecomputing\.com$/);
  });
  it('quotes qualified names and escapes quotes', () => {
    expect(qualify('RAW', 'ESTUARY')).toBe('"RAW"."ESTUARY"');
    expect(qualify('A"B')).toBe('"A""B"');
  });
  it('splits DATABASE.SCHEMA and rejects anything else', () => {
    expect(splitSchema('RAW.ESTUARY')).toEqual({ database: 'RAW', schema: 'ESTUARY' });
    expect(() => splitSchema('RAW')).toThrow(/DATABASE.SCHEMA/);
  });
  it('turns identifiers into child name parts (the component base prefixes the parent name)', () => {
    expect(slug('monitor')).toBe('monitor');
    expect(slug('schema', 'S3_EVENTS')).toBe('schema-s3-events');
    expect(slug('stage', 'RAW.S3_EVENTS', 'ST')).toBe('stage-raw-s3-events-st');
  });
  it('turns a PEM public key into the one-line body Snowflake wants', () => {
    const pem = '-----BEGIN PUBLIC KEY-----\nMIIBIjAN\nBgkqhkiG\n-----END PUBLIC KEY-----\n';
    expect(publicKeyBody(pem)).toBe('MIIBIjANBgkqhkiG');
  });
  it('builds the pipe COPY and stage FILE_FORMAT clauses', () => {
    expect(pipeCopyStatement({ name: 'P', schema: 'RAW.S3_EVENTS', stage: 'ST', table: 'EVENTS', autoIngest: true })).toBe(
      'COPY INTO "RAW"."S3_EVENTS"."EVENTS" (RECORD, FILENAME) FROM (SELECT $1, METADATA$FILENAME FROM @"RAW"."S3_EVENTS"."ST")',
    );
    expect(stageFileFormat('RAW.S3_EVENTS', 'JSON_EVENTS')).toBe('FORMAT_NAME = "RAW"."S3_EVENTS"."JSON_EVENTS"');
  });
});
