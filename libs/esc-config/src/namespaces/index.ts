// One file per service namespace; the docs, the validator and the sync tool enumerate `namespaces`.
export * from './lambda-labs';
export * from './github';
export * from './snowflake';
