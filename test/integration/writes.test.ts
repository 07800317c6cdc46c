/** The write-path suite (writes.suite.ts) in direct_writes mode. */
import { writePathSuite } from './writes.suite.js';

writePathSuite('direct_writes');
