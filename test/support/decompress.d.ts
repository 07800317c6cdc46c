// `decompress` (a dependency of electric-sql, which its CLI `generate` uses to
// unpack GET /api/migrations) ships no types; the one call the tests make.
declare module 'decompress' {
  export default function decompress(input: string | Buffer, output: string): Promise<{ path: string; type: string }[]>;
}
