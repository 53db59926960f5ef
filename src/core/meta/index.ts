export * from './handshake';
export * from './payloads';
export * from './signature';
export * from './webhook';
export * from './window';
