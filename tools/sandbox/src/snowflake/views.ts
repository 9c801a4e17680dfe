/**
 * The answers of a statement: the ResultSet of `select 1` (as Snowflake answers it: one FIXED column named `1`,
 * one row `["1"]`, data as strings in jsonv2), and the QueryStatus of an asynchronous submission.
 * `statementStatusUrl` is relative, as Snowflake sends it.
 */
import type { StatementRecord } from './state';

const statusUrl = (s: StatementRecord) => `/api/v2/statements/${s.handle}`;

export function resultSetView(s: StatementRecord) {
  return {
    resultSetMetaData: {
      numRows: 1,
      format: 'jsonv2',
      partitionInfo: [{ rowCount: 1, uncompressedSize: 6 }],
      rowType: [{ name: '1', database: '', schema: '', table: '', type: 'fixed', scale: 0, precision: 1, nullable: false }],
    },
    data: [['1']],
    code: '090001',
    statementStatusUrl: statusUrl(s),
    sqlState: '00000',
    statementHandle: s.handle,
    message: 'Statement executed successfully.',
    createdOn: s.createdOn,
  };
}

export function queryStatusView(s: StatementRecord) {
  return {
    code: '333334',
    message: 'Asynchronous execution in progress. Use provided query id to perform query monitoring and management.',
    statementHandle: s.handle,
    statementStatusUrl: statusUrl(s),
  };
}
