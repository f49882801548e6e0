// Activities and results as DOM; data always as text, never HTML. A view { el, update(value) } is built once
// per activity and round, then updated in place, so focus and scroll stay put.

/** Creates an element; props: class, text, on<event>, other attributes; children: nodes or strings (as text). */
export function h(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c != null && c !== false) e.append(c);
  return e;
}

/** Lines above (the consensus rule's), a hint, a strip that sticks under the connection bar, the items. */
const frame = (hint, strip, list, above) => ({ el: h('div', {}, above, h('p', { class: 'hint', text: hint }), h('div', { class: 'sticky' }, strip), list) });

/** An item's code and label; a label in another language than the page's says so (lang), for its font and screen readers. */
function itemLabel(item, c) {
  return h('p', { class: 'label', lang: c.langOf(item.labels) }, item.code ? h('span', { class: 'code', text: item.code }) : null, c.pick(item.labels));
}

/** Dots, a count and −/+ for one item (or note, cluster); set(n, left, off) shows n of cap. */
function stepper(cap, labels, change) {
  const dots = h('span', { class: 'dots', 'aria-hidden': 'true' }), count = h('output', { class: 'count' });
  for (let i = 0; i < Math.min(cap, 10); i++) dots.append(h('i'));
  const [minus, plus] = ['−', '+'].map((x, i) => h('button', { type: 'button', class: 'step', 'aria-label': labels[i], onclick: () => change(i ? 1 : -1) }, x));
  return { el: h('div', { class: 'dotrow row' }, dots, count, minus, plus), count, set: (n, left, off) => {
    count.textContent = n;
    [...dots.children].forEach((d, i) => d.classList.toggle('on', i < n));
    minus.disabled = off || n <= 0;
    plus.disabled = off || n >= cap || left <= 0;
  } };
}

/** Dot vote: dotBudget dots, at most maxDotsPerItem per item; answer: { item: dots }. */
export function dotVote(c) {
  const { def, t } = c;
  const budget = def.dotBudget, cap = def.maxDotsPerItem;
  const left = h('span', { class: 'big' });
  const strip = h('p', { class: 'tally', 'aria-live': 'polite' }, left);
  const rows = [];
  const used = v => Object.values(v).reduce((a, b) => a + b, 0);
  const change = (id, delta) => {
    const v = { ...c.get() };
    const n = (v[id] || 0) + delta;
    if (n < 0 || n > cap || used(v) + delta > budget) return;
    if (n) v[id] = n; else delete v[id];
    c.set(v);
  };
  const list = h('ul', { class: 'items' }, c.items.map(item => {
    const text = c.pick(item.labels);
    const s = stepper(cap, [`${t.removeDot}: ${text}`, `${t.addDot}: ${text}`], d => change(item.id, d));
    const li = h('li', { class: 'card' }, itemLabel(item, c), s.el);
    rows.push({ id: item.id, li, s });
    return li;
  }));
  const update = v => {
    const rest = budget - used(v);
    left.textContent = t.dotsLeft(rest, budget);
    strip.dataset.left = rest;
    for (const r of rows) {
      const n = v[r.id] || 0;
      r.s.set(n, rest, false);
      r.li.classList.toggle('chosen', n > 0);
    }
  };
  return { ...frame(t.perItem(cap), strip, list), update };
}

/** Rating: one or two scales per item as segmented buttons; answer: { scale: { item: value } }.
 * With a consensus rule, c.delphi (delphi.js) adds the rule, and in a Delphi round the group's previous round and reasons. */
export function rating(c) {
  const { def, t } = c;
  const scales = def.scales || [];
  const count = h('span', { class: 'big' });
  const buttons = [], d = c.delphi && c.delphi.rating(c, scales);
  const set = (key, id, value) => {
    const v = {};
    for (const s of scales) v[s.key] = { ...(c.get()[s.key] || {}) };
    v[key][id] = value;
    c.set(v);
  };
  const list = h('ul', { class: 'items' }, c.items.map(item => {
    const text = c.pick(item.labels);
    const card = h('li', { class: 'card' }, itemLabel(item, c), scales.map(s => {
      const seg = h('div', { class: 'seg' });
      for (let value = s.min; value <= s.max; value++) {
        const b = h('button', { type: 'button', 'aria-pressed': 'false', onclick: () => set(s.key, item.id, value) }, String(value));
        buttons.push({ b, key: s.key, id: item.id, value });
        seg.append(b);
      }
      const legend = h('legend', { text: c.pick(s.labels) });
      return (d && d.scale(item.id, s, legend, seg)) || h('fieldset', { class: 'scale' }, legend, seg);
    }));
    if (d) d.reason(item, card);
    return card;
  }));
  const hints = [...new Set(scales.map(s => t.scaleHint(s.min, s.max)))].join(' · ');
  const update = v => {
    for (const x of buttons) x.b.setAttribute('aria-pressed', String((v[x.key] || {})[x.id] === x.value));
    const done = c.items.filter(item => scales.every(s => (v[s.key] || {})[item.id] != null)).length;
    count.textContent = t.rated(done, c.items.length);
    if (d) d.update(v);
  };
  const tally = h('p', { class: 'tally', 'aria-live': 'polite' }, count);
  const [strip, above] = d ? d.frame(tally) : [tally];
  return { ...frame(hints, strip, list, above), update };
}

/** Ranking: tap in order up to rankTop, tap again to remove; answer: item ids, best first. */
export function ranking(c) {
  const { def, t } = c;
  const top = def.rankTop;
  const count = h('span', { class: 'big' });
  const full = h('p', { class: 'hint warn', 'aria-live': 'polite' });
  const rows = [], d = c.delphi && c.delphi.ranking(c);
  const tap = id => {
    const v = [...c.get()];
    const at = v.indexOf(id);
    if (at >= 0) v.splice(at, 1);
    else if (v.length >= top) { full.textContent = t.rankFull(top); return; }
    else v.push(id);
    full.textContent = '';
    c.set(v);
  };
  const list = h('ul', { class: 'items' }, c.items.map(item => {
    const badge = h('span', { class: 'badge row' });
    const b = h('button', { type: 'button', class: 'rank row', 'aria-pressed': 'false', onclick: () => tap(item.id) },
      badge, h('span', {}, itemLabel(item, c), d && d.place(item.id)));
    rows.push({ id: item.id, b, badge });
    return h('li', {}, b);
  }));
  const update = v => {
    for (const r of rows) {
      const at = v.indexOf(r.id);
      r.b.setAttribute('aria-pressed', String(at >= 0));
      r.badge.textContent = '';
      if (at >= 0) r.badge.append(h('span', { class: 'sr', text: `${t.place} ` }), String(at + 1));
    }
    count.textContent = t.ranked(v.length, top);
    if (v.length < top) full.textContent = '';
  };
  const tally = h('p', { class: 'tally', 'aria-live': 'polite' }, count);
  const [strip, above] = d ? d.frame(tally) : [tally];
  return { ...frame(t.rankHint, [strip, full], list, above), update };
}

/** Board: a section per prompt (write; own notes while private; once visible, everyone's by cluster), votes on notes
 * or clusters. Elements are kept while their note is unchanged, so open forms and focus survive snapshots. */
export function board(c) {
  const { def, t } = c;
  const budget = def.dotBudget, cap = def.maxDotsPerItem, max = 280;
  const cache = new Map(), ctls = new Map();
  let d = null, used = new Set(), frozen = false;
  const drafts = c.drafts;
  const keep = (key, sig, make) => {
    let e = cache.get(key);
    if (!e || e.sig !== sig) cache.set(key, e = { sig, el: make() });
    used.add(key);
    return e.el;
  };
  const fill = (box, nodes) => {
    nodes = nodes.filter(Boolean);
    if (nodes.length !== box.children.length || nodes.some((n, i) => box.children[i] !== n)) box.replaceChildren(...nodes);
  };
  const area = (label, rows, act) => h('textarea', { maxlength: max, rows, 'aria-label': label, placeholder: label, 'data-act': act });
  /** Runs a call once at a time; the form stays as it is when refused (the app shows why). */
  const once = fn => { let busy = false; return async e => { e.preventDefault(); if (busy) return; busy = true; try { await fn(); } finally { busy = false; } }; };

  const change = (id, delta) => {
    const v = { ...d.votes };
    const n = (v[id] || 0) + delta;
    if (frozen || n < 0 || n > cap || (delta > 0 && spent(v) >= budget)) return;
    if (n) v[id] = n; else delete v[id];
    c.act.vote(v);
  };
  const spent = v => Object.values(v).reduce((a, b) => a + b, 0);
  const voteRow = (id, label) => {
    const s = stepper(cap, [`${t.removeVote}: ${label}`, `${t.addVote}: ${label}`], x => change(id, x));
    ctls.set(id, s);
    return s.el;
  };

  function proposeForm(noteId, item, about) {
    const kind = h('select', { 'aria-label': t.proposeKind, 'data-act': 'lock' },
      h('option', { value: 'newCompetency', text: t.kindNew }), h('option', { value: 'rewording', text: t.kindReword }));
    const text = area(t.proposeText, 2, 'lock');
    const form = h('form', { onsubmit: once(async () => {
      if (text.value.trim() && await c.act.propose(noteId, item, kind.value, text.value)) form.replaceWith(h('p', { class: 'ok', role: 'status', text: t.proposed }));
    }) }, about ? h('p', { class: 'hint', text: t.about(about) }) : null, kind, text, h('button', { type: 'submit', class: 'go', 'data-act': 'lock', text: t.send }));
    return h('details', { class: 'propose' }, h('summary', { text: t.propose }), form);
  }

  /** A note; own private ones can be edited and deleted while the board is open. */
  function note(n, o) {
    const body = h('p', { class: 'note-text', text: n.text });
    const li = h('li', { class: o.mine ? 'note mine' : 'note' }, body);
    if (o.mine && !o.priv) li.append(h('p', { class: 'tag', text: t.yours }));
    if (o.priv) li.append(h('p', { class: 'hint', text: t.privateNote }));
    if (o.priv && o.open) {
      const acts = h('div', { class: 'acts row' },
        h('button', { type: 'button', class: 'plain', 'data-act': '', text: t.edit, onclick: () => {
          const text = area(t.edit, 3, '');
          text.value = n.text;
          const form = h('form', { onsubmit: once(async () => { if (text.value.trim()) await c.act.edit(n.id, text.value); }) }, text,
            h('div', { class: 'acts row' }, h('button', { type: 'button', class: 'plain', text: t.cancel, onclick: () => { form.replaceWith(body); acts.hidden = false; } }),
              h('button', { type: 'submit', class: 'go', 'data-act': '', text: t.save })));
          body.replaceWith(form);
          acts.hidden = true;
          text.focus();
        } }),
        h('button', { type: 'button', class: 'plain', 'data-act': '', text: t.del, onclick: () => { if (!frozen && confirm(t.deleteConfirm)) c.act.remove(n.id); } }));
      li.append(acts);
    }
    if (o.vote) li.append(voteRow(n.id, n.text));
    if (o.item) li.append(proposeForm(n.id, o.item, o.about));
    return li;
  }

  const intro = h('p', { class: 'hint' });
  const paused = h('p', { class: 'paused', role: 'status', text: t.boardPaused });
  const closed = h('p', { class: 'paused', role: 'status', text: t.boardClosed });
  const left = h('span', { class: 'big' });
  const strip = h('div', { class: 'sticky' }, h('p', { class: 'tally', 'aria-live': 'polite' }, left), h('p', { class: 'hint', text: t.votesPer(cap) }));
  const voteList = h('ul', { class: 'items' });
  const voteBox = h('section', {}, h('h3', { text: t.voteClusters }), voteList);
  const sections = (def.prompts || []).map((p, i) => {
    const text = area(t.writeNote, 3);
    text.setAttribute('aria-labelledby', `prompt${i}`);
    text.value = drafts[p.key] || '';
    const count = h('span', { class: 'hint' });
    const post = h('button', { type: 'submit', class: 'go', text: t.post });
    let busy = false;
    const sync = () => {
      count.textContent = `${text.value.length}/${max}`;
      text.disabled = frozen;
      post.disabled = frozen || busy || !text.value.trim();
    };
    text.addEventListener('input', () => { drafts[p.key] = text.value; sync(); });
    const form = h('form', { class: 'compose', onsubmit: async e => {
      e.preventDefault();
      if (post.disabled) return;
      busy = true; sync();
      if (await c.act.post(p.key, text.value)) text.value = drafts[p.key] = '';
      busy = false; sync();
    } }, text, h('div', { class: 'acts row spread' }, count, post));
    const own = h('ul', { class: 'items' }), wall = h('div', {});
    return { p, form, own, wall, sync, el: h('section', { class: 'prompt' }, h('h3', { id: `prompt${i}`, text: c.pick(p.labels) || p.key }), form, own, wall) };
  });
  const el = h('div', { class: 'board' }, intro, paused, closed, strip, voteBox, sections.map(s => s.el));

  const update = x => {
    d = x;
    const cur = x.current, b = cur.board, open = cur.status === 'open';
    const visible = def.notesVisibleAtOnce || cur.revealed;
    const voting = open && b.votingOpen ? b.voting : 'none';
    const clusters = new Map(b.clusters.map(k => [k.id, k]));
    const ownIds = new Set(x.mine.map(n => n.id));
    frozen = cur.locked || !open;
    used = new Set();
    intro.textContent = visible ? t.boardVisible : t.boardPrivate;
    paused.hidden = !open || !cur.locked;
    closed.hidden = open;
    strip.hidden = voting === 'none';
    voteBox.hidden = voting !== 'clusters';
    fill(voteList, voting !== 'clusters' ? [] : b.clusters.map(k => {
      const n = b.notes.filter(m => m.cluster === k.id).length;
      return keep(`k${k.id}`, `${k.name}|${n}`, () => h('li', { class: 'card' }, h('p', { class: 'label', text: k.name }), h('p', { class: 'hint', text: t.notes(n) }), voteRow(k.id, k.name)));
    }));
    const itemName = (id, k) => { const i = c.items.find(i => i.id === id); return i ? `${i.code || ''} ${c.pick(i.labels)}`.trim() : k ? k.name : ''; };
    const noteEl = (n, priv) => {
      const k = clusters.get(n.cluster), item = n.linkedItem || (k && k.linkedItem);
      const o = { mine: priv || ownIds.has(n.id), priv, open, vote: voting === 'notes' && !priv, item, about: item && itemName(item, k) };
      return keep(`n${n.id}${priv ? 'p' : ''}`, JSON.stringify([n.text, o]), () => note(n, o));
    };
    // Until the next snapshot brings them, one's own just-posted notes show from the reply.
    const notes = !visible ? [] : b.notes.concat(x.mine.filter(n => x.fresh.has(n.id) && !b.notes.some(m => m.id === n.id)));
    for (const s of sections) {
      s.form.hidden = !open;
      s.sync();
      fill(s.own, visible ? [] : x.mine.filter(n => n.prompt === s.p.key).map(n => noteEl(n, true)));
      const here = notes.filter(n => n.prompt === s.p.key);
      const groups = [...b.clusters.map(k => [k, here.filter(n => n.cluster === k.id)]), [null, here.filter(n => !clusters.has(n.cluster))]];
      fill(s.wall, !visible ? [] : here.length ? groups.filter(g => g[1].length).map(([k, ns]) => {
        const g = keep(`g${s.p.key}|${k ? k.id : ''}`, k ? k.name : '', () => h('div', { class: k ? 'cluster' : '' }, k ? h('h4', { text: k.name }) : null, h('ul', { class: 'items' })));
        fill(g.lastChild, ns.map(n => noteEl(n, false)));
        return g;
      }) : [keep(`e${s.p.key}`, '', () => h('p', { class: 'hint', text: t.noNotes }))]);
    }
    for (const k of [...cache.keys()]) if (!used.has(k)) cache.delete(k);
    const rest = budget - spent(x.votes);
    left.textContent = t.votesLeft(rest, budget);
    strip.dataset.left = rest;
    for (const [id, s] of ctls) if (s.count.isConnected) s.set(x.votes[id] || 0, rest, frozen); else ctls.delete(id);
    // Proposals are not answers: only the lock stops them.
    for (const e of el.querySelectorAll('[data-act]')) e.disabled = e.dataset.act ? cur.locked : frozen;
  };
  return { el, update };
}

function bar(fraction) {
  const fill = h('span');
  fill.style.width = `${Math.max(0, Math.min(1, fraction || 0)) * 100}%`;
  return h('span', { class: 'meter', 'aria-hidden': 'true' }, fill);
}

/** The revealed results, in the order the server sends them. */
export function results(c, res) {
  const { def, t, fmt } = c;
  const byId = new Map(c.items.map(i => [i.id, i]));
  const label = id => { const item = byId.get(id); return item ? itemLabel(item, c) : h('p', { class: 'label', text: id }); };
  const row = (id, fraction, value) => h('li', { class: 'result' }, label(id), h('div', { class: 'barrow row' }, bar(fraction), h('span', { class: 'value', text: value })));
  let n = 0, list;
  if (res.kind === 'dotVote' && res.dotVote) {
    const r = res.dotVote;
    n = r.respondents;
    const max = Math.max(1, ...r.items.map(i => i.dots));
    list = r.items.map(i => row(i.item, i.dots / max, t.dots(i.dots)));
  } else if (res.kind === 'rating' && res.rating) {
    const r = res.rating;
    n = r.respondents;
    const scales = new Map((def.scales || []).map(s => [s.key, s]));
    list = r.items.map(i => h('li', { class: 'result' }, label(i.item), i.scales.map(s => {
      const scale = scales.get(s.scale) || { min: 0, max: 1, labels: {} };
      const value = s.mean == null ? '—' : `${fmt.format(s.mean)} · n = ${s.n}`;
      return h('div', { class: 'barrow row' }, h('span', { class: 'scale-name', text: c.pick(scale.labels) || s.scale }),
        bar(s.mean == null ? 0 : s.mean / scale.max), h('span', { class: 'value', text: value }));
    })));
  } else if (res.kind === 'ranking' && res.ranking) {
    const r = res.ranking;
    n = r.respondents;
    const max = Math.max(1, ...r.items.map(i => i.borda));
    list = r.items.map(i => row(i.item, i.borda / max, t.borda(i.borda)));
  } else if (res.kind === 'board' && res.board) {
    // Votes on clusters or notes, ranked by the server (1, 2, 2, 4); a note's text stays text.
    const r = res.board, b = c.board || { notes: [], clusters: [] };
    n = r.voters;
    const names = new Map([...b.notes.map(x => [x.id, x.text]), ...b.clusters.map(x => [x.id, x.name])]);
    const max = Math.max(1, ...r.targets.map(x => x.votes));
    list = r.targets.map(x => h('li', { class: 'result' }, h('p', { class: 'label' }, h('span', { class: 'code', text: `${x.rank}.` }), names.get(x.target) || '—'),
      h('div', { class: 'barrow row' }, bar(x.votes / max), h('span', { class: 'value', text: t.votes(x.votes) }))));
  }
  return h('section', { class: 'results', 'aria-labelledby': 'results-title' },
    h('h2', { id: 'results-title', text: t.results }),
    h('p', { class: 'hint', text: n ? (res.kind === 'board' ? t.voters : t.respondents)(n) : t.noAnswers }),
    n && list ? h('ol', { class: 'items' }, list) : null);
}
