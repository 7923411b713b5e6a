// Tern web UI: chat with streamed answers, the live tool timeline, sessions, metrics over SSE.
// Plain browser JavaScript served from the jar; talks to the same OpenAI-compatible API as any client.
'use strict';

const $ = (s) => document.querySelector(s);
const state = { token: null, session: null, busy: false, controller: null };

function signInFromFragment() {
  const m = /(?:^|[#&])token=([^&]+)/.exec(location.hash);
  if (m) {
    localStorage.setItem('tern.token', decodeURIComponent(m[1]));
    history.replaceState(null, '', location.pathname + location.search); // the token leaves the address bar
  }
  state.token = localStorage.getItem('tern.token');
}

function headers(extra) {
  const h = Object.assign({}, extra || {});
  if (state.token) h.Authorization = 'Bearer ' + state.token;
  return h;
}

async function api(path, options) {
  const r = await fetch(path, Object.assign({}, options, { headers: headers(options && options.headers) }));
  if (r.status === 401) { showSignIn(); throw new Error('sign in needed'); }
  return r;
}

function showSignIn() { $('#signin').hidden = false; }

function newSessionId() {
  const a = new Uint8Array(6);
  crypto.getRandomValues(a);
  return 'web-' + Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function scrollDown() { const c = $('#conversation'); c.scrollTop = c.scrollHeight; }

function addMessage(role, text) {
  const m = el('div', 'msg ' + role, text);
  $('#conversation').appendChild(m);
  scrollDown();
  return m;
}

function status(text) { $('#status').textContent = text || ''; }

// --- sessions ---------------------------------------------------------------------------------
async function loadSessions() {
  let data;
  try { data = await (await api('/v1/sessions')).json(); } catch (e) { return; }
  const ul = $('#sessions');
  ul.replaceChildren();
  for (const s of data.data || []) {
    const li = el('li', 'session-item' + (s.id === state.session ? ' active' : ''), s.title || s.id);
    li.dataset.id = s.id;
    li.title = s.id + ' · ' + s.messageCount + ' messages';
    li.addEventListener('click', () => openSession(s.id));
    ul.appendChild(li);
  }
}

async function openSession(id) {
  const r = await api('/v1/sessions/' + encodeURIComponent(id));
  if (!r.ok) return;
  const s = await r.json();
  state.session = id;
  localStorage.setItem('tern.session', id);
  const conv = $('#conversation');
  conv.replaceChildren();
  let tools = null;
  for (const m of s.messages) {
    if (m.role === 'user') { addMessage('user', m.content.split('\n\n[Runtime Context]')[0]); tools = null; }
    else if (m.role === 'assistant') {
      if (m.content) addMessage('assistant', m.content);
      for (const c of m.tool_calls || []) {
        if (!tools) { tools = el('div', 'tools'); conv.appendChild(tools); }
        tools.appendChild(toolRow(c.function.name, c.function.arguments, null, false));
      }
    }
  }
  scrollDown();
  loadSessions();
}

function newChat() {
  state.session = newSessionId();
  localStorage.setItem('tern.session', state.session);
  $('#conversation').replaceChildren();
  loadSessions();
  $('#message').focus();
}

// --- tool timeline ------------------------------------------------------------------------------
function toolRow(name, args, ms, failed) {
  const row = el('div', 'tool-row' + (ms === null ? '' : '') + (failed ? ' failed' : ''));
  row.appendChild(el('span', 'name', name));
  row.appendChild(el('span', 'args', args || ''));
  row.appendChild(el('span', 'time', ms === null ? '' : ms + ' ms'));
  return row;
}

// --- chat ---------------------------------------------------------------------------------------
async function send(text) {
  if (state.busy || !text.trim()) return;
  state.busy = true;
  $('#send').disabled = true;
  addMessage('user', text);
  const tools = el('div', 'tools');
  $('#conversation').appendChild(tools);
  const answer = addMessage('assistant', '');
  const rows = new Map();
  const started = performance.now();
  const timer = setInterval(() => status('working… ' + ((performance.now() - started) / 1000).toFixed(1) + ' s'), 200);
  try {
    const r = await api('/v1/chat/completions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Tern-Session': state.session },
      body: JSON.stringify({ model: 'tern', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: text }] }),
    });
    if (!r.ok) {
      const e = await r.json().catch(() => ({}));
      throw new Error((e.error && e.error.message) || ('HTTP ' + r.status));
    }
    const reader = r.body.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += decoder.decode(value, { stream: true });
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const event = buf.slice(0, i);
        buf = buf.slice(i + 2);
        for (const line of event.split('\n')) handleLine(line, answer, tools, rows, () => clearInterval(timer));
      }
    }
  } catch (e) {
    if (!answer.textContent) answer.remove();
    addMessage('error', e.message);
  } finally {
    clearInterval(timer);
    if (!tools.children.length) tools.remove();
    state.busy = false;
    $('#send').disabled = false;
    loadSessions();
  }
}

// stopTimer ends the 'working…' ticks: a tick between the run's last status and the end of the stream (a busy
// machine) overwrote the final status, and the page said 'working…' after the answer
function handleLine(line, answer, tools, rows, stopTimer) {
  if (line.startsWith(': tern ')) {
    const n = JSON.parse(line.slice(7));
    if (n.type === 'tool_started') {
      const row = toolRow(n.tool, n.args, null, false);
      row.classList.add('running');
      rows.set(n.id, row);
      tools.appendChild(row);
    } else if (n.type === 'tool_finished') {
      const row = rows.get(n.id) || toolRow(n.tool, '', null, false);
      row.classList.remove('running');
      if (n.error) row.classList.add('failed');
      row.querySelector('.time').textContent = n.ms + ' ms' + (n.source === 'executed' ? '' : ' (' + n.source + ')');
      if (!row.parentNode) tools.appendChild(row);
    } else if (n.type === 'retrying') {
      status('retrying (' + n.reason + ')');
    } else if (n.type === 'run_finished') {
      stopTimer();
      status(n.outcome + ' · ' + n.iterations + ' model call(s), ' + n.toolCalls + ' tool call(s), ' + (n.wallMs / 1000).toFixed(1)
        + ' s, ' + n.inputTokens + ' in / ' + n.outputTokens + ' out' + (n.reason ? ' · ' + n.reason : ''));
    }
    scrollDown();
    return;
  }
  if (!line.startsWith('data: ')) return;
  const data = line.slice(6);
  if (data === '[DONE]') return;
  const chunk = JSON.parse(data);
  if (chunk.error) throw new Error(chunk.error.message);
  const choice = chunk.choices && chunk.choices[0];
  if (choice && choice.delta && choice.delta.content) {
    answer.textContent += choice.delta.content;
    scrollDown();
  }
}

// --- metrics over SSE -----------------------------------------------------------------------------
const pct = (x) => (x * 100).toFixed(0) + ' %';
const ms = (x) => (x ? x.toFixed(0) + ' ms' : '–');

function showMetrics(m) {
  const set = (k, v) => { const d = document.querySelector('#metrics [data-k="' + k + '"]'); if (d) d.textContent = v; };
  set('modelCalls', m.modelCalls);
  set('tokensIn', m.tokens.input);
  set('tokensOut', m.tokens.output);
  set('cacheRead', m.tokens.cacheRead);
  set('cacheWrite', m.tokens.cacheWrite);
  set('promptCacheHitRate', pct(m.promptCacheHitRate));
  set('toolCacheHitRate', pct(m.toolCacheHitRate));
  set('toolCalls', m.toolCalls);
  set('costUsd', '$' + m.costUsd.toFixed(4));
  set('modelLatency', ms(m.modelLatencyMs.p50) + ' / ' + ms(m.modelLatencyMs.p95));
  set('requestLatency', ms(m.requestLatencyMs.p50) + ' / ' + ms(m.requestLatencyMs.p95));
  set('runningTurns', m.runningTurns);
}

async function followMetrics() {
  for (;;) {
    try {
      const r = await api('/v1/events');
      $('#live').classList.add('on');
      const reader = r.body.getReader();
      const decoder = new TextDecoder();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true });
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const event = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = event.split('\n').find((l) => l.startsWith('data: '));
          if (data) showMetrics(JSON.parse(data.slice(6)));
        }
      }
    } catch (e) {
      if (e.message === 'sign in needed') return;
    }
    $('#live').classList.remove('on');
    await new Promise((res) => setTimeout(res, 3000));
  }
}

// --- start ------------------------------------------------------------------------------------
signInFromFragment();
state.session = localStorage.getItem('tern.session') || newSessionId();
localStorage.setItem('tern.session', state.session);
$('#composer').addEventListener('submit', (e) => { e.preventDefault(); const t = $('#message'); const v = t.value; t.value = ''; send(v); });
$('#message').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); $('#composer').requestSubmit(); }
});
$('#new-chat').addEventListener('click', newChat);
$('#signin-form').addEventListener('submit', (e) => {
  e.preventDefault();
  localStorage.setItem('tern.token', $('#token-input').value.trim());
  location.reload();
});
loadSessions().then(() => { if (document.querySelector('.session-item[data-id="' + state.session + '"]')) openSession(state.session); });
followMetrics();
