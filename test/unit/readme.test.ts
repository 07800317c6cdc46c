import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { SETTINGS } from '../../src/service/config.js';

// The README's configuration table is the operator's reference: it must
// name every setting the service reads, with the default --help shows.
describe('README configuration table', () => {
  const readme = readFileSync('README.md', 'utf8');
  it.each(SETTINGS.map((s) => [s.env, s] as const))('documents %s', (_env, setting) => {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${setting.env}\` |`));
    expect(row, `README row for ${setting.env}`).toBeDefined();
    expect(row).toContain(`\`--${setting.flag}\``);
    expect(row).toContain(setting.defaultHelp.replace(/\|/g, '\\|'));
  });

  it('opens with the two commands', () => {
    const top = readme.split('\n').slice(0, 8).join('\n');
    expect(top).toContain('npm ci && npm start');
    expect(top).toContain('npm test');
  });
});
