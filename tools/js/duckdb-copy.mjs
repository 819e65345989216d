// duckdb-copy.mjs is the export benchmark's baseline: DuckDB reads the
// same rows from a jsonl file and writes them with COPY ... TO, timed the
// same way bench/export times Quarry's writers. Prints one JSON line per
// target format with seconds, bytes and the process's peak RSS.
//
//   node duckdb-copy.mjs ROWS.jsonl OUTDIR
import { statSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";

const [input, outDir] = process.argv.slice(2);
const lit = (p) => "'" + p.replaceAll("'", "''") + "'";
const db = await DuckDBInstance.create(":memory:", { threads: "1" });
const con = await db.connect();
const targets = {
  parquet: "(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 10000)",
  csv: "(FORMAT csv, HEADER true)",
};
for (const [fmt, opts] of Object.entries(targets)) {
  const out = join(outDir, `duckdb.${fmt}`);
  const t0 = process.hrtime.bigint();
  await con.run(`COPY (SELECT * FROM read_json(${lit(input)}, format = 'newline_delimited')) TO ${lit(out)} ${opts}`);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(JSON.stringify({ format: fmt, seconds, bytes: statSync(out).size, maxrss_kib: process.resourceUsage().maxRSS }));
}
