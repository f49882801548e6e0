// The participants' phone page (docs/participant-protocol.md); the SignalR client (global `signalR`) loads first.
import { texts } from '/participate/texts.js';
import { h, dotVote, rating, ranking, board, results } from '/participate/views.js';

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
// The saved choice, else the first of the phone's languages this page speaks, else English.
// Chinese (texts.zh.js) loads only when chosen: the other phones' join stays within the page's 150 KB.
const speaks = l => texts[l] || l === 'zh';
const loadTexts = async l => { texts[l] ??= (await import(`/participate/texts.${l}.js`))[l]; };
let lang = load('ws.lang') || (navigator.languages || [navigator.language]).map(l => (l || '').slice(0, 2).toLowerCase()).find(speaks) || 'en';
if (!speaks(lang)) lang = 'en';
try { await loadTexts(lang); } catch { lang = 'en'; }
let t = texts[lang];
let session = load('ws.session'); // { token, workshopId, code, lastVersion }
let snapshot = session ? load('ws.snapshot') : null;
if (snapshot && snapshot.workshopId !== session.workshopId) snapshot = null;
let pending = load('ws.pending') || {}; // activityId:round -> latest unacknowledged answer
let accepted = load('ws.accepted') || {}; // activityId:round -> last accepted value
const local = {}; // activityId:round -> what the screen shows
let delphiParts = null, delphiLoading = false; // delphi.js, loaded for the first activity with a consensus rule
const unsent = new Set(); // Delphi rounds: activityId:round changed but not sent yet (taps change, Send sends)
let reasons = load('ws.reasons') || {}; // activityId:round -> { item: reason as typed }
// Boards: the server never sends anyone's votes back, so the phone keeps its own (activityId -> { on, v: accepted, show }).
let votes = load('ws.votes') || {};
for (const s of Object.values(votes)) { s.show = s.v; s.busy = false; }
let mine = null; // { id: activityId, notes, loaded }: this participant's notes on the current board (myNotes)
const fresh = new Set(), drafts = {}; // notes posted here not yet in a snapshot; unsent texts by board and prompt
let boardSave = '', boardCalls = 0;
const inFlight = new Set();
let joined = false, rejoining = false; // joined or rejoined on this connection
let joinWaiters = []; // calls waiting for the next join or rejoin
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
const nextJoin = () => new Promise(resolve => joinWaiters.push(resolve));

function joinedNow() {
  joined = true;
  joinWaiters.splice(0).forEach(resolve => resolve());
}

// The token also lives in the address's fragment, which no request carries, so a reload after cleared storage rejoins.
const keepTokenInAddress = token => history.replaceState(history.state, '', location.pathname + location.search + (token ? `#p=${token}` : ''));

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
  if (rejoining) return;
  rejoining = true;
  const current = session;
  let reply = null;
  try {
    reply = await conn.invoke('rejoin', { token: current.token, lastVersion: snapshot ? snapshot.version : 0 });
  } catch { /* The connection dropped; the next connect rejoins. */ }
  rejoining = false;
  if (!reply || session !== current) return;
  if (!reply.ok) {
    const code = codeOf(reply.error);
    if (code === 'invalidToken') { forget(); $('code').value = current.code || ''; showJoin(errorText(reply.error)); return; }
    if (code !== 'retry') notice(errorText(reply.error));
    setTimeout(() => { if (conn.state === 'Connected' && !joined) rejoin(); }, 2000);
    return;
  }
  const { workshop, mine: own } = reply.value;
  // Rejoined with only the token (from the address): the workshop comes with the reply.
  if (!session.workshopId && workshop) Object.assign(session, { workshopId: workshop.workshopId, code: workshop.code });
  if (workshop) applySnapshot(workshop);
  restore(own);
  render();
  joinedNow();
  Object.keys(pending).forEach(pump);
}

/** The participant's own answers, and votes and notes on the current board, as stored: a phone whose storage was cleared carries on. */
function restore(own) {
  accepted = Object.fromEntries(own.answers.map(a => [`${a.activityId}:${a.round}`, a.dots ?? a.ratings ?? a.ranking]));
  save('ws.accepted', accepted);
  for (const a of own.answers) if (a.reasons) reasons[`${a.activityId}:${a.round}`] ??= a.reasons;
  save('ws.reasons', reasons);
  for (const key of Object.keys(local)) if (!pending[key] && !unsent.has(key)) delete local[key];
  const current = snapshot && snapshot.current;
  if (!current || current.definition.kind !== 'board' || !current.board) return;
  const id = current.definition.id, s = votesOf(current);
  s.v = own.boardVotes[id] || {};
  if (!s.busy) s.show = s.v;
  save('ws.votes', votes);
  mine = { id, notes: own.notes, loaded: true };
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
  pending = {}; accepted = {}; votes = {}; reasons = {}; mine = null;
  save('ws.pending', pending); save('ws.accepted', accepted); save('ws.votes', votes); save('ws.reasons', reasons);
  session = { token: reply.value.token, workshopId: reply.value.workshop.workshopId, code, lastVersion: 0 };
  snapshot = null;
  save('ws.session', session);
  keepTokenInAddress(session.token);
  joinedNow();
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
  session = null; snapshot = null; joined = false; pending = {}; accepted = {}; votes = {}; reasons = {}; mine = null;
  ['ws.session', 'ws.snapshot', 'ws.pending', 'ws.accepted', 'ws.votes', 'ws.reasons'].forEach(k => save(k, null));
  keepTokenInAddress(null);
}

const codeOf = error => error && error.code ? error.code[0].toLowerCase() + error.code.slice(1) : '';

/** This language's sentence for a known error code, else the server's. */
function errorText(error) {
  return t.errors[codeOf(error)] || (error && error.message) || t.network;
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
  if (!(key in local)) local[key] = pending[key] ? pending[key][field(current.definition.kind)] : accepted[key] ?? previousOf(current) ?? empty(current);
  return local[key];
}

// A Delphi round (round 2 on of an activity with a consensus rule, with the group's feedback) asks only its round's items when it names them.
const inDelphiRound = current => !!(current.definition.consensus && current.feedback && current.feedback.length);
const asked = current => current.roundItems ? current.items.filter(i => current.roundItems.includes(i.id)) : current.items;

/** In a Delphi round, one's previous round's answer to the items asked now: the pre-filled selection. */
function previousOf(current) {
  const before = accepted[`${current.definition.id}:${current.round - 1}`], ids = new Set(asked(current).map(i => i.id));
  const only = byItem => Object.fromEntries(Object.entries(byItem).filter(([id]) => ids.has(id)));
  return !inDelphiRound(current) || !before ? null : Array.isArray(before) ? before.filter(id => ids.has(id))
    : Object.fromEntries(Object.entries(before).map(([scale, byItem]) => [scale, only(byItem)]));
}

/** Loads the Delphi rounds' parts and texts once, then shows the activity; a failed load is tried again at the next render. */
function loadDelphi() {
  if (delphiLoading) return;
  delphiLoading = true;
  import('/participate/delphi.js').then(m => {
    delphiParts = m;
    t = textsOf(lang);
    render();
  }, () => { delphiLoading = false; });
}

/** A Delphi round's change (an answer, or a reason typed): shown, kept until Send. */
function change(current, value, item, text) {
  const key = keyOf(current);
  if (item) { (reasons[key] ??= {})[item] = text; save('ws.reasons', reasons); } else { local[key] = value; view && view.update(value); }
  unsent.add(key);
  showSaveState();
}

/** Keeps the whole answer as pending (local storage) first, then sends it; a Delphi round's with the reasons shown. */
function submit(current, value, why) {
  const key = keyOf(current);
  local[key] = value;
  unsent.delete(key);
  pending[key] = { activityId: current.definition.id, round: current.round, clientId: newId(), [field(current.definition.kind)]: value };
  if (why && Object.keys(why).length) pending[key].reasons = why;
  save('ws.pending', pending);
  view && view.update(value);
  showSaveState();
  pump(key);
}

// A call whose outcome is unknown (a `retry` reply, or the connection dropped under it) is sent again, the same message
// with the same clientId: after 0.5, 1, 2, 4, then every 5 s while connected, and at once after a rejoin.
const backoff = attempt => Math.min(500 * 2 ** attempt, 5000);
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** Sends a call until its outcome is known and returns the reply; null once it is no longer wanted (or the session changed). */
async function deliver(method, message, wanted = () => true) {
  const from = session;
  let attempt = 0;
  while (session === from && wanted()) {
    if (!joined || conn.state !== 'Connected') { await nextJoin(); attempt = 0; continue; }
    let reply = null;
    try { reply = await conn.invoke(method, message); } catch { /* The connection dropped: the outcome is unknown. */ }
    const code = reply && !reply.ok ? codeOf(reply.error) : '';
    if (code === 'notAParticipant') { joined = false; rejoin(); continue; }
    if (reply && code !== 'retry') return reply;
    await Promise.race([sleep(backoff(attempt++)), nextJoin()]);
  }
  return null;
}

/** Sends an activity's latest pending answer until it is acknowledged or refused: a newer one never overtakes an older. */
async function pump(key) {
  if (inFlight.has(key)) return;
  inFlight.add(key);
  for (let message; (message = pending[key]);) {
    const reply = await deliver('answer', message, () => pending[key] === message);
    if (reply) settle(key, message, reply);
  }
  inFlight.delete(key);
  showSaveState();
}

/** An answer's outcome: accepted (stored, also as a duplicate), or refused by a rule and shown why. */
function settle(key, message, reply) {
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
}

function showSaveState() {
  const el = $('save');
  const current = snapshot && snapshot.current;
  if (!el) return;
  if (!current || snapshot.status === 'ended') { el.textContent = el.dataset.state = ''; return; }
  const key = keyOf(current);
  const state = current.definition.kind === 'board' ? boardSave : pending[key] ? 'saving'
    : inDelphiRound(current) && (unsent.has(key) || !accepted[key]) ? 'unsent' : accepted[key] ? 'saved' : '';
  el.textContent = state ? t[state] : '';
  el.dataset.state = state;
}

// Boards: a call is sent until its outcome is known (in memory, not kept across a reload); a refusal is shown and the form keeps its text.
async function call(method, args, wanted) {
  boardCalls++;
  boardSave = 'saving'; showSaveState();
  const reply = await deliver(method, args, wanted);
  if (!--boardCalls) boardSave = reply && reply.ok ? 'saved' : '';
  showSaveState();
  if (reply && !reply.ok) notice(t.boardErrors[codeOf(reply.error)] || errorText(reply.error));
  return reply;
}

async function loadMine(id) {
  if (!mine || mine.id !== id) mine = { id, notes: [] };
  mine.loaded = true;
  let reply;
  try { reply = await conn.invoke('myNotes', { activityId: id }); } catch { return; } // Loaded again after the rejoin.
  if (reply.ok && mine.id === id) { mine.notes = reply.value; render(); }
}

/** The votes on the board as they stand; a new vote (another target kind) starts from nothing, as on the server. */
function votesOf(current) {
  const id = current.definition.id, on = current.board.voting;
  if (!votes[id] || votes[id].on !== on) { votes[id] = { on, v: {}, show: {} }; save('ws.votes', votes); }
  return votes[id];
}

/** Sends the whole set of votes, one call at a time; the latest set wins, a refused one falls back to the last accepted. */
async function vote(next) {
  const id = snapshot.current.definition.id, s = votesOf(snapshot.current);
  s.show = next;
  render();
  if (s.busy) return;
  s.busy = true;
  let sent;
  while (s.show !== sent) {
    const asked = sent = s.show;
    const reply = await call('voteBoard', { activityId: id, votes: asked, clientId: newId() }, () => s.show === asked);
    if (!reply) continue; // A newer set replaces this one.
    if (reply.ok) s.v = sent; else if (s.show === sent) s.show = sent = s.v;
    save('ws.votes', votes);
  }
  s.busy = false;
  render();
}

function boardView(current) {
  const activityId = current.definition.id;
  const own = () => (mine && mine.id === activityId ? mine : (mine = { id: activityId, notes: [], loaded: false })).notes;
  const act = (method, args, then) => call(method, { activityId, ...args }).then(r => { if (r && r.ok) { then(r.value); render(); } return !!(r && r.ok); });
  return board({ def: current.definition, items: current.items, t, pick, langOf, drafts: drafts[activityId] ??= {}, act: {
    post: (prompt, text) => act('postNote', { prompt, text, clientId: newId() }, id => { own().push({ id, prompt, text: text.trim() }); fresh.add(id); }),
    edit: (noteId, text) => act('editNote', { noteId, text }, () => { own().forEach(n => { if (n.id === noteId) n.text = text.trim(); }); }),
    remove: noteId => act('deleteNote', { noteId }, () => { mine.notes = own().filter(n => n.id !== noteId); }),
    propose: (noteId, item, kind, text) => act('propose', { kind, item, labels: { [lang]: text.trim() }, noteId, clientId: newId() }, () => {}),
    vote,
  } });
}

/** What the board view shows: the snapshot, one's own notes, and one's votes on targets still on the board. */
function boardData(current) {
  const b = current.board, s = votesOf(current);
  const ids = new Set((b.voting === 'clusters' ? b.clusters : b.notes).map(x => x.id));
  for (const n of b.notes) fresh.delete(n.id);
  return { current, fresh, mine: mine && mine.id === current.definition.id ? mine.notes : [],
    votes: Object.fromEntries(Object.entries(s.show).filter(([k]) => ids.has(k))) };
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

/** A small note when the items are shown in a translation no model owner has reviewed yet (the framework's status, issue 13); none otherwise. */
const unreviewedNote = (s, current) => s.translations && s.translations[lang] === 'machine' && current.items.some(i => i.labels && i.labels[lang])
  ? [h('p', { class: 'translation-note', text: t.unreviewedTranslation })] : [];

const pick = labels => (labels && (labels[lang] || Object.values(labels).find(Boolean))) || '';
/** The language of what pick shows when it is not the page's (the framework's fallback), else null. */
const langOf = labels => (labels && !labels[lang] && Object.keys(labels).find(k => labels[k])) || null;

function render() {
  if (!session) { showJoin(); return; }
  $('join-screen').hidden = true;
  $('live-screen').hidden = false;
  const s = snapshot;
  $('title').textContent = s ? s.title : '';
  const current = s && s.current;
  const answering = s && s.status !== 'ended' && current && current.status === 'open' && !current.locked;
  // An activity with a consensus rule waits for delphi.js (the page shows "loading" meanwhile).
  const waits = answering && current.definition.consensus && !delphiParts;
  if (waits) loadDelphi();
  const open = answering && !waits;
  // A board stays on screen while locked or closed (read only), with the notes and results it may show.
  const onBoard = s && s.status !== 'ended' && current && current.definition.kind === 'board' && current.board && current.status !== 'pending';
  const screen = !s || waits ? 'loading' : s.status === 'ended' ? 'ended' : onBoard ? 'board' : open ? current.definition.kind
    : current && current.results ? 'results' : 'waiting';
  document.body.dataset.screen = screen;

  // A Delphi round's view is rebuilt when the previous answer it shows arrives (a rejoin after lost storage).
  const shape = [screen, lang, current && keyOf(current), !onBoard && current && current.status, !onBoard && current && current.locked,
    open && inDelphiRound(current) && JSON.stringify(previousOf(current))].join('|');
  const activity = $('activity');
  if (shape !== viewShape) {
    viewShape = shape;
    view = null;
    activity.replaceChildren();
    if (onBoard) {
      view = boardView(current);
      activity.append(h('h2', { text: pick(current.definition.title) }), view.el);
      view.update(boardData(current));
    } else if (open) {
      const make = { dotVote, rating, ranking }[current.definition.kind];
      if (make) {
        const rounds = inDelphiRound(current) && {
          feedback: current.feedback, previous: previousOf(current), reasons: reasons[keyOf(current)] || {},
          set: v => change(current, v), send: why => submit(current, valueOf(current), why), reason: (item, text) => change(current, null, item, text) };
        view = make({ def: current.definition, items: asked(current), t, pick, langOf, num: new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }),
          get: () => valueOf(current), set: v => submit(current, v), delphi: current.definition.consensus && delphiParts, ...rounds });
        activity.append(h('h2', { text: pick(current.definition.title) }), ...unreviewedNote(s, current), view.el);
        view.update(valueOf(current));
      }
    } else if (screen !== 'results') {
      const message = screen === 'loading' ? t.loading : s.status === 'ended' ? t.ended
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
    // Screen readers hear each new activity (or the waiting message) once, not the whole list it brings.
    const heading = activity.querySelector('h2, .lead');
    $('announce').textContent = !heading ? '' : screen === 'results' ? `${t.results}: ${heading.textContent}` : heading.textContent;
  } else if (view && onBoard) {
    view.update(boardData(current));
  } else if (view && open) {
    view.update(valueOf(current));
  }
  if (onBoard && joined && conn.state === 'Connected' && !(mine && mine.id === current.definition.id && mine.loaded)) loadMine(current.definition.id);

  const res = current && current.results;
  $('results').replaceChildren(res && (res.kind !== 'board' || (res.board && res.board.targets.length))
    ? results({ def: current.definition, items: current.items, board: current.board, t, pick, langOf, fmt: new Intl.NumberFormat(lang, { maximumFractionDigits: 1, minimumFractionDigits: 1 }) }, res)
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
/** This language's texts, with the Delphi rounds' once loaded. */
const textsOf = l => ({ ...texts[l], ...(delphiParts && delphiParts.texts[l]) });

async function setLanguage(next) {
  try { await loadTexts(next); } catch { return; } // Offline: the page stays in its language.
  lang = next; t = textsOf(lang);
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
const addressToken = new URLSearchParams(location.hash.slice(1)).get('p');
if (addressToken && addressToken !== (session && session.token)) {
  // This address's pass wins over what storage kept (cleared, or another workshop's): rejoin with it.
  forget();
  session = { token: addressToken, workshopId: null, code: code.slice(0, 6), lastVersion: 0 };
  save('ws.session', session);
} else if (session && code && code !== session.code) {
  // A QR code of another workshop: offer to join it (joining replaces the kept session).
  session = null; snapshot = null;
}
if (session) { keepTokenInAddress(session.token); render(); }
else {
  showJoin();
  if (!code) $('code').focus(); // With the code from the QR link, no keyboard hides the Join button.
}
connect();
