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

/** A hint, a strip that sticks under the connection bar, the items. */
const frame = (hint, strip, list) => ({ el: h('div', {}, h('p', { class: 'hint', text: hint }), h('div', { class: 'sticky' }, strip), list) });

function itemLabel(item, text) {
  return h('p', { class: 'label' }, item.code ? h('span', { class: 'code', text: item.code }) : null, text);
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
    const dots = h('span', { class: 'dots', 'aria-hidden': 'true' });
    for (let i = 0; i < Math.min(cap, 10); i++) dots.append(h('i'));
    const count = h('output', { class: 'count' });
    const minus = h('button', { type: 'button', class: 'step', 'aria-label': `${t.removeDot}: ${text}`, onclick: () => change(item.id, -1) }, '−');
    const plus = h('button', { type: 'button', class: 'step', 'aria-label': `${t.addDot}: ${text}`, onclick: () => change(item.id, 1) }, '+');
    const li = h('li', { class: 'card' }, itemLabel(item, text), h('div', { class: 'dotrow row' }, dots, count, minus, plus));
    rows.push({ id: item.id, li, dots, count, minus, plus });
    return li;
  }));
  const update = v => {
    const rest = budget - used(v);
    left.textContent = t.dotsLeft(rest, budget);
    strip.dataset.left = rest;
    for (const r of rows) {
      const n = v[r.id] || 0;
      r.count.textContent = n;
      [...r.dots.children].forEach((d, i) => d.classList.toggle('on', i < n));
      r.minus.disabled = n <= 0;
      r.plus.disabled = n >= cap || rest <= 0;
      r.li.classList.toggle('chosen', n > 0);
    }
  };
  return { ...frame(t.perItem(cap), strip, list), update };
}

/** Rating: one or two scales per item as segmented buttons; answer: { scale: { item: value } }. */
export function rating(c) {
  const { def, t } = c;
  const scales = def.scales || [];
  const count = h('span', { class: 'big' });
  const buttons = [];
  const set = (key, id, value) => {
    const v = {};
    for (const s of scales) v[s.key] = { ...(c.get()[s.key] || {}) };
    v[key][id] = value;
    c.set(v);
  };
  const list = h('ul', { class: 'items' }, c.items.map(item => {
    const text = c.pick(item.labels);
    return h('li', { class: 'card' }, itemLabel(item, text), scales.map(s => {
      const seg = h('div', { class: 'seg' });
      for (let value = s.min; value <= s.max; value++) {
        const b = h('button', { type: 'button', 'aria-pressed': 'false', onclick: () => set(s.key, item.id, value) }, String(value));
        buttons.push({ b, key: s.key, id: item.id, value });
        seg.append(b);
      }
      return h('fieldset', { class: 'scale' }, h('legend', { text: c.pick(s.labels) }), seg);
    }));
  }));
  const hints = [...new Set(scales.map(s => t.scaleHint(s.min, s.max)))].join(' · ');
  const update = v => {
    for (const x of buttons) x.b.setAttribute('aria-pressed', String((v[x.key] || {})[x.id] === x.value));
    const done = c.items.filter(item => scales.every(s => (v[s.key] || {})[item.id] != null)).length;
    count.textContent = t.rated(done, c.items.length);
  };
  return { ...frame(hints, h('p', { class: 'tally', 'aria-live': 'polite' }, count), list), update };
}

/** Ranking: tap in order up to rankTop, tap again to remove; answer: item ids, best first. */
export function ranking(c) {
  const { def, t } = c;
  const top = def.rankTop;
  const count = h('span', { class: 'big' });
  const full = h('p', { class: 'hint warn', 'aria-live': 'polite' });
  const rows = [];
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
      badge, itemLabel(item, c.pick(item.labels)));
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
  return { ...frame(t.rankHint, [h('p', { class: 'tally', 'aria-live': 'polite' }, count), full], list), update };
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
  const label = id => { const item = byId.get(id); return item ? itemLabel(item, c.pick(item.labels)) : h('p', { class: 'label', text: id }); };
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
  }
  return h('section', { class: 'results', 'aria-labelledby': 'results-title' },
    h('h2', { id: 'results-title', text: t.results }),
    h('p', { class: 'hint', text: n ? t.respondents(n) : t.noAnswers }),
    n && list ? h('ol', { class: 'items' }, list) : null);
}
