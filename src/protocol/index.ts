// Satellite wire protocol, shared by the sync service and the client library.
// Depends on nothing else in src/.
export { Electric } from './generated/satellite.js';
export * from './codec.js';
