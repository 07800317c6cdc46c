/** The suite of official-client-writes.suite.ts in logical_replication mode: through Postgres' apply worker. */
import { officialClientWritesSuite } from './official-client-writes.suite.js';

officialClientWritesSuite('logical_replication');
