// readback.mjs reads one Quarry export file with a reader that Quarry did
// not write (DuckDB, Apache Arrow JS, ExcelJS) and prints what it found as
// JSON on stdout: tables with their row counts, column names and types as
// that reader sees them, and every row. The Go tests in internal/export
// compare this with the records they exported.
//
//   node readback.mjs parquet|csv|json|jsonl FILE
//   node readback.mjs hf FOLDER        (an unzipped hf export)
//   node readback.mjs xlsx FILE
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const [format, path] = process.argv.slice(2);
if (!format || !path) {
  console.error("usage: node readback.mjs FORMAT PATH");
  process.exit(2);
}

function out(v) {
  process.stdout.write(
    JSON.stringify(v, (_k, x) => {
      if (typeof x === "bigint") return Number.isSafeInteger(Number(x)) ? Number(x) : x.toString();
      if (x instanceof Date) return x.toISOString();
      return x;
    }) + "\n",
  );
}

async function duck(sql) {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const db = await DuckDBInstance.create(":memory:");
  const con = await db.connect();
  const r = await con.runAndReadAll(sql);
  const columns = r.columnNames().map((name, i) => ({ name, type: r.columnTypes()[i].toString() }));
  return { con, table: { count: r.currentRowCount, columns, rows: r.getRowObjectsJson() } };
}

const lit = (p) => "'" + p.replaceAll("'", "''") + "'";

async function main() {
  switch (format) {
    case "parquet": {
      const { con, table } = await duck(`SELECT * FROM read_parquet(${lit(path)})`);
      const meta = await con.runAndReadAll(
        `SELECT count(DISTINCT row_group_id) AS row_groups, list(DISTINCT compression) AS codecs FROM parquet_metadata(${lit(path)})`,
      );
      return out({ tables: { rows: table }, parquet: meta.getRowObjectsJson()[0] });
    }
    case "csv": {
      const { table } = await duck(`SELECT * FROM read_csv(${lit(path)}, header = true)`);
      return out({ tables: { rows: table } });
    }
    case "json":
    case "jsonl": {
      const fmt = format === "json" ? "array" : "newline_delimited";
      const { table } = await duck(`SELECT * FROM read_json(${lit(path)}, format = '${fmt}')`);
      return out({ tables: { rows: table } });
    }
    case "hf":
      return out(await readHF(path));
    case "xlsx":
      return out(await readXLSX(path));
    default:
      console.error("unknown format " + format);
      process.exit(2);
  }
}

// The datasets library's name for an Arrow type (its Value dtype).
function hfDtype(t) {
  const s = t.toString();
  const map = { Utf8: "string", LargeUtf8: "large_string", Float64: "float64", Int64: "int64", Bool: "bool", "Date32<DAY>": "date32" };
  if (map[s]) return map[s];
  const ts = /^Timestamp<(SECOND|MILLISECOND|MICROSECOND|NANOSECOND)(?:, (.+))?>$/.exec(s);
  if (ts) {
    const unit = { SECOND: "s", MILLISECOND: "ms", MICROSECOND: "us", NANOSECOND: "ns" }[ts[1]];
    return ts[2] ? `timestamp[${unit}, tz=${ts[2]}]` : `timestamp[${unit}]`;
  }
  return "unmapped:" + s;
}

async function readHF(dir) {
  const { tableFromIPC } = await import("apache-arrow");
  const state = JSON.parse(readFileSync(join(dir, "state.json"), "utf8"));
  const info = JSON.parse(readFileSync(join(dir, "dataset_info.json"), "utf8"));
  const shards = [];
  const rows = [];
  let columns = null;
  for (const { filename } of state._data_files) {
    const bytes = readFileSync(join(dir, filename));
    // The IPC file format starts with the magic "ARROW1"; a stream does not.
    const isStream = bytes.subarray(0, 6).toString() !== "ARROW1";
    const table = tableFromIPC(bytes);
    const cols = table.schema.fields.map((f) => ({ name: f.name, type: f.type.toString(), nullable: f.nullable }));
    columns ??= cols;
    shards.push({ filename, isStream, count: table.numRows, sameSchema: JSON.stringify(cols) === JSON.stringify(columns) });
    for (const r of table) {
      const o = {};
      for (const f of table.schema.fields) {
        const v = r[f.name];
        // Arrow JS gives dates and timestamps as epoch milliseconds.
        o[f.name] = v != null && (f.type.toString().startsWith("Date") || f.type.toString().startsWith("Timestamp")) ? new Date(Number(v)).toISOString() : v;
      }
      rows.push(o);
    }
  }
  const featureNames = Object.keys(info.features);
  const mismatches = [];
  (columns ?? []).forEach((c, i) => {
    const f = info.features[c.name];
    if (featureNames[i] !== c.name) mismatches.push(`position ${i}: arrow ${c.name}, features ${featureNames[i]}`);
    else if (!f || f._type !== "Value" || f.dtype !== hfDtype({ toString: () => c.type }))
      mismatches.push(`${c.name}: arrow ${c.type} (${hfDtype({ toString: () => c.type })}), features ${JSON.stringify(f)}`);
  });
  if (columns && featureNames.length !== columns.length) mismatches.push(`features has ${featureNames.length} columns, arrow ${columns.length}`);
  return {
    tables: { rows: { count: rows.length, columns: columns ?? [], rows } },
    hf: { shards, stateKeys: Object.keys(state).sort(), infoKeys: Object.keys(info).sort(), featureMismatches: mismatches },
  };
}

async function readXLSX(file) {
  const ExcelJS = (await import("exceljs")).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const typeName = Object.fromEntries(Object.entries(ExcelJS.ValueType).map(([k, v]) => [v, k]));
  const tables = {};
  wb.eachSheet((ws) => {
    const all = [];
    ws.eachRow({ includeEmpty: false }, (row) => {
      const cells = [];
      for (let c = 1; c <= ws.columnCount; c++) {
        const cell = row.getCell(c);
        cells.push({ type: typeName[cell.type], value: cell.value, numFmt: cell.numFmt ?? null });
      }
      all.push(cells);
    });
    const header = (all[0] ?? []).map((c) => String(c.value));
    tables[ws.name] = {
      count: Math.max(0, all.length - 1),
      columns: header.map((name) => ({ name, type: "" })),
      rows: all.slice(1).map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]]))),
    };
  });
  return { tables, sheets: wb.worksheets.map((w) => w.name) };
}

main().catch((e) => {
  console.error(String(e && e.stack ? e.stack : e));
  process.exit(1);
});
