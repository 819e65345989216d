// Quarry dashboard: a small single-page app over the /v1 and /api/v1
// JSON APIs. No framework and no build step; the session is an HttpOnly
// cookie set by /dashboard/session, and every request that changes
// something carries the session's CSRF token.
import { teamSection, webhooksSection, connectorsSection, pushCard } from './manage.js';

const $ = (sel, root = document) => root.querySelector(sel);
const main = () => $('#main');
const ROLES = ['viewer', 'member', 'admin', 'owner'];
const state = { session: null, jobs: new Map(), source: null, filters: { status: '', q: '' } };

// h builds an element: h('a', {href: '#'}, 'text', child...).
function h(tag, attrs = {}, ...kids) {
  const el = document.createElementNS(tag === 'svg' || attrs.svg ? 'http://www.w3.org/2000/svg' : 'http://www.w3.org/1999/xhtml', tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'svg' || v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const kid of kids.flat()) if (kid !== null && kid !== undefined && kid !== false) el.append(kid instanceof Node ? kid : String(kid));
  return el;
}
const s = (tag, attrs = {}, ...kids) => h(tag, { ...attrs, svg: true }, ...kids);

function toast(msg, bad = false) {
  const t = $('#toast');
  t.textContent = msg;
  t.className = 'toast' + (bad ? ' err' : '');
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, 5000);
}

const can = (role) => !!state.session && ROLES.indexOf(state.session.role) >= ROLES.indexOf(role);

// api calls the JSON APIs. /v1 answers {status, data, error}; /api/v1
// answers the resource or an RFC 7807 problem. A 401 renews the session
// once (the access token lives an hour) and retries.
async function api(method, path, body, retried = false) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET' && state.session?.csrf_token) headers['X-CSRF-Token'] = state.session.csrf_token;
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) { headers['Content-Type'] = 'application/json'; payload = JSON.stringify(body); }
  const res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  if (res.status === 401 && !retried && state.session?.auth) {
    if (await loadSession()) return api(method, path, body, true);
    showSignIn();
    throw new Error('Your session ended; sign in again.');
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!res.ok) {
    const msg = json?.error?.message || json?.detail || json?.title || `${res.status} ${res.statusText}`;
    const err = new Error(msg);
    err.status = res.status;
    err.code = json?.error?.code || json?.code;
    throw err;
  }
  return path.startsWith('/v1/') && json && 'status' in json && 'data' in json ? json.data : json;
}

async function loadSession() {
  const res = await fetch('/dashboard/session', { credentials: 'same-origin' });
  if (!res.ok) { state.session = null; return false; }
  state.session = (await res.json()).data;
  return true;
}

function renderChrome() {
  const on = !!state.session;
  $('#nav').hidden = !on;
  $('#signout').hidden = !(on && state.session.auth);
  for (const a of document.querySelectorAll('#nav a[data-role]')) a.hidden = !can(a.dataset.role);
  $('#who').textContent = on ? `${state.session.email || state.session.key_id || 'local'} · ${state.session.role} · ${state.session.workspace_id}` : '';
  const here = location.hash.split('/')[1] || 'jobs';
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.getAttribute('href') === '#/' + here) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
}

function page(title, ...kids) {
  const m = main();
  m.replaceChildren(h('h1', {}, title), ...kids);
  document.title = `${title} · Quarry`;
  renderChrome();
}

// ---------- sign-in ----------
function showSignIn(message = '') {
  closeStream();
  state.session = null;
  const err = h('p', { class: 'err', role: 'alert' }, message);
  const pwd = h('form', { id: 'signin-password', 'aria-label': 'Sign in with e-mail' },
    h('label', { for: 'email' }, 'E-mail'), h('input', { id: 'email', type: 'email', autocomplete: 'username', required: true }),
    h('label', { for: 'password' }, 'Password'), h('input', { id: 'password', type: 'password', autocomplete: 'current-password', required: true }),
    h('p', {}, h('button', { type: 'submit' }, 'Sign in')));
  const key = h('form', { id: 'signin-key', 'aria-label': 'Sign in with an API key', hidden: true },
    h('label', { for: 'apikey' }, 'API key'), h('input', { id: 'apikey', type: 'password', autocomplete: 'off', required: true, placeholder: 'dfx_…' }),
    h('p', {}, h('button', { type: 'submit' }, 'Sign in with key')));
  const tab = (label, form, other) => h('button', {
    type: 'button', role: 'tab', 'aria-selected': form === pwd ? 'true' : 'false',
    onclick: (ev) => { form.hidden = false; other.hidden = true; for (const b of ev.target.parentNode.children) b.setAttribute('aria-selected', b === ev.target ? 'true' : 'false'); },
  }, label);
  const submit = async (ev, body) => {
    ev.preventDefault();
    err.textContent = '';
    const res = await fetch('/dashboard/session', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body()) });
    const json = await res.json().catch(() => null);
    if (!res.ok) { err.textContent = json?.error?.message || 'Signing in failed.'; return; }
    state.session = json.data;
    location.hash = '#/jobs';
    route();
  };
  pwd.addEventListener('submit', (ev) => submit(ev, () => ({ email: $('#email').value, password: $('#password').value })));
  key.addEventListener('submit', (ev) => submit(ev, () => ({ api_key: $('#apikey').value })));
  main().replaceChildren(h('section', { class: 'card signin' }, h('h1', {}, 'Sign in to Quarry'),
    h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Sign-in method' }, tab('E-mail', pwd, key), tab('API key', key, pwd)), pwd, key, err));
  document.title = 'Sign in · Quarry';
  renderChrome();
}

$('#signout').addEventListener('click', async () => {
  await fetch('/dashboard/session', { method: 'DELETE', credentials: 'same-origin', headers: { 'X-CSRF-Token': state.session?.csrf_token || '' } });
  showSignIn('Signed out.');
});

// ---------- jobs (live) ----------
function closeStream() { state.source?.close(); state.source = null; }

function openStream() {
  if (state.source) return;
  const es = new EventSource('/v1/events/jobs');
  es.addEventListener('job', (ev) => {
    const j = JSON.parse(ev.data);
    state.jobs.set(j.job_id, j);
    document.dispatchEvent(new CustomEvent('quarry:job', { detail: j }));
  });
  es.addEventListener('ready', () => document.dispatchEvent(new CustomEvent('quarry:job', { detail: null })));
  es.onerror = () => { if (es.readyState === EventSource.CLOSED) { state.source = null; setTimeout(openStream, 3000); } };
  state.source = es;
}

const statusBadge = (st) => h('span', { class: 'badge ' + st }, st);

function jobRow(j) {
  const failed = j.status === 'failed';
  return h('tr', { dataset: { job: j.job_id } },
    h('td', {}, j.status === 'completed' ? h('a', { href: `#/exec/${j.job_id}` }, j.filename || j.job_id) : (j.filename || j.job_id)),
    h('td', {}, statusBadge(j.status), failed ? h('div', { class: 'err' }, j.failure_reason || '') : null),
    h('td', {}, j.job_type),
    h('td', {}, j.quality?.grade || '—'),
    h('td', {}, String(j.pii_findings_count ?? 0)),
    h('td', {}, String(j.credits ?? 0)),
    h('td', {}, new Date(j.created_at).toLocaleString()),
    h('td', {}, failed && j.document_id && can('member') ? h('button', { type: 'button', class: 'ghost', onclick: () => reprocess(j) }, 'Reprocess') : ''));
}

async function reprocess(j) {
  try {
    const out = await api('POST', `/v1/documents/${j.document_id}/reprocess`, {});
    toast(`Reprocessing as ${out.job_id}.`);
  } catch (e) { toast(e.message, true); }
}

function viewJobs() {
  openStream();
  const body = h('tbody', { id: 'jobs-body' });
  const count = h('p', { class: 'muted', 'aria-live': 'polite' });
  const draw = () => {
    const { status, q } = state.filters;
    const rows = [...state.jobs.values()]
      .filter((j) => (!status || j.status === status) && (!q || (j.filename || '').toLowerCase().includes(q.toLowerCase())))
      .sort((a, b) => b.created_at.localeCompare(a.created_at));
    body.replaceChildren(...rows.map(jobRow));
    count.textContent = `${rows.length} job(s) shown, updated live.`;
  };
  const statusSel = h('select', { id: 'f-status', onchange: (e) => { state.filters.status = e.target.value; draw(); } },
    ...['', 'queued', 'running', 'completed', 'failed'].map((v) => h('option', { value: v, selected: v === state.filters.status }, v || 'any')));
  const search = h('input', { id: 'f-q', type: 'text', value: state.filters.q, oninput: (e) => { state.filters.q = e.target.value; draw(); } });
  page('Jobs',
    h('div', { class: 'card row' }, h('div', {}, h('label', { for: 'f-status' }, 'Status'), statusSel), h('div', {}, h('label', { for: 'f-q' }, 'File name'), search)),
    h('div', { class: 'card' }, count, h('table', {}, h('caption', { class: 'muted' }, 'Newest first'),
      h('thead', {}, h('tr', {}, ...['Document', 'Status', 'Type', 'Grade', 'PII', 'Credits', 'Created', ''].map((t) => h('th', { scope: 'col' }, t)))), body)));
  draw();
  const onJob = () => { if ($('#jobs-body') === body) draw(); else document.removeEventListener('quarry:job', onJob); };
  document.addEventListener('quarry:job', onJob);
}

// ---------- upload ----------
function viewUpload() {
  if (!can('member')) { page('Upload', h('p', { class: 'err' }, 'Your role may view but not upload.')); return; }
  openStream();
  const list = h('ul', { id: 'uploads', 'aria-live': 'polite' });
  const files = h('input', { id: 'pick-files', type: 'file', multiple: true });
  const folder = h('input', { id: 'pick-folder', type: 'file', webkitdirectory: true, multiple: true });
  const locale = h('select', { id: 'locale' }, ...[['und', 'Detect'], ['en', 'English'], ['de', 'German'], ['fr', 'French'], ['es', 'Spanish'], ['tr', 'Turkish']]
    .map(([v, t]) => h('option', { value: v }, t)));
  const mask = h('input', { id: 'mask', type: 'checkbox', checked: true });
  const drop = h('div', { class: 'drop', id: 'drop', tabindex: '0', role: 'button', 'aria-label': 'Drop files or folders here, or press Enter to choose files' },
    h('p', {}, h('strong', {}, 'Drop files or folders here'), ' — PDFs, images, office files, e-mails.'), h('p', { class: 'muted' }, 'Or choose below.'));
  drop.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); files.click(); } });
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', async (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const entries = [...e.dataTransfer.items].map((it) => it.webkitGetAsEntry?.()).filter(Boolean);
    const out = entries.length ? (await Promise.all(entries.map(walk))).flat() : [...e.dataTransfer.files];
    send(out);
  });
  const send = (fs) => { for (const f of fs) uploadOne(f, list, locale.value, mask.checked); };
  // Emptied after each choice, so choosing the same file again uploads
  // it again (and shows it as a duplicate).
  files.addEventListener('change', () => { send([...files.files]); files.value = ''; });
  folder.addEventListener('change', () => { send([...folder.files]); folder.value = ''; });
  page('Upload',
    h('div', { class: 'card' }, drop,
      h('div', { class: 'row' },
        h('div', {}, h('label', { for: 'pick-files' }, 'Files'), files),
        h('div', {}, h('label', { for: 'pick-folder' }, 'A folder'), folder),
        h('div', {}, h('label', { for: 'locale' }, 'Language of the documents'), locale),
        h('div', {}, h('label', { for: 'mask' }, h('span', {}, 'Mask personal data '), mask)))),
    h('div', { class: 'card' }, h('h2', {}, 'This session'), list));
}

// walk reads a dropped folder entry recursively into File objects.
async function walk(entry) {
  if (entry.isFile) return [await new Promise((ok, bad) => entry.file(ok, bad))];
  const reader = entry.createReader();
  const out = [];
  for (;;) {
    const batch = await new Promise((ok, bad) => reader.readEntries(ok, bad));
    if (!batch.length) break;
    for (const e of batch) out.push(...await walk(e));
  }
  return out;
}

// uploadOne sends one file with XMLHttpRequest, whose upload progress
// events drive the bar (fetch has none).
function uploadOne(file, list, locale, mask) {
  const bar = h('progress', { max: '100', value: '0', 'aria-label': `Upload of ${file.name}` });
  const note = h('span', { class: 'muted' }, ' uploading…');
  const item = h('li', { dataset: { file: file.name } }, h('strong', {}, file.webkitRelativePath || file.name), note, bar);
  list.prepend(item);
  const fd = new FormData();
  fd.append('files', file, file.name);
  fd.append('locale', locale);
  fd.append('pipeline_config', JSON.stringify({ mask_pii: mask }));
  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/v1/data-process/async');
  xhr.setRequestHeader('X-CSRF-Token', state.session?.csrf_token || '');
  xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100); };
  xhr.onload = () => {
    let json = null;
    try { json = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
    bar.value = 100;
    if (xhr.status >= 300) { note.replaceChildren(' ', h('span', { class: 'err' }, json?.error?.message || `failed (${xhr.status})`)); item.dataset.result = 'error'; return; }
    const job = (json.data.jobs || [])[0];
    const rej = (json.data.rejected || [])[0];
    if (rej) { note.replaceChildren(' ', h('span', { class: 'err' }, `rejected: ${rej.error}`)); item.dataset.result = 'rejected'; return; }
    item.dataset.job = job.job_id;
    item.dataset.result = job.is_duplicate ? 'duplicate' : 'queued';
    note.replaceChildren(' ', job.is_duplicate ? h('span', { class: 'badge dup' }, `duplicate of ${job.existing_job_id}`) : statusBadge('queued'), ' ',
      h('a', { href: `#/exec/${job.job_id}` }, 'open'));
  };
  xhr.onerror = () => { note.replaceChildren(' ', h('span', { class: 'err' }, 'network error')); item.dataset.result = 'error'; };
  xhr.send(fd);
}

// ---------- execution ----------
function flatFields(result) {
  const out = [];
  const doc = result?.documents?.[0];
  for (const g of doc?.field_groups || []) {
    for (const f of g.fields || []) if (!Array.isArray(f.value)) out.push({ ...f, path: `${g.name}.${f.name}` });
  }
  return out;
}

async function viewExecution(jobId) {
  page('Document', h('p', { class: 'muted' }, 'Loading…'));
  const ext = 'ext_' + jobId.replace(/^job_/, '');
  const exec = 'exec_' + jobId.replace(/^job_/, '');
  let x, result, revs;
  try {
    [x, result, revs] = await Promise.all([api('GET', `/v1/executions/${exec}`), api('GET', `/api/v1/extractions/${ext}/result`), api('GET', `/v1/jobs/${jobId}/revisions`)]);
  } catch (e) { page('Document', h('p', { class: 'err' }, e.message)); return; }
  result = result.result || result; // /api/v1 wraps the result as {id, result}
  const fields = flatFields(result);
  const file = result.files?.[0] || {};
  const pages = Math.max(1, file.page_count || 1);
  let current = 1;
  const img = h('img', { id: 'page-img', alt: `Page 1 of ${file.filename || 'the document'}` });
  const overlay = h('div', { class: 'page', id: 'page' }, img);
  const detail = h('div', { id: 'field-detail', class: 'card', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Hover a field to see its box; click a box for its evidence.'));
  const findings = (x.pii?.findings || []).filter((f) => f.bbox);
  const drawBoxes = () => {
    overlay.querySelectorAll('.box').forEach((b) => b.remove());
    fields.forEach((f, i) => {
      if (!f.bbox || !(f.pages || []).includes(current)) return;
      overlay.append(boxFor(f.bbox, `field-box-${i}`, 'box', `Field ${f.path}`, () => showField(f, i)));
    });
    findings.filter((p) => (p.page || 1) === current).forEach((p, i) => {
      overlay.append(boxFor(p.bbox, `pii-box-${i}`, 'box pii', `Personal data: ${p.type}`, () => {
        detail.replaceChildren(h('h2', {}, `PII: ${p.type}`), h('p', {}, `Jurisdiction ${p.jurisdiction || '—'}, score ${p.score}`));
      }));
    });
  };
  const load = (n) => { current = n; img.src = `/v1/executions/${exec}/pages/${n}.png`; img.alt = `Page ${n} of ${file.filename || 'the document'}`; drawBoxes(); };
  const showField = (f, i) => {
    highlight(i);
    detail.replaceChildren(h('h2', {}, f.path), h('p', {}, 'Value: ', h('strong', {}, fmt(f.value))),
      h('p', {}, `Confidence ${f.confidence ?? '—'} · pages ${(f.pages || []).join(', ') || '—'} · box ${f.bbox ? f.bbox.source + ', ' + f.bbox.quality : 'none'}`),
      f.notes ? h('p', {}, f.notes) : null, h('pre', {}, JSON.stringify({ validation: f.validation, judge: f.judge }, null, 2)));
  };
  const highlight = (i) => {
    overlay.querySelectorAll('.box.active').forEach((b) => b.classList.remove('active'));
    document.querySelectorAll('#fields tr.hl').forEach((r) => r.classList.remove('hl'));
    $(`#field-box-${i}`)?.classList.add('active');
    $(`#field-row-${i}`)?.classList.add('hl');
  };
  const current_ = revs?.current || {};
  const rows = fields.map((f, i) => {
    const input = h('input', { type: 'text', id: `fix-${i}`, value: current_[f.path] !== undefined ? fmt(JSON.parse(current_[f.path])) : fmt(f.value), 'aria-label': `Correct ${f.path}` });
    const corrected = h('span', { class: 'corr' }, current_[f.path] !== undefined ? `corrected: ${fmt(JSON.parse(current_[f.path]))}` : '');
    const save = h('button', { type: 'button', class: 'ghost', onclick: async () => {
      try {
        const rev = await api('POST', `/v1/jobs/${jobId}/revisions`, { field: f.path, value: input.value });
        corrected.textContent = `corrected: ${fmt(JSON.parse(JSON.stringify(rev.value)))}`;
        toast(`Saved your value for ${f.path}; the extracted value is kept.`);
      } catch (e) { toast(e.message, true); }
    } }, 'Save');
    const v = x.field_verdicts?.[f.name];
    return h('tr', { id: `field-row-${i}`, tabindex: '0', dataset: { field: f.path },
      onmouseenter: () => highlight(i), onfocus: () => highlight(i), onclick: () => showField(f, i) },
    h('th', { scope: 'row' }, f.path),
    h('td', {}, fmt(f.value), h('br'), corrected),
    h('td', {}, f.validation ? h('span', { class: 'badge ' + (f.validation.valid ? 'ok' : 'bad') }, f.validation.valid ? 'valid' : 'invalid') : '—'),
    h('td', {}, v?.verdict || f.judge?.verdict || '—'),
    h('td', {}, can('member') ? h('div', {}, input, save) : ''));
  });
  const nav = h('div', { class: 'row' },
    h('button', { type: 'button', class: 'ghost', onclick: () => current > 1 && load(current - 1) }, '‹ Previous page'),
    h('span', { class: 'muted' }, `${pages} page(s)`),
    h('button', { type: 'button', class: 'ghost', onclick: () => current < pages && load(current + 1) }, 'Next page ›'));
  const trace = result.pipeline?.trace || [];
  page(file.filename || jobId,
    h('p', { class: 'muted' }, `${x.document_type || 'unknown type'} · grade ${x.quality?.grade || '—'} · ${x.pii?.count || 0} PII finding(s) · language ${x.result_meta?.detected_language || '—'}`),
    h('div', { class: 'split' },
      h('section', { 'aria-label': 'Page' }, nav, overlay),
      h('section', { 'aria-label': 'Fields' }, detail,
        h('div', { class: 'card' }, h('table', { id: 'fields' }, h('thead', {}, h('tr', {}, ...['Field', 'Value', 'Validation', 'Judge', 'Your value'].map((t) => h('th', { scope: 'col' }, t)))), h('tbody', {}, rows))))),
    h('div', { class: 'card' }, h('h2', {}, 'Rule results'), (result.rule_results || []).length
      ? h('ul', {}, ...(result.rule_results).map((r) => h('li', {}, h('strong', {}, r.rule_id), ` ${r.output}: ${r.summary}`)))
      : h('p', { class: 'muted' }, 'No rules ran.')),
    h('div', { class: 'card' }, h('h2', {}, 'Masked text'), h('pre', { tabindex: '0' }, x.masked_text || '(no text)')),
    h('div', { class: 'card' }, h('h2', {}, 'Trace'), barChart('Stage latency (ms)', trace.map((t) => [`${t.node} (${t.status})`, Math.round(t.latency_ms)]))));
  img.addEventListener('load', drawBoxes, { once: true });
  load(1);
}

function boxFor(b, id, cls, label, onclick) {
  const el = h('button', { type: 'button', id, class: cls, 'aria-label': label, onclick });
  el.style.left = `${b.xmin * 100}%`;
  el.style.top = `${b.ymin * 100}%`;
  el.style.width = `${(b.xmax - b.xmin) * 100}%`;
  el.style.height = `${(b.ymax - b.ymin) * 100}%`;
  return el;
}

const fmt = (v) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

// barChart draws a horizontal bar chart as inline SVG.
function barChart(title, pairs, max) {
  if (!pairs.length) return h('p', { class: 'muted' }, `${title}: no data.`);
  const top = max ?? Math.max(...pairs.map(([, v]) => v), 1);
  const rowH = 24; const labelW = 230; const w = 500;
  const svg = s('svg', { class: 'bars', role: 'img', 'aria-label': title, viewBox: `0 0 ${w} ${pairs.length * rowH + 24}`, width: '100%' },
    s('title', {}, title),
    ...pairs.flatMap(([k, v], i) => [
      s('text', { x: '0', y: String(i * rowH + 28) }, String(k).slice(0, 28)),
      s('rect', { x: String(labelW), y: String(i * rowH + 15), height: '16', width: String(Math.max(1, ((w - labelW - 50) * v) / top)) }),
      s('text', { x: String(labelW + 6 + ((w - labelW - 50) * v) / top), y: String(i * rowH + 28) }, String(v)),
    ]));
  return h('figure', {}, h('figcaption', {}, h('strong', {}, title)), svg);
}

// ---------- datasets ----------
const FORMATS = ['jsonl', 'json', 'csv', 'parquet', 'md', 'xml', 'xlsx', 'hf', 'rag'];

async function viewDatasets() {
  const list = h('tbody', { id: 'ds-body' });
  const name = h('input', { id: 'ds-name', type: 'text', required: true });
  const grade = h('select', { id: 'ds-grade' }, ...['', 'A', 'B', 'C', 'D'].map((g) => h('option', { value: g }, g || 'any')));
  const lang = h('input', { id: 'ds-lang', type: 'text', placeholder: 'en' });
  const type = h('input', { id: 'ds-type', type: 'text', placeholder: 'receipt' });
  const form = h('form', { id: 'ds-form', class: 'card', hidden: !can('member') }, h('h2', {}, 'Build a dataset from filters'),
    h('div', { class: 'row' }, h('div', {}, h('label', { for: 'ds-name' }, 'Name'), name), h('div', {}, h('label', { for: 'ds-type' }, 'Document type'), type),
      h('div', {}, h('label', { for: 'ds-grade' }, 'Lowest grade'), grade), h('div', {}, h('label', { for: 'ds-lang' }, 'Language'), lang),
      h('button', { type: 'submit' }, 'Build')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const filter = {};
    if (grade.value) filter.min_grade = grade.value;
    if (lang.value) filter.language = lang.value;
    if (type.value) filter.document_type = type.value;
    try {
      const out = await api('POST', '/v1/datasets', { name: name.value, filter });
      toast(`Building ${out.dataset_id}…`);
      await waitFor(async () => (await api('GET', `/v1/datasets/${out.dataset_id}`)).status !== 'building');
      location.hash = `#/datasets/${out.dataset_id}`;
    } catch (e) { toast(e.message, true); }
  });
  page('Datasets', form, h('div', { class: 'card' }, h('table', {}, h('thead', {}, h('tr', {}, ...['Name', 'Status', 'Rows', 'Version'].map((t) => h('th', { scope: 'col' }, t)))), list)));
  try {
    const out = await api('GET', '/v1/datasets');
    list.replaceChildren(...(out.items || []).map((d) => h('tr', {}, h('td', {}, h('a', { href: `#/datasets/${d.id}` }, d.name)), h('td', {}, statusBadge(d.status)), h('td', {}, String(d.row_count)), h('td', {}, String(d.version)))));
  } catch (e) { toast(e.message, true); }
}

async function waitFor(check, tries = 60) {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((ok) => setTimeout(ok, 500));
  }
  throw new Error('Still building; look again shortly.');
}

async function viewDataset(id) {
  let d, prof, rows;
  try {
    [d, prof, rows] = await Promise.all([api('GET', `/v1/datasets/${id}`), api('GET', `/v1/datasets/${id}/profile`), api('GET', `/v1/datasets/${id}/rows?page_size=10`)]);
  } catch (e) { page('Dataset', h('p', { class: 'err' }, e.message)); return; }
  const p = prof.profile || prof;
  const entries = (o) => Object.entries(o || {}).sort((a, b) => b[1] - a[1]);
  const items = rows.items || rows.rows || rows.data || [];
  const cols = items.length ? Object.keys(items[0]).slice(0, 8) : [];
  const push = can('member') ? await pushCard({ h, api, toast }, id).catch((e) => h('p', { class: 'err' }, e.message)) : '';
  page(d.name,
    h('p', { class: 'muted' }, `${d.row_count} row(s) · version ${d.version} · ${d.status}`),
    h('div', { class: 'card' }, h('h2', {}, 'Export'), h('div', { class: 'exports' },
      ...FORMATS.map((f) => h('a', { href: `/v1/datasets/${id}/export/${f}`, download: true, id: `export-${f}` }, f)))),
    push,
    h('div', { class: 'card charts' },
      barChart('Grade distribution', entries(p.quality?.grade_distribution || p.quality_distribution)),
      barChart('Field fill rate (%)', entries(p.field_fill_rates).map(([k, v]) => [k, Math.round(v * 100)]), 100),
      barChart('PII by type', entries(p.pii_type_summary)),
      barChart('Languages', entries(p.languages))),
    h('div', { class: 'card scroll', tabindex: '0', role: 'region', 'aria-label': 'Rows preview' }, h('h2', {}, 'Rows'), h('table', {}, h('thead', {}, h('tr', {}, ...cols.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...items.map((r) => h('tr', {}, ...cols.map((c) => h('td', {}, fmt(r[c])))))))));
}

// ---------- settings ----------
async function viewSettings() {
  const sections = [];
  const box = (title, ...kids) => h('section', { class: 'card', 'aria-label': title }, h('h2', {}, title), ...kids);
  const safe = async (fn) => { try { return await fn(); } catch (e) { return h('p', { class: 'muted' }, e.message); } };
  sections.push(box('Usage and credits', await safe(async () => {
    const [u, hist] = await Promise.all([api('GET', '/v1/usage'), api('GET', '/v1/usage/history')]);
    const c = u.usage?.credits || {};
    return h('div', {}, h('p', {}, `Plan ${u.plan}: ${c.used} of ${c.limit} credits used, ${c.remaining} left.`),
      barChart('Credits by day', (Array.isArray(hist) ? hist : hist.items || []).slice(-14).map((d) => [d.date, d.credits_used])));
  })));
  if (can('admin')) {
    const keysBody = h('tbody', { id: 'keys-body' });
    const shown = h('div', { id: 'new-key', 'aria-live': 'polite' });
    const label = h('input', { id: 'key-label', type: 'text', required: true });
    const role = h('select', { id: 'key-role' }, ...ROLES.filter((r) => can(r)).map((r) => h('option', { value: r, selected: r === 'member' }, r)));
    const drawKeys = async () => {
      const out = await api('GET', '/v1/api-keys');
      keysBody.replaceChildren(...out.items.map((k) => h('tr', { dataset: { key: k.id, active: String(k.active) } },
        h('td', {}, k.label || ''), h('td', {}, k.role), h('td', {}, k.hint || k.id),
        h('td', {}, k.active ? h('button', { type: 'button', class: 'danger', 'aria-label': `Revoke ${k.label || k.id}`, onclick: async () => {
          if (!confirm(`Revoke ${k.label || k.id}? Clients using it stop working.`)) return;
          try { await api('DELETE', `/v1/api-keys/${k.id}`); toast('Key revoked.'); drawKeys(); } catch (e) { toast(e.message, true); }
        } }, 'Revoke') : h('span', { class: 'badge bad' }, 'revoked')))));
    };
    const form = h('form', { id: 'key-form', class: 'row' }, h('div', {}, h('label', { for: 'key-label' }, 'Label'), label),
      h('div', {}, h('label', { for: 'key-role' }, 'Role'), role), h('button', { type: 'submit' }, 'Create key'));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        const k = await api('POST', '/v1/api-keys', { label: label.value, role: role.value });
        shown.replaceChildren(h('p', {}, 'Copy the key now; it is not shown again:'), h('p', { class: 'key', id: 'key-secret' }, k.key));
        drawKeys();
      } catch (e) { toast(e.message, true); }
    });
    await safe(drawKeys);
    sections.push(box('API keys', form, shown, h('table', {}, h('thead', {}, h('tr', {}, ...['Label', 'Role', 'Key', ''].map((t) => h('th', { scope: 'col' }, t)))), keysBody)));
  }
  // Helpers handed to manage.js (which would otherwise import this module back).
  const kit = { h, api, toast, can, ROLES, session: state.session };
  sections.push(box('Team', await safe(() => teamSection(kit))));
  if (can('admin')) {
    sections.push(box('Webhooks', await safe(() => webhooksSection(kit))));
    sections.push(box('Language model', await safe(async () => {
      const c = await api('GET', '/v1/settings/llm-config');
      return c?.provider ? h('p', {}, `${c.provider} · ${c.model} ${c.base_url ? '· ' + c.base_url : ''}`) : h('p', { class: 'muted' }, 'The server default model is used.');
    })));
    sections.push(box('Audit trail', h('p', {}, h('a', { href: '/v1/audit/export?format=csv', download: 'audit.csv' }, 'Download the audit trail (CSV)'), ' · ',
      h('a', { href: '/v1/audit/export?format=json', download: 'audit.json' }, 'JSON'))));
  }
  sections.push(box('Connectors', await safe(() => connectorsSection(kit))));
  page('Settings', ...sections);
}

// ---------- schema editor ----------
// Saved schemas live in this browser's localStorage under their names:
// an extraction request is the caller's own text, and keeping drafts
// client-side needs no server state or permission.
const SAVED = 'quarry.schemas';
const savedSchemas = () => { try { return JSON.parse(localStorage.getItem(SAVED) || '{}'); } catch { return {}; } };

function viewSchema() {
  const example = { document_types: [{ id: 'receipt', description: 'A shop receipt', field_groups: [{ name: 'receipt', fields: [{ name: 'company', type: 'string' }, { name: 'date', type: 'string', format: 'date' }, { name: 'total', type: 'number' }] }] }] };
  const text = h('textarea', { id: 'schema-text', spellcheck: 'false', 'aria-describedby': 'schema-verdict' }, JSON.stringify(example, null, 2));
  const verdict = h('div', { id: 'schema-verdict', 'aria-live': 'polite' });
  let timer;
  // The request as the file-less dry run and the multipart run take it.
  const request = () => { const body = JSON.parse(text.value); delete body.files; return body; };
  const check = async () => {
    let body;
    try { body = request(); } catch (e) { verdict.replaceChildren(h('p', { class: 'err' }, `Not JSON yet: ${e.message}`)); return; }
    try {
      const rep = await api('POST', '/api/v1/extract:validate', { ...body, files: [{ filename: 'document.pdf' }] });
      verdict.replaceChildren(h('p', { class: 'ok' }, 'The request is valid.'), h('pre', {}, JSON.stringify(rep, null, 2)));
    } catch (e) { verdict.replaceChildren(h('p', { class: 'err' }, e.message)); }
  };
  text.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(check, 400); });

  // Save, load and delete named schemas.
  const name = h('input', { id: 'schema-name', type: 'text', autocomplete: 'off', placeholder: 'e.g. receipts' });
  const pick = h('select', { id: 'schema-saved' });
  const note = h('p', { id: 'schema-note', 'aria-live': 'polite' });
  const refresh = () => {
    const names = Object.keys(savedSchemas()).sort();
    pick.replaceChildren(...(names.length ? names.map((n) => h('option', { value: n }, n)) : [h('option', { value: '' }, 'nothing saved yet')]));
  };
  const save = h('button', { type: 'button', id: 'schema-save' }, 'Save');
  save.addEventListener('click', () => {
    const n = name.value.trim();
    if (!n) { note.textContent = 'Give the schema a name first.'; return; }
    const all = savedSchemas(); all[n] = text.value; localStorage.setItem(SAVED, JSON.stringify(all));
    refresh(); pick.value = n; note.textContent = `Saved “${n}” in this browser.`;
  });
  const load = h('button', { type: 'button', id: 'schema-load' }, 'Load');
  load.addEventListener('click', () => {
    const v = savedSchemas()[pick.value];
    if (v === undefined) return;
    text.value = v; name.value = pick.value; note.textContent = `Loaded “${pick.value}”.`; check();
  });
  const del = h('button', { type: 'button', id: 'schema-delete' }, 'Delete');
  del.addEventListener('click', () => {
    const all = savedSchemas(); delete all[pick.value]; localStorage.setItem(SAVED, JSON.stringify(all));
    note.textContent = `Deleted “${pick.value}”.`; refresh();
  });
  refresh();

  // Try the request on a file: one synchronous extraction, its fields shown.
  const file = h('input', { id: 'schema-file', type: 'file' });
  const run = h('button', { type: 'button', id: 'schema-run' }, 'Try on this file');
  const out = h('div', { id: 'schema-result', 'aria-live': 'polite' });
  run.addEventListener('click', async () => {
    if (!file.files.length) { out.replaceChildren(h('p', { class: 'err' }, 'Choose a file first.')); return; }
    let body;
    try { body = request(); } catch (e) { out.replaceChildren(h('p', { class: 'err' }, `Not JSON: ${e.message}`)); return; }
    const form = new FormData();
    form.append('request', JSON.stringify(body));
    form.append('files', file.files[0]);
    out.replaceChildren(h('p', {}, 'Extracting…'));
    try {
      const res = await api('POST', '/api/v1/extract', form);
      const rows = [];
      const walk = (fs, prefix) => { for (const f of fs || []) { if (Array.isArray(f.value)) walk(f.value, prefix + f.name + '.'); else rows.push([prefix + f.name, f.value, f.confidence]); } };
      for (const d of res.documents || []) for (const g of d.field_groups || d.groups || []) walk(g.fields, '');
      out.replaceChildren(
        h('p', { class: 'ok' }, `${res.documents?.length || 0} document(s), status ${res.status}.`),
        h('table', {}, h('caption', {}, 'Extracted fields'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'field'), h('th', { scope: 'col' }, 'value'), h('th', { scope: 'col' }, 'confidence'))),
          h('tbody', {}, ...rows.map(([n, v, c]) => h('tr', {}, h('td', {}, n), h('td', {}, v == null ? '—' : String(v)), h('td', {}, c == null ? '' : Number(c).toFixed(2)))))));
    } catch (e) { out.replaceChildren(h('p', { class: 'err' }, e.message)); }
  });

  page('Schema editor',
    h('div', { class: 'card' }, h('label', { for: 'schema-text' }, 'Extraction request (document types and options), checked as you type by the dry-run validator'), text, verdict),
    h('div', { class: 'card' }, h('h2', {}, 'Saved schemas'),
      h('label', { for: 'schema-name' }, 'Name'), name, save,
      h('label', { for: 'schema-saved' }, 'Saved in this browser'), pick, load, del, note),
    h('div', { class: 'card' }, h('h2', {}, 'Try it'),
      h('label', { for: 'schema-file' }, 'A document to run the request on'), file, run, out));
  check();
}

// ---------- routing ----------
async function route() {
  if (!state.session && !(await loadSession())) { showSignIn(); return; }
  const [, where = 'jobs', id] = location.hash.split('/');
  main().focus();
  switch (where) {
    case 'upload': return viewUpload();
    case 'exec': return viewExecution(id);
    case 'datasets': return id ? viewDataset(id) : viewDatasets();
    case 'settings': return viewSettings();
    case 'schema': return viewSchema();
    default: return viewJobs();
  }
}
window.addEventListener('hashchange', route);
route();
