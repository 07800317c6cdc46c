/** The suite of convergence.suite.ts in direct_writes mode. */
import { convergenceSuite } from './convergence.suite.js';

convergenceSuite('direct_writes');
