// Drives Quarry's MCP server with the official TypeScript client, over
// Streamable HTTP or stdio, and prints one JSON report line per case.
// internal/mcp/conformance_test.go runs it; by hand:
//
//   MCP_KEY=dfx_... MCP_OTHER_KEY=dfx_... MCP_CORPUS=/path/to/corpus \
//     node conformance.mjs http http://127.0.0.1:8080/mcp
//   node conformance.mjs stdio /path/to/quarry mcp
//
// MCP_MODE=cancel runs only the cancellation case (against a server with
// no workers, so the job cannot have started).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const [kind, target, ...rest] = process.argv.slice(2);
const key = process.env.MCP_KEY ?? '';
const otherKey = process.env.MCP_OTHER_KEY ?? '';
const corpus = process.env.MCP_CORPUS ?? '';
const mode = process.env.MCP_MODE ?? 'full';
const receipt = join(corpus, 'receipts/img/023.jpg');
const invoice = join(corpus, 'invoices/AmazonWebServices.pdf');
const EXPECTED_TOOLS = ['dataset.build', 'dataset.export', 'dataset.profile', 'dataset.search', 'document.process', 'extract',
  'job.result', 'job.status', 'pii.detect', 'pii.redact', 'pii.types', 'schema.validate', 'validators.list'];

async function connect(k, extraArgs = []) {
  const client = new Client({ name: 'quarry-conformance', version: '1.0.0' });
  const transport = kind === 'http'
    ? new StreamableHTTPClientTransport(new URL(target), { requestInit: { headers: { 'X-API-Key': k } } })
    : new StdioClientTransport({ command: target, args: [...rest, ...extraArgs], env: { ...process.env, QUARRY_API_KEY: k }, stderr: 'inherit' });
  await client.connect(transport);
  return client;
}

// A document argument: a local path over stdio, base64 over HTTP.
function doc(path) {
  if (kind === 'stdio') return { path };
  return { content_base64: readFileSync(path).toString('base64'), filename: path.split('/').pop() };
}

const results = [];
async function test(name, fn) {
  try {
    const detail = await fn();
    results.push({ name, ok: true, detail: detail ?? '' });
  } catch (e) {
    results.push({ name, ok: false, detail: String(e?.stack ?? e) });
  }
}
function check(cond, msg) { if (!cond) throw new Error(msg); }
const textOf = (r) => (r.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('');
const long = { timeout: 180000, resetTimeoutOnProgress: true };

async function full() {
  const c = await connect(key);
  const state = {};
  await test('list_tools', async () => {
    const { tools } = await c.listTools();
    const names = tools.map((t) => t.name).sort();
    check(JSON.stringify(names) === JSON.stringify(EXPECTED_TOOLS), `tools ${names}`);
    for (const t of tools) {
      check(t.inputSchema?.type === 'object', `${t.name} input schema`);
      check((t.description ?? '').length > 40, `${t.name} description`);
      check(t.outputSchema?.type === 'object', `${t.name} output schema`);
    }
    return `${tools.length} tools`;
  });
  await test('process_receipt', async () => {
    const progress = [];
    const r = await c.callTool({ name: 'document.process', arguments: { ...doc(receipt), document_type_hint: 'receipt', locale: 'en' } },
      undefined, { ...long, onprogress: (p) => progress.push(p) });
    check(!r.isError, `tool error: ${textOf(r)}`);
    const s = r.structuredContent;
    check(s.job.status === 'completed', `status ${s.job.status}`);
    check(['A', 'B', 'C', 'D'].includes(s.result.quality.grade), `grade ${JSON.stringify(s.result.quality)}`);
    check(Object.keys(s.result.fields).length > 0, 'no fields');
    // The last note can arrive with the answer, and the client drops a
    // note whose call has ended, so only the order and shape are checked.
    check(progress.length > 0 && progress.every((p, i) => p.total === 1 && p.message.startsWith(s.job.job_id) &&
      p.progress > 0 && p.progress <= 1 && (i === 0 || p.progress >= progress[i - 1].progress)), `progress ${JSON.stringify(progress)}`);
    Object.assign(state, { job: s.job.job_id, grade: s.result.quality.grade, exec: s.result.execution_id });
    return `grade ${s.result.quality.grade}, ${Object.keys(s.result.fields).length} fields, ${progress.length} progress notes`;
  });
  await test('job_result', async () => {
    const r = await c.callTool({ name: 'job.result', arguments: { job_id: state.job } });
    check(!r.isError && r.structuredContent.quality.grade === state.grade, textOf(r));
    const res = await c.readResource({ uri: `quarry://executions/${state.exec}` });
    check(res.contents[0].mimeType === 'application/json' && JSON.parse(res.contents[0].text).id === state.exec, 'execution resource');
  });
  await test('redact_pdf', async () => {
    const r = await c.callTool({ name: 'pii.redact', arguments: doc(invoice) }, undefined, long);
    check(!r.isError, textOf(r));
    const res = r.content.find((x) => x.type === 'resource');
    check(res?.resource.mimeType === 'application/pdf', 'no PDF resource');
    check(Buffer.from(res.resource.blob, 'base64').subarray(0, 4).toString() === '%PDF', 'not a PDF');
    return `${r.structuredContent.redacted.count} findings removed`;
  });
  await test('build_dataset', async () => {
    const r = await c.callTool({ name: 'dataset.build', arguments: { name: `receipts-${kind}`, job_ids: [state.job] } }, undefined, long);
    check(!r.isError, textOf(r));
    check(r.structuredContent.dataset.status === 'ready' && r.structuredContent.dataset.row_count === 1, JSON.stringify(r.structuredContent));
    state.ds = r.structuredContent.dataset.id;
  });
  await test('export_dataset', async () => {
    const r = await c.callTool({ name: 'dataset.export', arguments: { dataset_id: state.ds, format: 'csv' } });
    check(!r.isError && textOf(r).includes('\n'), textOf(r));
    const x = await c.callTool({ name: 'dataset.export', arguments: { dataset_id: state.ds, format: 'xlsx' } });
    const res = x.content.find((y) => y.type === 'resource');
    check(res && Buffer.from(res.resource.blob, 'base64').subarray(0, 2).toString() === 'PK', 'xlsx resource');
  });
  // The receipt is indexed by a job its completion queued: poll until
  // the search finds it.
  await test('search_dataset', async () => {
    for (let i = 0; i < 200; i++) {
      const r = await c.callTool({ name: 'dataset.search', arguments: { query: 'total' } });
      check(!r.isError && Array.isArray(r.structuredContent.results), textOf(r));
      if (r.structuredContent.results.length > 0) return `${r.structuredContent.results.length} results`;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    throw new Error('search never found the processed receipt');
  });
  await test('bad_argument', async () => {
    const a = await c.callTool({ name: 'document.process', arguments: { wait: 'yes' } });
    check(a.isError && textOf(a).includes('wait'), textOf(a));
    const b = await c.callTool({ name: 'job.status', arguments: { job_id: 'not-a-job' } });
    check(b.isError && textOf(b).includes('job_id'), textOf(b));
    const d = await c.callTool({ name: 'dataset.profile', arguments: {} });
    check(d.isError, 'missing dataset_id accepted');
    const { tools } = await c.listTools();
    check(tools.length === EXPECTED_TOOLS.length, 'session broken after bad arguments');
  });
  await test('prompts', async () => {
    const { prompts } = await c.listPrompts();
    check(prompts.length === 2, JSON.stringify(prompts));
    const p = await c.getPrompt({ name: 'extract-fields', arguments: { document: 'a.pdf', fields: 'total' } });
    check(p.messages[0].content.text.includes('document.process'), 'prompt text');
  });
  await c.close();
  await test('other_workspace', async () => {
    const o = await connect(otherKey, ['--workers', '0']);
    try {
      const r = await o.callTool({ name: 'job.status', arguments: { job_id: state.job } });
      check(r.isError && textOf(r).includes('NOT_FOUND'), textOf(r));
      const d = await o.callTool({ name: 'dataset.profile', arguments: { dataset_id: state.ds } });
      check(d.isError && textOf(d).includes('NOT_FOUND'), textOf(d));
    } finally {
      await o.close();
    }
  });
}

async function cancel() {
  const c = await connect(key);
  await test('cancel', async () => {
    const ac = new AbortController();
    let job = '';
    const call = c.callTool({ name: 'document.process', arguments: doc(receipt) }, undefined, {
      ...long, signal: ac.signal, onprogress: (p) => { if (!job) { job = p.message.split(':')[0]; ac.abort(); } },
    });
    let rejected = false;
    try { await call; } catch { rejected = true; }
    check(rejected && job.startsWith('job_'), `aborted=${rejected} job=${job}`);
    for (let i = 0; i < 200; i++) {
      const r = await c.callTool({ name: 'job.status', arguments: { job_id: job } });
      if (r.structuredContent?.status === 'failed') return `${job} cancelled`;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error(`${job} was not cancelled`);
  });
  await c.close();
}

await (mode === 'cancel' ? cancel() : full());
for (const r of results) console.log(JSON.stringify(r));
process.exit(results.every((r) => r.ok) ? 0 : 1);
