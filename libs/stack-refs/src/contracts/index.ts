// One file per producer stack; tools/nx-pulumi reads these files to draw stack→stack graph edges.
export * from './lambda-labs';
export * from './snowflake';
export * from './github';
