export * from './naming';
export * from './contract';
