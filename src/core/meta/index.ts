export * from './handshake';
export * from './payloads';
export * from './webhook';
export * from './window';
