/** The write-path suite (writes.suite.ts) in logical_replication mode: through Postgres' apply worker. */
import { writePathSuite } from './writes.suite.js';

writePathSuite('logical_replication');
