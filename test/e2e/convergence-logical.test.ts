/** The suite of convergence.suite.ts in logical_replication mode: through Postgres' apply worker. */
import { convergenceSuite } from './convergence.suite.js';

convergenceSuite('logical_replication');
