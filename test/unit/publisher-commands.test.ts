import { describe, expect, it } from 'vitest';
import { normalizeQuery, parsePublishedTablesQuery, parseStartReplication } from '../../src/service/writes/publisher-commands.js';

describe('publisher commands', () => {
  it('normalises whitespace and a trailing semicolon', () => {
    expect(normalizeQuery('  IDENTIFY_SYSTEM\n ;')).toBe('IDENTIFY_SYSTEM');
    expect(normalizeQuery('SELECT  1;\t')).toBe('SELECT 1');
  });

  it("parses START_REPLICATION with a quoted slot and the apply worker's options", () => {
    const q = normalizeQuery(`START_REPLICATION SLOT "postgres_1" LOGICAL 0/1A2B3C (proto_version '1', publication_names '"electric_publication"', binary)`);
    expect(parseStartReplication(q)).toEqual({
      slot: 'postgres_1',
      position: '0/1A2B3C',
      options: { proto_version: '1', publication_names: '"electric_publication"', binary: 'true' },
    });
    expect(parseStartReplication('START_REPLICATION SLOT "a""b" LOGICAL 1/2')).toEqual({ slot: 'a"b', position: '1/2', options: {} });
    expect(parseStartReplication('START_REPLICATION SLOT s PHYSICAL 0/0')).toBeNull();
    expect(parseStartReplication('SELECT 1')).toBeNull();
  });

  it("parses the publication's table query, before and after Postgres 15", () => {
    const old = "SELECT DISTINCT t.schemaname, t.tablename FROM pg_catalog.pg_publication_tables t WHERE t.pubname IN ('electric_publication', 'it''s')";
    expect(parsePublishedTablesQuery(old)).toEqual({ names: ['electric_publication', "it's"], withAttnames: false });
    const v15 = "SELECT DISTINCT t.schemaname, t.tablename, t.attnames FROM pg_catalog.pg_publication_tables t WHERE t.pubname IN ('p')";
    expect(parsePublishedTablesQuery(v15)).toEqual({ names: ['p'], withAttnames: true });
    expect(parsePublishedTablesQuery('SELECT * FROM pg_publication_tables')).toBeNull();
  });
});
