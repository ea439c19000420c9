// The coach's page: edit a prompt file, see `prompts check` problems at their line, save (checked, atomic, previous
// file kept), and re-grade a saved session to see what changes per answer before saving the new grading.
const $ = (id) => document.getElementById(id);
const state = { path: null, saved: '', problems: [] };

async function api(path, options = {}) {
  const response = await fetch(path, { headers: { 'Content-Type': 'application/json' }, ...options });
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (!response.ok && !body?.problems) {
    throw new Error(body?.error ?? `${response.status} ${response.statusText}`);
  }

  return body;
}

function el(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  if (text !== undefined) {
    e.textContent = text;
  }

  Object.assign(e, attrs);
  return e;
}

function drawGutter() {
  const lines = $('content').value.split('\n').length;
  const bad = new Set(state.problems.filter((p) => p.file === state.path && p.line > 0).map((p) => p.line));
  const gutter = $('gutter');
  gutter.replaceChildren();
  for (let i = 1; i <= lines; i++) {
    const span = el('span', `${i}\n`);
    if (bad.has(i)) {
      span.className = 'err';
      span.title = state.problems.find((p) => p.line === i).message;
    }

    gutter.append(span);
  }

  const area = $('content');
  area.style.height = 'auto';
  area.style.height = `${area.scrollHeight}px`;
  $('dirty').hidden = area.value === state.saved;
}

function showProblems(problems, okText) {
  state.problems = problems;
  const result = $('check-result');
  result.replaceChildren();
  if (problems.length === 0) {
    result.append(el('p', okText, { className: 'ok' }));
  } else {
    const list = el('ul', undefined, { className: 'problems' });
    for (const p of problems) {
      const li = el('li', p.message);
      li.dataset.testid = 'problem';
      li.dataset.line = p.line;
      if (p.file === state.path && p.line > 0) {
        const jump = el('button', `go to line ${p.line}`, { type: 'button' });
        jump.addEventListener('click', () => goToLine(p.line));
        li.append(' ', jump);
      }

      list.append(li);
    }

    result.append(list);
  }

  drawGutter();
}

function goToLine(line) {
  const area = $('content');
  const lines = area.value.split('\n');
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  area.focus();
  area.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
}

async function open(path) {
  if (state.path && $('content').value !== state.saved && !confirm(`Discard your edit of ${state.path}?`)) {
    return;
  }

  const file = await api(`/api/prompts/file?path=${encodeURIComponent(path)}`);
  state.path = path;
  state.saved = file.content;
  $('content').value = file.content;
  $('file-name').textContent = path;
  for (const b of $('files').querySelectorAll('button')) {
    b.setAttribute('aria-current', String(b.dataset.path === path));
  }

  showProblems([], '');
}

function draft() {
  return { path: state.path, content: $('content').value };
}

async function check() {
  if (!state.path) {
    return;
  }

  const result = await api('/api/prompts/check', { method: 'POST', body: JSON.stringify(draft()) });
  showProblems(result.problems, 'prompts check: everything parses, validates and renders.');
}

async function save() {
  if (!state.path) {
    return;
  }

  const result = await api('/api/prompts/file', { method: 'PUT', body: JSON.stringify(draft()) });
  if (result.problems) {
    showProblems(result.problems, '');
    return;
  }

  state.saved = $('content').value;
  showProblems([], `Saved ${result.saved}; the previous version is kept as ${result.previous}.`);
}

async function regrade() {
  const id = $('session').value;
  const target = $('regrade-result');
  target.replaceChildren(el('p', 'Grading…', { className: 'muted' }));
  const useDraft = $('with-draft').checked && state.path && $('content').value !== state.saved;
  try {
    const result = await api(`/api/sessions/${encodeURIComponent(id)}/regrade`, { method: 'POST', body: JSON.stringify({ drafts: useDraft ? [draft()] : [] }) });
    target.replaceChildren();
    if (result.problems) {
      target.append(el('p', 'Fix these first:'));
      showProblems(result.problems, '');
      return;
    }

    target.append(el('p', `Average: ${result.average.before} → ${result.average.now}${result.drafts.length ? ` (with your unsaved edit of ${result.drafts.join(', ')})` : ''}`));
    const table = el('table');
    const head = el('tr');
    for (const h of ['#', 'question', 'before', 'now', 'LLM', 'flags added', 'flags removed']) {
      head.append(el('th', h, { scope: 'col' }));
    }

    table.append(head);
    for (const a of result.answers) {
      const row = el('tr');
      row.dataset.testid = 'regrade-row';
      row.append(el('td', String(a.index)), el('td', a.question), el('td', a.before), el('td', a.now, { className: a.same ? '' : 'changed' }),
        el('td', a.llm), el('td', a.flagsAdded.join(', ')), el('td', a.flagsRemoved.join(', ')));
      table.append(row);
    }

    target.append(table);
    for (const n of result.notices) {
      target.append(el('p', n, { className: 'muted' }));
    }

    const keep = el('button', 'Save this grading', { className: 'primary', type: 'button' });
    keep.addEventListener('click', async () => {
      const saved = await api(`/api/sessions/${encodeURIComponent(id)}/regrade/${result.preview}/save`, { method: 'POST' });
      keep.replaceWith(el('p', `Saved; the earlier grading is kept as ${saved.earlier}. `, { className: 'ok' }));
      target.append(el('a', 'Open the report', { href: saved.report }));
    });
    target.append(keep);
  } catch (e) {
    target.replaceChildren(el('p', e.message, { className: 'problems' }));
  }
}

async function load() {
  const prompts = await api('/api/prompts');
  $('folder').textContent = prompts.folder;
  for (const path of prompts.files) {
    const b = el('button', path, { type: 'button' });
    b.dataset.path = path;
    b.addEventListener('click', () => open(path));
    const li = el('li');
    li.append(b);
    $('files').append(li);
  }

  const sessions = await api('/api/sessions');
  for (const s of sessions.filter((x) => x.report)) {
    $('session').append(new Option(`${s.id} · ${s.grade ?? ''}`, s.id));
  }

  $('regrade').disabled = $('session').options.length === 0;
  if (prompts.files.length) {
    await open(prompts.files[0]);
  }
}

$('content').addEventListener('input', drawGutter);
$('check').addEventListener('click', () => check().catch((e) => showProblems([{ file: '', line: 0, message: e.message }], '')));
$('save').addEventListener('click', () => save().catch((e) => showProblems([{ file: '', line: 0, message: e.message }], '')));
$('revert').addEventListener('click', () => { $('content').value = state.saved; showProblems([], ''); });
$('regrade').addEventListener('click', regrade);
document.addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && e.key === 's') {
    e.preventDefault();
    save();
  } else if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
    e.preventDefault();
    check();
  }
});
window.addEventListener('beforeunload', (e) => {
  if (state.path && $('content').value !== state.saved) {
    e.preventDefault();
  }
});
load().catch((e) => showProblems([{ file: '', line: 0, message: e.message }], ''));
