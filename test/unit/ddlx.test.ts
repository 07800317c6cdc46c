import { describe, expect, it } from 'vitest';
import { Electric } from '../../src/protocol/generated/satellite.js';
import {
  DdlxSyntaxError,
  commandId,
  ddlxCommandTag,
  ddlxFeature,
  ddlxReferences,
  encodeSatPermsDdlx,
  isDdlxEnabled,
  isPermissionsStatement,
  looksLikeDdlx,
  parseDdlx,
  toSatPermsDdlx,
  unsupportedDdlxMessage,
  type DdlxStatement,
  type PermissionsStatement,
} from '../../src/proxy/ddlx/index.js';

const SatPerms = Electric.Satellite.SatPerms;

function parse<K extends DdlxStatement['kind']>(sql: string, kind: K): Extract<DdlxStatement, { kind: K }> {
  const stmt = parseDdlx(sql);
  expect(stmt.kind).toBe(kind);
  return stmt as Extract<DdlxStatement, { kind: K }>;
}

function perms(sql: string) {
  const stmt = parseDdlx(sql);
  if (!isPermissionsStatement(stmt)) throw new Error(`not a permissions statement: ${sql}`);
  return toSatPermsDdlx(stmt);
}

/** The error parseDdlx throws, as the fields the proxy sends. */
function failure(sql: string): { code: string; message: string; position: number } {
  try {
    parseDdlx(sql);
  } catch (err) {
    expect(err).toBeInstanceOf(DdlxSyntaxError);
    const e = err as DdlxSyntaxError;
    return { code: e.code, message: e.message, position: e.position };
  }
  throw new Error(`expected ${JSON.stringify(sql)} to fail`);
}

describe('ENABLE / DISABLE', () => {
  it('parses both syntaxes, with the default schema', () => {
    const a = parse('ALTER TABLE things ENABLE ELECTRIC;', 'enable');
    expect(a).toMatchObject({ table: { schema: 'public', name: 'things' }, syntax: 'alter_table', span: { start: 0, end: 34 } });
    expect(parse('electric enable things', 'enable')).toMatchObject({ table: { schema: 'public', name: 'things' }, syntax: 'electric' });
    expect(parse('ALTER TABLE things DISABLE ELECTRIC', 'disable').table).toMatchObject({ schema: 'public', name: 'things' });
    expect(parse('ELECTRIC DISABLE application.things;', 'disable').table).toMatchObject({ schema: 'application', name: 'things' });
  });

  it('keeps quoted names as written and folds unquoted ones to lower case (ASCII, as Postgres)', () => {
    expect(parse('ALTER TABLE "Private"."Items" ENABLE ELECTRIC;', 'enable').table).toMatchObject({ schema: 'Private', name: 'Items' });
    expect(parse('ALTER TABLE Private.Items ENABLE ELECTRIC;', 'enable').table).toMatchObject({ schema: 'private', name: 'items' });
    expect(parse('ELECTRIC ENABLE "My ""Table"""', 'enable').table).toMatchObject({ schema: 'public', name: 'My "Table"' });
    expect(parse('ELECTRIC ENABLE Straße_ÄB', 'enable').table.name).toBe('straße_Äb');
  });

  it('records where the table name is', () => {
    const sql = '  /* lead */ ALTER TABLE  s."T" ENABLE ELECTRIC -- done';
    const stmt = parse(sql, 'enable');
    expect(sql.slice(stmt.table.span.start, stmt.table.span.end)).toBe('s."T"');
    expect(sql.slice(stmt.span.start, stmt.span.end)).toBe('ALTER TABLE  s."T" ENABLE ELECTRIC');
  });
});

describe('GRANT', () => {
  it('expands READ, WRITE and ALL [PRIVILEGES], and de-duplicates comma lists in order', () => {
    expect(parse("ELECTRIC GRANT READ ON t TO 'r'", 'grant').privileges).toEqual(['SELECT']);
    expect(parse("ELECTRIC GRANT WRITE ON t TO 'r'", 'grant').privileges).toEqual(['INSERT', 'UPDATE', 'DELETE']);
    expect(parse("ELECTRIC GRANT ALL ON t TO 'r'", 'grant').privileges).toEqual(['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
    expect(parse("ELECTRIC GRANT all privileges ON t TO 'r'", 'grant').privileges).toEqual(['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
    expect(parse("ELECTRIC GRANT update, select, write ON t TO 'r'", 'grant').privileges).toEqual(['UPDATE', 'SELECT', 'INSERT', 'DELETE']);
    expect(parse("ELECTRIC GRANT INSERT ON t TO 'r'", 'grant').columns).toBeNull();
  });

  it('reads a column list', () => {
    const stmt = parse('ELECTRIC GRANT UPDATE, INSERT (status, "Name") ON thing."Köln_en$ts" TO \'house.admin\'', 'grant');
    expect(stmt.columns).toEqual(['status', 'Name']);
    expect(stmt.table).toMatchObject({ schema: 'thing', name: 'Köln_en$ts' });
  });

  it.each([
    ["'editor'", { kind: 'named', name: 'editor' }, null],
    ["'projects:house.admin'", { kind: 'named', name: 'projects:house.admin' }, null],
    ["(projects, 'editor')", { kind: 'named', name: 'editor' }, { schema: 'public', name: 'projects' }],
    ["( app.\"Projects\" , 'editor' )", { kind: 'named', name: 'editor' }, { schema: 'app', name: 'Projects' }],
    ["projects:'editor'", { kind: 'named', name: 'editor' }, { schema: 'public', name: 'projects' }],
    ["app.projects:'editor'", { kind: 'named', name: 'editor' }, { schema: 'app', name: 'projects' }],
    ["(NULL, 'editor')", { kind: 'named', name: 'editor' }, null],
    ["null:'editor'", { kind: 'named', name: 'editor' }, null],
    ['AUTHENTICATED', { kind: 'predefined', role: 'AUTHENTICATED' }, null],
    ['anyone', { kind: 'predefined', role: 'ANYONE' }, null],
  ])('grants to %s', (roleText, role, scope) => {
    const stmt = parse(`ELECTRIC GRANT READ ON issues TO ${roleText};`, 'grant');
    expect(stmt.role).toMatchObject(role);
    if (scope === null) expect(stmt.scope).toBeNull();
    else expect(stmt.scope).toMatchObject(scope);
  });

  it('reads USING and keeps the WHERE condition as its exact source text', () => {
    const sql = `ELECTRIC GRANT READ ON issues TO (projects, 'editor') USING project_id/Owner_Id
      WHERE ( (row.user_id::text = AUTH.user_id) AND name <> ')'  /* ( */ )`;
    const stmt = parse(sql, 'grant');
    expect(stmt.using).toEqual(['project_id', 'owner_id']);
    expect(stmt.where?.text).toBe("(row.user_id::text = AUTH.user_id) AND name <> ')'");
    expect(sql.slice(stmt.where!.span.start, stmt.where!.span.end)).toBe(stmt.where!.text);
  });
});

describe('REVOKE', () => {
  it('parses privileges, table and role', () => {
    const stmt = parse('ELECTRIC REVOKE UPDATE (status) ON "Thing".t FROM ("Thing".projects, \'house.admin\');', 'revoke');
    expect(stmt).toMatchObject({
      privileges: ['UPDATE'],
      columns: ['status'],
      table: { schema: 'Thing', name: 't' },
      role: { kind: 'named', name: 'house.admin' },
      scope: { schema: 'Thing', name: 'projects' },
    });
    expect(parse('ELECTRIC REVOKE ALL ON t FROM ANYONE', 'revoke').role).toMatchObject({ kind: 'predefined', role: 'ANYONE' });
  });
});

describe('ASSIGN / UNASSIGN', () => {
  it.each([
    ["'admin'", { kind: 'named', name: 'admin' }, null],
    ["(NULL, 'admin')", { kind: 'named', name: 'admin' }, null],
    ["'deliveries:driver'", { kind: 'named', name: 'driver' }, { schema: 'public', name: 'deliveries' }],
    ["'other.\"Deliveries\":driver'", { kind: 'named', name: 'driver' }, { schema: 'other', name: 'Deliveries' }],
    ["deliveries:'driver'", { kind: 'named', name: 'driver' }, { schema: 'public', name: 'deliveries' }],
    ["(projects, 'driver')", { kind: 'named', name: 'driver' }, { schema: 'public', name: 'projects' }],
    ['deliveries.role', { kind: 'column', column: { table: { schema: 'public', name: 'deliveries' }, column: 'role' } }, null],
    [
      '(Projects, public.Deliveries.Role)',
      { kind: 'column', column: { table: { schema: 'public', name: 'deliveries' }, column: 'role' } },
      { schema: 'public', name: 'projects' },
    ],
  ])('assigns %s', (roleText, role, scope) => {
    const stmt = parse(`ELECTRIC ASSIGN ${roleText} TO deliveries.driver_id`, 'assign');
    expect(stmt.role).toMatchObject(role);
    expect(stmt.user).toMatchObject({ table: { schema: 'public', name: 'deliveries' }, column: 'driver_id' });
    if (scope === null) expect(stmt.scope).toBeNull();
    else expect(stmt.scope).toMatchObject(scope);
    expect(stmt.if).toBeNull();
  });

  it('reads a schema-qualified user column and an IF condition', () => {
    const stmt = parse("ELECTRIC ASSIGN 'record.reader' TO app.user_permissions.user_id IF ( can_read(x, '(') )", 'assign');
    expect(stmt.user).toMatchObject({ table: { schema: 'app', name: 'user_permissions' }, column: 'user_id' });
    expect(stmt.role).toMatchObject({ kind: 'named', name: 'record.reader' });
    expect(stmt.if?.text).toBe("can_read(x, '(')");
  });

  it('parses UNASSIGN', () => {
    const stmt = parse(
      'ELECTRIC UNASSIGN (other.projects, other.user_permissions.user_role) FROM other.user_permissions.user_id;',
      'unassign',
    );
    expect(stmt).toMatchObject({
      role: { kind: 'column', column: { column: 'user_role' } },
      scope: { schema: 'other', name: 'projects' },
      user: { table: { schema: 'other', name: 'user_permissions' }, column: 'user_id' },
    });
  });
});

describe('SQLITE', () => {
  it('takes the statements from a plain, escape or dollar-quoted string', () => {
    expect(parse("ELECTRIC SQLITE '-- a comment;';", 'sqlite').statement).toBe('-- a comment;');
    expect(parse("ELECTRIC SQLITE 'it''s'", 'sqlite').statement).toBe("it's");
    expect(parse("ELECTRIC SQLITE E'a\\nb'", 'sqlite').statement).toBe('a\nb');
    expect(parse("ELECTRIC SQLITE $sqlite$-- comment\nselect 'this';$sqlite$;", 'sqlite').statement).toBe(
      "-- comment\nselect 'this';",
    );
  });
});

describe('syntax errors', () => {
  it.each([
    // missing keyword: ON
    ["ELECTRIC GRANT READ issues TO 'r'", 'syntax error at or near "issues"', 21],
    // missing keyword: ELECTRIC at the end
    ['ALTER TABLE t ENABLE', 'syntax error at end of input', 21],
    // not a DDLX command
    ['ELECTRIC FROBNICATE t', 'syntax error at or near "FROBNICATE"', 10],
    ['ALTER TABLE t ENABLE TRIGGER x', 'syntax error at or near "TRIGGER"', 22],
    // unterminated string / identifier / dollar quote
    ["ELECTRIC GRANT READ ON t TO 'reader", 'unterminated quoted string at or near "\'reader"', 29],
    ['ELECTRIC ENABLE "Items', 'unterminated quoted identifier at or near ""Items"', 17],
    ['ELECTRIC SQLITE $x$select 1', 'unterminated dollar-quoted string at or near "$x$select 1"', 17],
    // trailing garbage, also after the semicolon
    ['ELECTRIC ENABLE t u', 'syntax error at or near "u"', 19],
    ['ELECTRIC ENABLE t; ELECTRIC ENABLE u', 'syntax error at or near "ELECTRIC"', 20],
    ["ELECTRIC GRANT READ ON t TO 'r' WHERE (x = 1) AND y", 'syntax error at or near "AND"', 47],
    // reserved words are not names unless quoted
    ['ELECTRIC ENABLE select', 'syntax error at or near "select"', 17],
    ["ELECTRIC GRANT READ ON t TO 'r' WHERE ()", 'syntax error at or near ")": a condition cannot be empty', 40],
    ["ELECTRIC GRANT READ ON t TO 'r' WHERE x = 1", 'syntax error at or near "x"', 39],
    ["ELECTRIC GRANT READ ON t TO 'r' WHERE ((x = 1)", 'syntax error at end of input', 47],
    ["ELECTRIC ASSIGN 'r' TO users", 'syntax error at end of input: expected "." and a column after the table name', 29],
    ['ELECTRIC SQLITE select', 'syntax error at or near "select"', 17],
  ])('%s', (sql, message, position) => {
    expect(failure(sql)).toEqual({ code: '42601', message, position });
  });

  it.each([
    ['ELECTRIC GRANT READ ON t TO users.role', 'ELECTRIC GRANT needs a role name in quotes', 29],
    ['ELECTRIC REVOKE READ ON t FROM (projects, members.role)', 'ELECTRIC REVOKE needs a role name in quotes', 43],
    ["ELECTRIC GRANT READ ON t TO ''", "invalid role assignment ''", 29],
    ["ELECTRIC ASSIGN '' TO users.user_id", "invalid role assignment ''", 17],
    ["ELECTRIC ASSIGN ':admin' TO users.user_id", "invalid role assignment ':admin'", 17],
    ["ELECTRIC ASSIGN 'a b:admin' TO users.user_id", "invalid scope 'a b' in role 'a b:admin'", 17],
    ['ELECTRIC ASSIGN (NULL, admin) TO users.user_id', 'role column \'admin\' must be qualified by its table', 24],
    ['ELECTRIC ASSIGN deliveries:driver TO deliveries.driver_id', "role column 'driver' must be qualified", 28],
    ['ELECTRIC ASSIGN abusers.role TO users.user_id', 'the role column must be in the same table as the user column', 17],
    ['ELECTRIC ASSIGN (projects, ) TO users.user_id', 'syntax error at or near ")"', 28],
    ["ELECTRIC ASSIGN 'r':x TO users.user_id", 'syntax error at or near ":"', 20],
  ])('bad role: %s', (sql, message, position) => {
    const f = failure(sql);
    expect(f.code).toBe('42601');
    expect(f.message).toContain(message);
    expect(f.position).toBe(position);
  });

  it('counts the position in characters, as Postgres does, not UTF-16 units', () => {
    const sql = "ELECTRIC GRANT READ ON \"😀\" TO 'r' oops";
    expect(failure(sql).position).toBe(35);
    expect(sql.indexOf('oops') + 1).toBe(36);
  });
});

describe('looksLikeDdlx', () => {
  it.each([
    'ELECTRIC GRANT READ ON t TO ANYONE',
    '  electric enable t',
    'ALTER TABLE t ENABLE ELECTRIC',
    'alter table "S"."T" disable electric;',
    '/* c */ ALTER TABLE s.t ENABLE ELECTRIC',
    "ELECTRIC GRANT READ ON t TO 'unterminated",
  ])('yes: %s', (sql) => expect(looksLikeDdlx(sql)).toBe(true));

  it.each([
    'ALTER TABLE t ENABLE TRIGGER ALL',
    'ALTER TABLE t ADD COLUMN electric text',
    "CALL electric.electrify('t')",
    'SELECT electric',
    'ALTER TABLE ONLY t ENABLE ELECTRIC',
    '',
  ])('no: %s', (sql) => expect(looksLikeDdlx(sql)).toBe(false));
});

describe('tags, features and the EX001 message', () => {
  it.each([
    ['ALTER TABLE t ENABLE ELECTRIC', 'ELECTRIC ENABLE', 'always'],
    ['ELECTRIC DISABLE t', 'ELECTRIC DISABLE', 'disabled'],
    ["ELECTRIC GRANT READ ON t TO 'r'", 'ELECTRIC GRANT', 'always'],
    ["ELECTRIC GRANT SELECT, DELETE ON t TO 'r'", 'ELECTRIC GRANT', 'proxy_grant_write_permissions'],
    ["ELECTRIC GRANT WRITE ON t TO 'r'", 'ELECTRIC GRANT', 'proxy_grant_write_permissions'],
    ["ELECTRIC GRANT ALL ON t TO 'r'", 'ELECTRIC GRANT', 'proxy_grant_write_permissions'],
    ["ELECTRIC REVOKE ALL ON t FROM 'r'", 'ELECTRIC REVOKE', 'always'],
    ["ELECTRIC ASSIGN 'r' TO u.id", 'ELECTRIC ASSIGN', 'always'],
    ["ELECTRIC UNASSIGN 'r' FROM u.id", 'ELECTRIC UNASSIGN', 'always'],
    ["ELECTRIC SQLITE 'select 1'", 'ELECTRIC SQLITE', 'proxy_ddlx_sqlite'],
  ])('%s', (sql, tag, feature) => {
    const stmt = parseDdlx(sql);
    expect(ddlxCommandTag(stmt)).toBe(tag);
    expect(ddlxFeature(stmt)).toBe(feature);
    const none = { proxyGrantWritePermissions: false, proxyDdlxSqlite: false };
    const all = { proxyGrantWritePermissions: true, proxyDdlxSqlite: true };
    expect(isDdlxEnabled(stmt, none)).toBe(feature === 'always');
    expect(isDdlxEnabled(stmt, all)).toBe(feature !== 'disabled');
  });

  it('words the refusal as the legacy service does', () => {
    const sql = 'ALTER TABLE items DISABLE ELECTRIC';
    expect(unsupportedDdlxMessage(parseDdlx(sql), sql)).toBe(
      'ELECTRIC DISABLE `ALTER TABLE items DISABLE ELECTRIC`is currently unsupported',
    );
  });
});

describe('ddlxReferences', () => {
  it('lists tables once and the columns named', () => {
    expect(ddlxReferences(parseDdlx("ELECTRIC GRANT UPDATE (a, b) ON s.t TO (s.p, 'r')"))).toEqual({
      tables: [
        { schema: 's', name: 't' },
        { schema: 's', name: 'p' },
      ],
      columns: [
        { table: { schema: 's', name: 't' }, column: 'a' },
        { table: { schema: 's', name: 't' }, column: 'b' },
      ],
    });
    expect(ddlxReferences(parseDdlx('ELECTRIC ASSIGN (projects, members.role) TO members.user_id'))).toEqual({
      tables: [
        { schema: 'public', name: 'members' },
        { schema: 'public', name: 'projects' },
      ],
      columns: [
        { table: { schema: 'public', name: 'members' }, column: 'user_id' },
        { table: { schema: 'public', name: 'members' }, column: 'role' },
      ],
    });
    expect(ddlxReferences(parseDdlx('ELECTRIC ENABLE t'))).toEqual({ tables: [{ schema: 'public', name: 't' }], columns: [] });
    expect(ddlxReferences(parseDdlx("ELECTRIC SQLITE 'x'"))).toEqual({ tables: [], columns: [] });
  });
});

// Expected values are those of the legacy service's own parser tests
// (components/electric/test/electric/ddlx/parser_test.exs): ids are a hash
// of the command's identifying fields, so equal ids mean equal fields.
describe('SatPerms.DDLX, compared with the legacy encoding', () => {
  const kolnTable = { schema: 'thing', name: 'köln_en$ts' };

  it('GRANT: one grant per privilege, with columns, scope, path and check', () => {
    expect(perms("ELECTRIC GRANT UPDATE (status, name) ON thing.\"Köln_en$ts\" TO (projects, 'house.admin') USING issue_id;")).toEqual({
      grants: [
        {
          id: '6qwbckegxcxt2zesymulmwqotberhp4m',
          table: { schema: 'thing', name: 'Köln_en$ts' },
          role: { application: 'house.admin' },
          privilege: SatPerms.Privilege.UPDATE,
          columns: { names: ['status', 'name'] },
          scope: { schema: 'public', name: 'projects' },
          path: { columns: [{ column: 'issue_id' }] },
        },
      ],
    });
    const write = perms("ELECTRIC GRANT WRITE ON thing.Köln_en$ts TO (projects, 'house.admin') WHERE (name = 'Paul');");
    expect(write.grants?.map((g) => [g.id, g.privilege, g.check])).toEqual([
      ['2ag4ijgsjmrexpfbqzpyljuqnj4x4qry', SatPerms.Privilege.INSERT, "name = 'Paul'"],
      ['unz3ra6f4w3luf2wdfhjsiryuyp4bdse', SatPerms.Privilege.UPDATE, "name = 'Paul'"],
      ['tr7tdsl5c7uv6pkcth5ybgtz6tddewnd', SatPerms.Privilege.DELETE, "name = 'Paul'"],
    ]);
    expect(write.grants?.[0]?.table).toEqual(kolnTable);
  });

  it('GRANT ALL to a named role, ANYONE and AUTHENTICATED', () => {
    const all = perms("ELECTRIC GRANT ALL PRIVILEGES ON thing.Köln_en$ts TO 'house.admin';");
    expect(all.grants?.map((g) => g.id)).toEqual([
      'q5m3kn7dzjptvnf7a4y456l6n4j3bmy3',
      'qcw7p6e4aj7nfev7vqwrgtuqx3kai3xd',
      'qw366w63mnmifcedq3aqr7wt4gfxhc2v',
      'qrvaeunuhz3tzvkvxfyidadr6w6a4zis',
    ]);
    expect(all.grants?.[0]).toEqual({
      id: 'q5m3kn7dzjptvnf7a4y456l6n4j3bmy3',
      table: kolnTable,
      role: { application: 'house.admin' },
      privilege: SatPerms.Privilege.SELECT,
    });
    // 'projects:house.admin' stays one role name in a GRANT.
    expect(perms("ELECTRIC GRANT UPDATE ON thing.Köln_en$ts TO 'projects:house.admin' WHERE (name = 'Paul');").grants?.[0]?.id).toBe(
      'l5clz3xxefjb7pn2erskct2qvh3jjxzv',
    );
    const anyone = perms('ELECTRIC GRANT ALL ON thing.Köln_en$ts TO ANYONE;');
    expect(anyone.grants?.map((g) => g.id)).toEqual([
      '2akoxmzkfwchadl6qcf22f6syd2btygl',
      'jk7n6coz7jejdybyayxtwfni7jet43pv',
      'nv2253mnh3xo6ozaefj4kpfmbb5ervsz',
      't3rp5vrt5r3tzzye33pcgwmxyovzgxb7',
    ]);
    expect(anyone.grants?.[0]?.role).toEqual({ predefined: SatPerms.PredefinedRole.ANYONE });
    const authenticated = perms('ELECTRIC GRANT READ ON thing.Köln_en$ts TO AUTHENTICATED;');
    expect(authenticated.grants?.map((g) => [g.id, g.role])).toEqual([
      ['dfhpttndlmoswwso2idggsadq4vwuikg', { predefined: SatPerms.PredefinedRole.AUTHENTICATED }],
    ]);
    // The check is the condition as written (the legacy service re-spelled it, e.g. `ROW.user_id`).
    const check = perms("ELECTRIC GRANT READ ON issues TO (projects, 'editor') WHERE (row.user_id = AUTH.user_id)");
    expect(check.grants?.[0]).toMatchObject({ id: 'baa4uqpavntlksnbmmw7eqp24mela3ed', check: 'row.user_id = AUTH.user_id' });
  });

  it('REVOKE: the ids of the grants it undoes', () => {
    expect(perms('ELECTRIC REVOKE UPDATE ON "Thing"."Köln_en$ts" FROM ("Thing".projects, \'house.admin\');')).toEqual({
      revokes: [
        {
          id: 'dajpwzccceliaxpwwru4rxc4f4qisw6j',
          table: { schema: 'Thing', name: 'Köln_en$ts' },
          role: { application: 'house.admin' },
          privilege: SatPerms.Privilege.UPDATE,
          scope: { schema: 'Thing', name: 'projects' },
        },
      ],
    });
    const write = perms("ELECTRIC REVOKE WRITE (status, name) ON thing.Köln_en$ts FROM (thing.projects, 'house.admin');");
    expect(write.revokes?.map((r) => r.id)).toEqual([
      'ew7qw5tu7zaqwuwv72cdppnqbbynzpoj',
      'lwxqdr32qyfd6g7e3jfiioid4pxv7j2i',
      '7ocohdpexauh56fkfgsakqeldvposuvw',
    ]);
  });

  it('ASSIGN and UNASSIGN', () => {
    expect(perms('ELECTRIC ASSIGN application.user_roles.role_name TO application.user_roles.user_id;')).toEqual({
      assigns: [
        {
          id: 'tcdchugjrxs6o52wlikvoaoqz5gef7du',
          table: { schema: 'application', name: 'user_roles' },
          userColumn: 'user_id',
          roleColumn: 'role_name',
        },
      ],
    });
    expect(perms('ELECTRIC ASSIGN (NuLl, "Application".user_roles.role_name) TO "Application".user_roles.user_id;').assigns?.[0]?.id).toBe(
      'fq7ybdqfg6mee6cdnhx2ciyhzjxtwj3a',
    );
    expect(
      perms('ELECTRIC ASSIGN (auth.projects, application.project_members.role) TO application.project_members.user_id;').assigns?.[0],
    ).toMatchObject({ id: 'fcld4tiw2qsr4yxlwmytijlj5tl4mklp', scope: { schema: 'auth', name: 'projects' } });
    expect(perms("ELECTRIC ASSIGN 'other.deliveries:driver' TO other.deliveries.driver_id;")).toEqual({
      assigns: [
        {
          id: 'z5wssirjrctqy3zfbs25yfuuvou77gip',
          table: { schema: 'other', name: 'deliveries' },
          userColumn: 'driver_id',
          roleName: 'driver',
          scope: { schema: 'other', name: 'deliveries' },
        },
      ],
    });
    expect(perms("ELECTRIC UNASSIGN 'record.reader' FROM public.user_permissions.user_id;").unassigns?.[0]?.id).toBe(
      commandId(['public.user_permissions', 'user_id', null, 'record.reader', null]),
    );
    expect(perms('ELECTRIC UNASSIGN (other.projects, other.user_permissions.user_role) FROM other.user_permissions.user_id;')).toEqual({
      unassigns: [
        {
          id: 'nugp4djlkslpzpevh245r2kzurlf3k4p',
          table: { schema: 'other', name: 'user_permissions' },
          userColumn: 'user_id',
          roleColumn: 'user_role',
          scope: { schema: 'other', name: 'projects' },
        },
      ],
    });
    // An assignment and its unassignment share an id; IF does not take part in it.
    const assign = perms("ELECTRIC ASSIGN 'record.reader' TO my_default.user_permissions.user_id IF ( can_read_records() )");
    expect(assign.assigns?.[0]).toMatchObject({ id: 'o7iyzse5guwyxjwr367hpfbmcg2irbyi', if: 'can_read_records()' });
    expect(perms("ELECTRIC UNASSIGN 'record.reader' FROM my_default.user_permissions.user_id").unassigns?.[0]?.id).toBe(
      'o7iyzse5guwyxjwr367hpfbmcg2irbyi',
    );
  });

  it('hashes ids as the legacy service does (its default-schema vectors)', () => {
    expect(commandId(['my_default.admin_users', 'user_id', null, 'admin', null])).toBe('2uidsvryaa2k6xjbmq6zlu7nfy2ytg6b');
    expect(commandId(['my_default.user_roles', 'user_id', 'role_name', null, null])).toBe('pxrga7klxw65mybjn6vrta3vs5t2rkhe');
    expect(commandId(['my_default.deliveries', 'driver_id', null, 'driver', 'my_default.deliveries'])).toBe(
      'uk3vbzo7am3uxtlnjprioxwgv52aeojz',
    );
  });

  it('SQLITE, and bytes that decode to the same message', () => {
    expect(perms("ELECTRIC SQLITE '-- a comment;';")).toEqual({ sqlite: [{ stmt: '-- a comment;' }] });
    const stmt = parseDdlx("ELECTRIC GRANT ALL (a) ON t TO (p, 'r') WHERE (a > 1)") as PermissionsStatement;
    const decoded = SatPerms.DDLX.decode(encodeSatPermsDdlx(stmt));
    expect(decoded.grants).toHaveLength(4);
    expect(decoded.grants[3]).toMatchObject({
      id: toSatPermsDdlx(stmt).grants?.[3]?.id,
      privilege: SatPerms.Privilege.DELETE,
      columns: { names: ['a'] },
      scope: { schema: 'public', name: 'p' },
      check: 'a > 1',
    });
    expect(decoded.grants[3]?.role?.application).toBe('r');
  });
});
