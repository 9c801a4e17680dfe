export * from './keys';
export * from './transport';
export * from './cloud-init';
export * from './schemas';
