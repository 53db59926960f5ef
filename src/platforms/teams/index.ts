export * from './addressing';
export * from './client';
export * from './credentials';
export * from './escape';
export * from './limits';
export * from './platform';
export * from './render';
