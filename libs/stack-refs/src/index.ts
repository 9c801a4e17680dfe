export * from './naming';
export * from './contract';
export * from './contracts';
