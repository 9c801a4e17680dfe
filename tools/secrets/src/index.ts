export { main, buildProgram } from './cli';
export * from './manifest';
export * from './plan';
export { runSync, type SyncOptions, type SyncReport, type ReportItem } from './sync';
export { GithubSecrets, GithubApiError } from './github';
export { Ledger, ledgerEnvironment, hmacWith } from './ledger';
export { EXIT, exitCode } from './report';
