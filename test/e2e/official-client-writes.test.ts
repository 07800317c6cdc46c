/** The suite of official-client-writes.suite.ts in direct_writes mode. */
import { officialClientWritesSuite } from './official-client-writes.suite.js';

officialClientWritesSuite('direct_writes');
