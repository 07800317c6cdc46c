/**
 * The electric client library: electrify a local SQLite database and keep it
 * in sync with Postgres through the Satellite protocol. (Being built: this
 * entry point exists so that the library build and its packaging are in
 * place from the start.)
 */
export const CLIENT_PROTOCOL_VERSION = '0.12';
