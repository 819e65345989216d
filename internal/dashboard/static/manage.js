// Settings that change things: team, webhooks and connectors (with their
// schedules), and a dataset's push into a connector. Kept apart from
// app.js so each file stays one concern; app.js hands in its helpers
// (element builder, API caller, toast, role check) rather than this
// module importing them back, which would make a cycle.

const CONNECTOR_FIELDS = {
  // The config fields of each connector type (platform-api-facts §3.10);
  // s3 also takes an endpoint and path-style URLs for S3-compatible stores.
  s3: [['bucket', 'Bucket', true], ['region', 'Region', true], ['aws_access_key_id', 'Access key id', true],
    ['aws_secret_access_key', 'Secret access key', true, 'password'], ['prefix', 'Default prefix'], ['endpoint', 'Endpoint (S3-compatible stores)', false, 'url']],
  gcs: [['project_id', 'Project id', true], ['bucket', 'Bucket', true], ['credentials_json', 'Service-account key (JSON)', true, 'textarea'], ['prefix', 'Default prefix']],
  azure_blob: [['account_name', 'Account name', true], ['container_name', 'Container', true], ['account_key', 'Account key', true, 'password'], ['prefix', 'Default prefix']],
};
export const EXPORT_FORMATS = ['jsonl', 'json', 'csv', 'parquet', 'md', 'xml', 'xlsx', 'hf', 'rag'];
const HOOK_EVENTS = ['job.completed', 'job.failed', 'dataset.ready'];

const thead = (h, ...cols) => h('thead', {}, h('tr', {}, ...cols.map((t) => h('th', { scope: 'col' }, t))));
const field = (h, id, label, input) => h('div', {}, h('label', { for: id }, label), input);
const when = (v) => (v ? String(v).replace('T', ' ').replace(/\..*|Z$/, '') : '—');

// teamSection: the members with, for admins, a role picker and a Remove
// button each, and an invitation form. The API decides what an admin may
// grant; the pickers offer only roles up to the caller's own.
export async function teamSection({ h, api, toast, can, ROLES, session }) {
  const body = h('tbody', { id: 'team-body' });
  const admin = can('admin');
  const grantable = ROLES.filter((r) => can(r));
  const draw = async () => {
    const out = await api('GET', '/v1/team/members');
    body.replaceChildren(...(out.items || []).map((m) => {
      const self = m.email === session.email;
      const cells = [h('td', {}, m.email), h('td', {}, m.role)];
      if (admin) {
        const pick = h('select', { id: `role-${m.user_id}`, 'aria-label': `Role of ${m.email}` },
          ...grantable.map((r) => h('option', { value: r, selected: r === m.role }, r)));
        cells.push(h('td', {}, self || m.role === 'owner' && !can('owner') ? h('span', { class: 'muted' }, '—') : h('div', { class: 'actions' }, pick,
          h('button', { type: 'button', class: 'ghost', 'aria-label': `Change the role of ${m.email}`, onclick: async () => {
            try { await api('PATCH', `/v1/team/members/${m.user_id}/role`, { role: pick.value }); toast(`${m.email} is now ${pick.value}.`); draw(); } catch (e) { toast(e.message, true); }
          } }, 'Change role'),
          h('button', { type: 'button', class: 'danger', 'aria-label': `Remove ${m.email}`, onclick: async () => {
            if (!confirm(`Remove ${m.email} from this workspace?`)) return;
            try { await api('DELETE', `/v1/team/members/${m.user_id}`); toast(`${m.email} removed.`); draw(); } catch (e) { toast(e.message, true); }
          } }, 'Remove'))));
      }
      return h('tr', { dataset: { member: m.user_id, email: m.email, role: m.role } }, ...cells);
    }));
  };
  await draw();
  const kids = [h('table', {}, thead(h, 'E-mail', 'Role', ...(admin ? ['Change'] : [])), body)];
  if (admin) {
    const email = h('input', { id: 'invite-email', type: 'email', required: true, autocomplete: 'off' });
    const role = h('select', { id: 'invite-role' }, ...grantable.map((r) => h('option', { value: r, selected: r === 'member' }, r)));
    const shown = h('div', { id: 'invite-result', 'aria-live': 'polite' });
    const form = h('form', { id: 'invite-form', class: 'row' }, field(h, 'invite-email', 'Invite by e-mail', email), field(h, 'invite-role', 'Role', role),
      h('button', { type: 'submit' }, 'Invite'));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        const inv = await api('POST', '/v1/team/invite', { email: email.value, role: role.value });
        // Without a mail server the token comes back; the inviter passes it on.
        shown.replaceChildren(h('p', {}, `Invited ${inv.email} as ${inv.role} (until ${when(inv.expires_at)}).`),
          inv.invite_token ? h('p', {}, 'No mail server is set up: send them this invitation token to sign up with: ', h('span', { class: 'key', id: 'invite-token' }, inv.invite_token)) : '');
        email.value = '';
      } catch (e) { toast(e.message, true); }
    });
    kids.unshift(form, shown);
    kids.push(h('button', { type: 'button', class: 'ghost', id: 'team-refresh', onclick: () => draw().catch((e) => toast(e.message, true)) }, 'Refresh members'));
  }
  return h('div', {}, ...kids);
}

// webhooksSection (admins): register a hook (URL, events, optional
// auto-export of ready datasets into a connector), delete one, and read
// each hook's latest delivery attempts.
export async function webhooksSection({ h, api, toast }) {
  const list = h('div', { id: 'hooks' });
  const connectors = (await api('GET', '/v1/connectors').catch(() => ({ items: [] }))).items.filter((c) => c.active);
  const draw = async () => {
    const out = await api('GET', '/v1/webhooks');
    if (!out.items.length) { list.replaceChildren(h('p', { class: 'muted' }, 'No webhooks yet.')); return; }
    list.replaceChildren(...await Promise.all(out.items.map(async (w) => {
      const dl = await api('GET', `/v1/webhooks/${w.id}/deliveries`).catch(() => ({ items: [] }));
      const items = (dl.items || []).slice(0, 10);
      return h('div', { class: 'sub', dataset: { hook: w.id, url: w.url } },
        h('div', { class: 'row' }, h('p', {}, h('strong', {}, w.url), ' · ', w.events.join(', ')),
          h('button', { type: 'button', class: 'danger', 'aria-label': `Delete the webhook to ${w.url}`, onclick: async () => {
            if (!confirm(`Delete the webhook to ${w.url}?`)) return;
            try { await api('DELETE', `/v1/webhooks/${w.id}`); toast('Webhook deleted.'); draw(); } catch (e) { toast(e.message, true); }
          } }, 'Delete')),
        items.length ? h('table', {}, h('caption', {}, `Latest deliveries to ${w.url}`), thead(h, 'Event', 'Attempt', 'HTTP', 'Result', 'At'),
          h('tbody', {}, ...items.map((d) => h('tr', {}, h('td', {}, d.event_type), h('td', {}, d.attempt), h('td', {}, d.http_status || '—'),
            h('td', {}, h('span', { class: 'badge ' + (d.success ? 'ok' : 'bad') }, d.success ? 'delivered' : d.error || 'failed')), h('td', {}, when(d.at))))))
          : h('p', { class: 'muted' }, 'No deliveries yet.'));
    })));
  };
  const url = h('input', { id: 'hook-url', type: 'url', required: true, placeholder: 'https://example.com/hook' });
  const boxes = HOOK_EVENTS.map((e) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'hook-event', value: e, checked: e === 'job.completed' }), ' ', e));
  const conn = h('select', { id: 'hook-connector' }, h('option', { value: '' }, 'none'), ...connectors.map((c) => h('option', { value: c.id }, `${c.name} (${c.type})`)));
  const fmt = h('select', { id: 'hook-format' }, ...EXPORT_FORMATS.map((f) => h('option', { value: f }, f)));
  const prefix = h('input', { id: 'hook-prefix', type: 'text', placeholder: 'exports/' });
  const form = h('form', { id: 'hook-form' },
    h('div', { class: 'row' }, field(h, 'hook-url', 'Callback URL', url), h('fieldset', {}, h('legend', {}, 'Events'), ...boxes)),
    h('div', { class: 'row' }, field(h, 'hook-connector', 'Auto-export ready datasets to', conn), field(h, 'hook-format', 'Format', fmt), field(h, 'hook-prefix', 'Prefix', prefix),
      h('button', { type: 'submit' }, 'Add webhook')));
  const shown = h('div', { id: 'hook-result', 'aria-live': 'polite' });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const events = [...form.querySelectorAll('input[name=hook-event]:checked')].map((b) => b.value);
    const body = { url: url.value, events };
    if (conn.value) body.auto_export = { connector_id: conn.value, format: fmt.value, prefix: prefix.value };
    try {
      const w = await api('POST', '/v1/webhooks', body);
      shown.replaceChildren(w.secret ? h('p', {}, 'Signing secret (shown once): ', h('span', { class: 'key' }, w.secret)) : '');
      url.value = '';
      draw();
    } catch (e) { toast(e.message, true); }
  });
  await draw();
  return h('div', {}, form, shown, list);
}

// connectorsSection: the workspace's buckets. Admins add and delete
// them; members test them and run schedules; everyone reads the sync logs.
export async function connectorsSection({ h, api, toast, can }) {
  const list = h('div', { id: 'connectors' });
  const draw = async () => {
    const out = await api('GET', '/v1/connectors');
    if (!out.items.length) { list.replaceChildren(h('p', { class: 'muted' }, 'No connectors yet.')); return; }
    list.replaceChildren(h('table', {}, thead(h, 'Name', 'Type', 'State', 'Last tested', ''),
      h('tbody', { id: 'conn-body' }, ...out.items.map((c) => connectorRow({ h, api, toast, can }, c, draw)))),
    ...out.items.filter((c) => c.active).map((c) => schedulesOf({ h, api, toast, can }, c)));
  };
  const kids = [];
  if (can('admin')) kids.push(connectorForm({ h, api, toast }, draw));
  await draw();
  return h('div', {}, ...kids, list);
}

function connectorRow({ h, api, toast, can }, c, redraw) {
  const result = h('span', { id: `conn-test-${c.id}`, 'aria-live': 'polite' });
  const actions = [];
  if (c.active && can('member')) {
    actions.push(h('button', { type: 'button', class: 'ghost', 'aria-label': `Test ${c.name}`, onclick: async () => {
      result.replaceChildren('Testing…');
      try {
        const t = await api('POST', `/v1/connectors/${c.id}/test`);
        result.dataset.success = String(t.success);
        result.replaceChildren(h('span', { class: 'badge ' + (t.success ? 'ok' : 'bad') }, t.success ? 'ok' : 'failed'),
          ` ${t.message}${t.latency_ms !== null && t.latency_ms !== undefined ? ` (${t.latency_ms} ms)` : ''}`);
      } catch (e) { result.replaceChildren(h('span', { class: 'err' }, e.message)); }
    } }, 'Test'));
  }
  if (c.active && can('admin')) {
    actions.push(h('button', { type: 'button', class: 'danger', 'aria-label': `Delete ${c.name}`, onclick: async () => {
      if (!confirm(`Delete the connector ${c.name}? Its schedules stop.`)) return;
      try { await api('DELETE', `/v1/connectors/${c.id}`); toast('Connector deleted.'); redraw(); } catch (e) { toast(e.message, true); }
    } }, 'Delete'));
  }
  return h('tr', { dataset: { connector: c.id, name: c.name, active: String(c.active) } }, h('td', {}, c.name), h('td', {}, c.type),
    h('td', {}, h('span', { class: 'badge ' + (c.active ? 'ok' : 'bad') }, c.active ? 'active' : 'deleted')), h('td', {}, when(c.last_tested_at)),
    h('td', {}, h('div', { class: 'actions' }, ...actions), result));
}

function connectorForm({ h, api, toast }, redraw) {
  const name = h('input', { id: 'conn-name', type: 'text', required: true });
  const type = h('select', { id: 'conn-type' }, ...Object.keys(CONNECTOR_FIELDS).map((t) => h('option', { value: t }, t)));
  const fields = h('div', { class: 'row', id: 'conn-fields' });
  const drawFields = () => {
    const kids = CONNECTOR_FIELDS[type.value].map(([key, label, required, kind]) => {
      const id = `conn-${key}`;
      const input = kind === 'textarea' ? h('textarea', { id, name: key, required, rows: 4 })
        : h('input', { id, name: key, required, type: kind === 'password' ? 'password' : kind === 'url' ? 'url' : 'text', autocomplete: 'off' });
      return field(h, id, label + (required ? '' : ' (optional)'), input);
    });
    if (type.value === 's3') kids.push(h('label', { class: 'check' }, h('input', { type: 'checkbox', id: 'conn-path_style', name: 'path_style' }), ' Path-style URLs (MinIO and the like)'));
    fields.replaceChildren(...kids);
  };
  type.addEventListener('change', drawFields);
  drawFields();
  const form = h('form', { id: 'conn-form' }, h('div', { class: 'row' }, field(h, 'conn-name', 'Name', name), field(h, 'conn-type', 'Type', type)), fields,
    h('button', { type: 'submit' }, 'Add connector'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const config = {};
    for (const el of fields.querySelectorAll('input, textarea')) {
      if (el.type === 'checkbox') { if (el.checked) config[el.name] = true; } else if (el.value.trim()) config[el.name] = el.value.trim();
    }
    try {
      const c = await api('POST', '/v1/connectors', { name: name.value, type: type.value, config });
      toast(`Connector ${c.name} added.`);
      form.reset();
      drawFields();
      redraw();
    } catch (e) { toast(e.message, true); }
  });
  return form;
}

// schedulesOf: one connector's cron schedules, with a Run now button and
// the sync logs of each.
function schedulesOf({ h, api, toast, can }, c) {
  const body = h('div', {});
  const draw = async () => {
    const list = await api('GET', `/v1/connectors/${c.id}/schedules`).catch((e) => { toast(e.message, true); return []; });
    body.replaceChildren(...(list.length ? await Promise.all(list.map(async (s) => {
      const logs = await api('GET', `/v1/connectors/${c.id}/schedules/${s.id}/logs`).catch(() => []);
      return h('div', { class: 'sub', dataset: { schedule: s.id } },
        h('div', { class: 'row' }, h('p', {}, h('strong', {}, s.cron_expression || s.interval), ` · prefix ${s.prefix_filter || '(all)'} · next ${when(s.next_run_at)}`),
          can('member') ? h('button', { type: 'button', class: 'ghost', 'aria-label': `Run the schedule ${s.cron_expression || s.interval} of ${c.name} now`, onclick: async () => {
            try { await api('POST', `/v1/connectors/${c.id}/schedules/${s.id}/trigger`); toast('Sync started.'); draw(); } catch (e) { toast(e.message, true); }
          } }, 'Run now') : ''),
        logs.length ? h('table', {}, h('caption', {}, `Sync logs of ${s.cron_expression || s.interval}`), thead(h, 'Started', 'Status', 'Found', 'New', 'Skipped', 'Failed', 'Error'),
          h('tbody', {}, ...logs.slice(0, 10).map((l) => h('tr', { dataset: { log: l.id, status: l.status } }, h('td', {}, when(l.started_at)),
            h('td', {}, h('span', { class: 'badge ' + (l.status === 'completed' ? 'ok' : l.status === 'failed' ? 'bad' : 'running') }, l.status)),
            h('td', {}, l.files_found), h('td', {}, l.files_new), h('td', {}, l.files_skipped), h('td', {}, l.files_failed), h('td', {}, l.error_message || '')))))
          : h('p', { class: 'muted' }, 'Not run yet.'));
    })) : [h('p', { class: 'muted' }, 'No schedules.')]));
  };
  const kids = [h('summary', {}, `Schedules of ${c.name}`), body];
  if (can('admin')) {
    const cron = h('input', { id: `sched-cron-${c.id}`, type: 'text', required: true, value: '0 6 * * *' });
    const prefix = h('input', { id: `sched-prefix-${c.id}`, type: 'text', placeholder: 'incoming/' });
    const form = h('form', { class: 'row', id: `sched-form-${c.id}` }, field(h, cron.id, 'Cron (UTC)', cron), field(h, prefix.id, 'Prefix', prefix), h('button', { type: 'submit' }, 'Add schedule'));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try { await api('POST', `/v1/connectors/${c.id}/schedules`, { cron: cron.value, prefix: prefix.value }); toast('Schedule added.'); draw(); } catch (e) { toast(e.message, true); }
    });
    kids.push(form);
  }
  const det = h('details', { class: 'sub', dataset: { connector: c.id } }, ...kids);
  // Schedules load when opened: a closed panel costs no requests.
  det.addEventListener('toggle', () => { if (det.open) draw(); });
  return det;
}

// pushCard: a dataset's "Export to connector" form (members).
export async function pushCard({ h, api, toast }, datasetId) {
  const connectors = (await api('GET', '/v1/connectors').catch(() => ({ items: [] }))).items.filter((c) => c.active);
  if (!connectors.length) return h('div', { class: 'card' }, h('h2', {}, 'Export to connector'), h('p', { class: 'muted' }, 'Add a connector in Settings to push exports into a bucket.'));
  const conn = h('select', { id: 'push-connector' }, ...connectors.map((c) => h('option', { value: c.id }, `${c.name} (${c.type})`)));
  const fmt = h('select', { id: 'push-format' }, ...EXPORT_FORMATS.map((f) => h('option', { value: f }, f)));
  const prefix = h('input', { id: 'push-prefix', type: 'text', placeholder: 'exports/' });
  const shown = h('div', { id: 'push-result', 'aria-live': 'polite' });
  const form = h('form', { id: 'push-form', class: 'row' }, field(h, 'push-format', 'Format', fmt), field(h, 'push-connector', 'Connector', conn),
    field(h, 'push-prefix', 'Prefix', prefix), h('button', { type: 'submit' }, 'Export to connector'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    shown.replaceChildren('Exporting…');
    try {
      const p = await api('POST', `/v1/datasets/${datasetId}/export-s3`, { format: fmt.value, connector_id: conn.value, prefix: prefix.value });
      shown.replaceChildren(h('p', { class: 'ok' }, 'Written to ', h('code', { id: 'push-key' }, p.s3_key), ` (${p.size_bytes} bytes).`));
    } catch (e) { shown.replaceChildren(h('p', { class: 'err' }, e.message)); toast(e.message, true); }
  });
  return h('div', { class: 'card' }, h('h2', {}, 'Export to connector'), form, shown);
}
