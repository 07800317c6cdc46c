/**
 * The proxy's own password check (spec §6.1): one password for every user,
 * either as a `password` startup parameter or through MD5 authentication.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const md5 = (data: Buffer | string): string => createHash('md5').update(data).digest('hex');

export function newSalt(): Buffer {
  return randomBytes(4);
}

/** What a client sends for MD5 authentication: md5 + md5(md5(password + user) + salt). */
export function md5Response(password: string, user: string, salt: Buffer): string {
  return `md5${md5(Buffer.concat([Buffer.from(md5(password + user), 'utf8'), salt]))}`;
}

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export const authFailedMessage = (user: string): string => `Password authentication failed for user "${user}"`;
