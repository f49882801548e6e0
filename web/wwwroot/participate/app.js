// The participants' phone page (docs/participant-protocol.md); the SignalR client (global `signalR`) loads first.
import { texts } from '/participate/texts.js';
import { h, dotVote, rating, ranking, results } from '/participate/views.js';

const $ = id => document.getElementById(id);
const CODE_ALPHABET = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/;

// Storage: without local storage (private mode, full) the page keeps going in memory
const memory = {};
const load = key => { try { return JSON.parse(localStorage.getItem(key)) ?? memory[key] ?? null; } catch { return memory[key] ?? null; } };
const save = (key, value) => {
  memory[key] = value;
  try { if (value == null) localStorage.removeItem(key); else localStorage.setItem(key, JSON.stringify(value)); } catch { /* memory only */ }
};

/** A v4 UUID; crypto.randomUUID needs a secure context (not http://192.168.x.x). */
function newId() {
  if (crypto.randomUUID && isSecureContext) return crypto.randomUUID();
  const b = new Uint8Array(16);
  if (crypto.getRandomValues) crypto.getRandomValues(b); else for (let i = 0; i < 16; i++) b[i] = Math.random() * 256;
  b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
  const x = [...b].map(v => v.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export const normalizeCode = value => (value || '').toUpperCase().replace(/[\s\-\u2010-\u2014]/g, '');

// State
let lang = load('ws.lang') || ((navigator.languages || [navigator.language]).some(l => /^sl\b/i.test(l || '')) ? 'sl' : 'en');
if (!texts[lang]) lang = 'en';
let t = texts[lang];
let session = load('ws.session'); // { token, workshopId, code, lastVersion }
let snapshot = session ? load('ws.snapshot') : null;
if (snapshot && snapshot.workshopId !== session.workshopId) snapshot = null;
let pending = load('ws.pending') || {}; // activityId:round -> latest unacknowledged answer
let accepted = load('ws.accepted') || {}; // activityId:round -> last accepted value
const local = {}; // activityId:round -> what the screen shows
const inFlight = new Set();
let joined = false; // joined or rejoined on this connection
let connection = 'connecting';
let view = null, viewShape = '', timerHandle = 0;
const urlCode = (/^\/j\/([^/?#]+)/.exec(location.pathname) || [])[1];

// Connection
const conn = new signalR.HubConnectionBuilder()
  .withUrl('/hubs/workshop')
  .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000, 30000])
  .configureLogging(signalR.LogLevel.None)
  .build();
let retryTimer = 0, waiters = [];

conn.on('snapshot', applySnapshot);
conn.onreconnecting(() => { joined = false; setConnection('reconnecting'); });
conn.onreconnected(() => connected());
conn.onclose(() => { joined = false; setConnection('offline'); retryLater(); });

async function connect() {
  clearTimeout(retryTimer);
  if (conn.state !== 'Disconnected') return;
  try {
    await conn.start();
  } catch {
    setConnection('offline');
    retryLater();
    return;
  }
  connected();
}

function retryLater() {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(connect, 5000);
}

function connected() {
  setConnection('connected');
  waiters.splice(0).forEach(resolve => resolve());
  if (session) rejoin();
}

const whenConnected = () => conn.state === 'Connected' ? Promise.resolve() : new Promise(resolve => waiters.push(resolve));

// Phones suspend pages and lose networks: retry at once when back.
addEventListener('online', () => { if (conn.state === 'Disconnected') connect(); });
document.addEventListener('visibilitychange', () => { if (!document.hidden && conn.state === 'Disconnected') connect(); });

function setConnection(state) {
  connection = state;
  document.body.dataset.connection = state;
  $('conn-text').textContent = t[state];
  showSaveState();
}

// Join and rejoin
async function rejoin() {
  const current = session;
  let reply;
  try {
    reply = await conn.invoke('rejoin', { token: current.token, lastVersion: snapshot ? snapshot.version : 0 });
  } catch {
    return; // The connection dropped; the next connect rejoins.
  }
  if (session !== current) return;
  if (!reply.ok) {
    if (reply.error.code === 'InvalidToken') { forget(); $('code').value = current.code || ''; showJoin(errorText(reply.error)); }
    else { notice(errorText(reply.error)); setTimeout(() => { if (conn.state === 'Connected' && !joined) rejoin(); }, 5000); }
    return;
  }
  joined = true;
  if (reply.value) applySnapshot(reply.value);
  else render();
  Object.keys(pending).forEach(pump);
}

async function join(event) {
  event.preventDefault();
  const code = normalizeCode($('code').value);
  const error = $('join-error');
  error.hidden = true;
  if (!CODE_ALPHABET.test(code)) { showJoinError(t.codeBad); $('code').focus(); return; }
  const button = $('join-button');
  button.disabled = true;
  button.textContent = conn.state === 'Connected' ? t.joining : t.waitConnection;
  let reply;
  try {
    await whenConnected();
    button.textContent = t.joining;
    const segments = segmentValues();
    reply = await conn.invoke('join', { code, name: $('name').value.trim() || null, language: lang, segments: Object.keys(segments).length ? segments : null });
  } catch {
    reply = { ok: false, error: { code: 'Network', message: t.network } };
  }
  button.disabled = false;
  button.textContent = t.join;
  if (!reply.ok) { showJoinError(errorText(reply.error)); return; }
  // A new workshop: what was kept for an earlier one no longer applies.
  pending = {}; accepted = {};
  save('ws.pending', pending); save('ws.accepted', accepted);
  session = { token: reply.value.token, workshopId: reply.value.workshop.workshopId, code, lastVersion: 0 };
  snapshot = null;
  save('ws.session', session);
  joined = true;
  applySnapshot(reply.value.workshop);
  $('title').focus();
}

// Before joining: title and optional segment questions (GET /api/join/{code})
let info = null, lookedUp = '';
async function lookUp(code) {
  if (code === lookedUp) return;
  lookedUp = code; info = null;
  $('join-error').hidden = true;
  showInfo();
  if (!CODE_ALPHABET.test(code)) return;
  try {
    const res = await fetch(`/api/join/${code}`);
    if (lookedUp !== code) return;
    if (res.status === 404) showJoinError(errorText({ code: 'unknownCode', message: (await res.json()).detail }));
    else if (res.ok) { info = await res.json(); showInfo(); }
  } catch { /* Offline: joining will say so. */ }
}

function showInfo() {
  const kept = segmentValues();
  $('found').hidden = !info;
  $('found').textContent = info ? `✓ ${info.title}` : '';
  $('segments').replaceChildren(...(info ? info.segmentQuestions : []).flatMap((q, i) => {
    const field = q.options && q.options.length
      ? h('select', { id: `seg${i}` }, h('option', { value: '' }, '—'), q.options.map(o => h('option', { value: o }, o)))
      : h('input', { id: `seg${i}`, maxlength: 80 });
    field.dataset.key = q.key;
    field.value = kept[q.key] || '';
    return [h('label', { for: `seg${i}`, text: (pick(q.labels) || q.key) + t.optional }), field];
  }));
}

const segmentValues = () => Object.fromEntries([...$('segments').querySelectorAll('[data-key]')]
  .filter(f => f.value.trim()).map(f => [f.dataset.key, f.value.trim()]));

function showJoinError(message) {
  const error = $('join-error');
  error.textContent = message;
  error.hidden = false;
}

function forget() {
  session = null; snapshot = null; joined = false; pending = {}; accepted = {};
  ['ws.session', 'ws.snapshot', 'ws.pending', 'ws.accepted'].forEach(k => save(k, null));
}

/** This language's sentence for a known error code, else the server's. */
function errorText(error) {
  const code = error && error.code ? error.code[0].toLowerCase() + error.code.slice(1) : '';
  return t.errors[code] || (error && error.message) || t.network;
}

// Snapshots
function applySnapshot(next) {
  if (!next || !session || next.workshopId !== session.workshopId) return;
  if (snapshot && next.version < snapshot.version) return;
  snapshot = next;
  session.lastVersion = next.version;
  save('ws.session', session);
  save('ws.snapshot', next);
  render();
}

// Answers
const keyOf = current => `${current.definition.id}:${current.round}`;
const field = kind => ({ dotVote: 'dots', rating: 'ratings', ranking: 'ranking' })[kind];
const empty = current => current.definition.kind === 'dotVote' ? {} : current.definition.kind === 'ranking' ? []
  : Object.fromEntries((current.definition.scales || []).map(s => [s.key, {}]));

function valueOf(current) {
  const key = keyOf(current);
  if (!(key in local)) local[key] = pending[key] ? pending[key][field(current.definition.kind)] : accepted[key] ?? empty(current);
  return local[key];
}

/** Keeps the whole answer as pending (local storage) first, then sends it. */
function submit(current, value) {
  const key = keyOf(current);
  local[key] = value;
  pending[key] = { activityId: current.definition.id, round: current.round, clientId: newId(), [field(current.definition.kind)]: value };
  save('ws.pending', pending);
  view && view.update(value);
  showSaveState();
  pump(key);
}

/** Sends an activity's latest pending answer, one at a time: a newer one never overtakes an older. */
async function pump(key) {
  const message = pending[key];
  if (!message || inFlight.has(key) || !joined || conn.state !== 'Connected') return;
  inFlight.add(key);
  let reply;
  try {
    reply = await conn.invoke('answer', message);
  } catch {
    inFlight.delete(key); // Still pending: sent again after the reconnect.
    showSaveState();
    return;
  }
  inFlight.delete(key);
  if (!reply.ok && reply.error.code === 'NotAParticipant') { joined = false; if (session) rejoin(); return; }
  const ok = reply.ok && reply.value.accepted;
  const value = message.dots ?? message.ratings ?? message.ranking;
  if (ok) { accepted[key] = value; save('ws.accepted', accepted); }
  const latest = pending[key] && pending[key].clientId === message.clientId;
  if (latest) { delete pending[key]; save('ws.pending', pending); }
  if (!ok && latest) {
    // Refused (nothing changed): say why, show the last accepted answer again.
    const current = snapshot && snapshot.current;
    const here = current && keyOf(current) === key;
    notice((here ? '' : t.earlier) + errorText(reply.ok ? { code: reply.value.error, message: reply.value.message } : reply.error));
    delete local[key];
    if (view && here) view.update(valueOf(current));
  }
  showSaveState();
  if (pending[key]) pump(key);
}

function showSaveState() {
  const el = $('save');
  const current = snapshot && snapshot.current;
  if (!el) return;
  if (!current || snapshot.status === 'ended') { el.textContent = el.dataset.state = ''; return; }
  const key = keyOf(current);
  const state = pending[key] ? (connection === 'connected' ? 'sending' : 'unsent') : accepted[key] ? 'saved' : '';
  el.textContent = state ? t[state] : '';
  el.dataset.state = state;
}

// Notice
function notice(message) {
  $('notice-text').textContent = message;
  $('notice').hidden = false;
}

// Screens
function showJoin(message) {
  document.body.dataset.screen = 'join';
  $('join-screen').hidden = false;
  $('live-screen').hidden = true;
  clearInterval(timerHandle);
  view = null; viewShape = '';
  if (message) showJoinError(message);
}

const pick = labels => (labels && (labels[lang] || Object.values(labels).find(Boolean))) || '';

function render() {
  if (!session) { showJoin(); return; }
  $('join-screen').hidden = true;
  $('live-screen').hidden = false;
  const s = snapshot;
  $('title').textContent = s ? s.title : '';
  const current = s && s.current;
  const open = s && s.status !== 'ended' && current && current.status === 'open' && !current.locked;
  const screen = !s ? 'loading' : s.status === 'ended' ? 'ended' : open ? current.definition.kind
    : current && current.results ? 'results' : 'waiting';
  document.body.dataset.screen = screen;

  const shape = [screen, lang, current && keyOf(current), current && current.status, current && current.locked].join('|');
  const activity = $('activity');
  if (shape !== viewShape) {
    viewShape = shape;
    view = null;
    activity.replaceChildren();
    if (open) {
      const make = { dotVote, rating, ranking }[current.definition.kind];
      if (make) {
        view = make({ def: current.definition, items: current.items, t, pick, get: () => valueOf(current), set: v => submit(current, v) });
        activity.append(h('h2', { text: pick(current.definition.title) }), view.el);
        view.update(valueOf(current));
      }
    } else if (screen !== 'results') {
      const message = !s ? t.loading : s.status === 'ended' ? t.ended
        : current && current.locked && current.status === 'open' ? t.locked
        : current && current.status === 'closed' ? t.closed : '';
      activity.append(h('div', { class: 'calm' },
        h('span', { class: screen === 'ended' ? 'mark done' : 'mark', 'aria-hidden': 'true' }),
        message ? h('p', { class: 'lead', text: message }) : null,
        screen === 'waiting' ? h('p', { class: 'lead', text: t.waiting }) : null,
        screen === 'waiting' ? h('p', { class: 'hint', text: t.waitingSub }) : null));
    } else if (current) {
      activity.append(h('h2', { text: pick(current.definition.title) }));
    }
  } else if (view && open) {
    view.update(valueOf(current));
  }

  const res = current && current.results;
  $('results').replaceChildren(res
    ? results({ def: current.definition, items: current.items, t, pick, fmt: new Intl.NumberFormat(lang, { maximumFractionDigits: 1, minimumFractionDigits: 1 }) }, res)
    : '');
  $('leave').hidden = !s;
  showTimer(open ? current.timerEndsAt : null);
  showSaveState();
}

function showTimer(endsAt) {
  const el = $('timer');
  clearInterval(timerHandle);
  if (!endsAt) { el.hidden = true; return; }
  const end = Date.parse(endsAt);
  const tick = () => {
    const left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
    el.replaceChildren(h('span', { class: 'hint', text: left ? t.timeLeft : t.timeUp }), ' ',
      h('strong', { text: `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}` }));
    el.classList.toggle('over', !left);
    if (!left) clearInterval(timerHandle);
  };
  el.hidden = false;
  tick();
  timerHandle = setInterval(tick, 1000);
}

// Language
function setLanguage(next) {
  lang = next; t = texts[lang];
  save('ws.lang', lang);
  document.documentElement.lang = lang;
  document.title = t.pageTitle;
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t[el.dataset.t];
  for (const b of document.querySelectorAll('[data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  $('langs').setAttribute('aria-label', t.language);
  $('conn-text').textContent = t[connection];
  $('join-error').hidden = true;
  showInfo();
  viewShape = '';
  if (session) render();
}

// Start
for (const b of document.querySelectorAll('[data-lang]')) b.addEventListener('click', () => setLanguage(b.dataset.lang));
$('join-form').addEventListener('submit', join);
$('code').addEventListener('input', e => {
  const kept = normalizeCode(e.target.value).slice(0, 6);
  if (kept !== e.target.value) e.target.value = kept;
  lookUp(kept);
});
$('notice-close').addEventListener('click', () => { $('notice').hidden = true; });
$('leave').addEventListener('click', () => {
  if (!confirm(t.leaveConfirm)) return;
  forget();
  if (conn.state === 'Connected') conn.stop().then(connect);
  showJoin();
});

setLanguage(lang);
let code = '';
try { code = normalizeCode(decodeURIComponent(urlCode || '')); } catch { /* not a code */ }
if (code) { $('code').value = code.slice(0, 6); lookUp(code.slice(0, 6)); }
// A QR code of another workshop: offer to join it (joining replaces the kept session).
if (session && code && code !== session.code) { session = null; snapshot = null; }
if (session) render();
else {
  showJoin();
  if (!code) $('code').focus(); // With the code from the QR link, no keyboard hides the Join button.
}
connect();
