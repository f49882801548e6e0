// Delphi rounds on the phone (issue 11): loaded only when the current activity has a consensus rule, so the join stays small.
// Its texts join texts.js's per language; its parts plug into the rating and ranking views (views.js) as c.delphi.
import { h } from '/participate/views.js';

export const texts = {
  sl: {
    consensus: 'Soglasje',
    agreeTop: p => `≥ ${p} v dveh najvišjih ocenah`,
    agreeFirst: p => `≥ ${p} na prvih dveh mestih`,
    keepOrChange: 'Vaši odgovori iz prejšnjega kroga so že vpisani: obdržite jih ali jih spremenite, nato tapnite Pošlji.',
    groupWas: (r, md, q1, q3) => `Skupina v ${r}. krogu: mediana ${md}, srednja polovica ${q1}–${q3}`,
    groupPlace: (r, md) => `Skupina v ${r}. krogu: mediana mesta ${md}`,
    youHad: v => `vi: ${v}`,
    why: 'Zakaj? (neobvezno)',
    whyHint: 'Vaš odgovor je zunaj srednje polovice skupine.',
  },
  en: {
    consensus: 'Consensus',
    agreeTop: p => `≥ ${p} in the top two points`,
    agreeFirst: p => `≥ ${p} in the first two places`,
    keepOrChange: 'Your answers from the last round are filled in: keep or change them, then tap Send.',
    groupWas: (r, md, q1, q3) => `Group in round ${r}: median ${md}, middle half ${q1}–${q3}`,
    groupPlace: (r, md) => `Group in round ${r}: median place ${md}`,
    youHad: v => `you: ${v}`,
    why: 'Why? (optional)',
    whyHint: 'Your answer lies outside the middle half of the group.',
  },
  it: {
    consensus: 'Consenso',
    agreeTop: p => `≥ ${p} nei due valori più alti`,
    agreeFirst: p => `≥ ${p} nelle prime due posizioni`,
    keepOrChange: 'Le tue risposte del turno precedente sono già inserite: mantienile o cambiale, poi tocca Invia.',
    groupWas: (r, md, q1, q3) => `Gruppo al turno ${r}: mediana ${md}, metà centrale ${q1}–${q3}`,
    groupPlace: (r, md) => `Gruppo al turno ${r}: posizione mediana ${md}`,
    youHad: v => `tu: ${v}`,
    why: 'Perché? (facoltativo)',
    whyHint: 'La tua risposta è fuori dalla metà centrale del gruppo.',
  },
  fr: {
    consensus: 'Consensus',
    agreeTop: p => `≥ ${p} sur les deux valeurs les plus hautes`,
    agreeFirst: p => `≥ ${p} aux deux premières places`,
    keepOrChange: 'Vos réponses du tour précédent sont déjà remplies\u00a0: gardez-les ou modifiez-les, puis touchez Envoyer.',
    groupWas: (r, md, q1, q3) => `Groupe au tour ${r}\u00a0: médiane ${md}, moitié centrale ${q1}–${q3}`,
    groupPlace: (r, md) => `Groupe au tour ${r}\u00a0: place médiane ${md}`,
    youHad: v => `vous\u00a0: ${v}`,
    why: 'Pourquoi\u00a0? (facultatif)',
    whyHint: 'Votre réponse est en dehors de la moitié centrale du groupe.',
  },
  pl: {
    consensus: 'Konsensus',
    agreeTop: p => `≥ ${p} w dwóch najwyższych wartościach`,
    agreeFirst: p => `≥ ${p} na dwóch pierwszych miejscach`,
    keepOrChange: 'Twoje odpowiedzi z poprzedniej rundy są już wpisane: zostaw je lub zmień, a potem dotknij Wyślij.',
    groupWas: (r, md, q1, q3) => `Grupa w rundzie ${r}: mediana ${md}, środkowa połowa ${q1}–${q3}`,
    groupPlace: (r, md) => `Grupa w rundzie ${r}: mediana miejsca ${md}`,
    youHad: v => `ty: ${v}`,
    why: 'Dlaczego? (opcjonalnie)',
    whyHint: 'Twoja odpowiedź jest poza środkową połową grupy.',
  },
  zh: {
    consensus: '共识',
    agreeTop: p => `≥ ${p} 给出最高两档评分`,
    agreeFirst: p => `≥ ${p} 排在前两位`,
    keepOrChange: '上一轮的回答已经填好：可以保留或修改，然后点“发送”。',
    groupWas: (r, md, q1, q3) => `第 ${r} 轮全组：中位数 ${md}，中间一半 ${q1}–${q3}`,
    groupPlace: (r, md) => `第 ${r} 轮全组：名次中位数 ${md}`,
    youHad: v => `您：${v}`,
    why: '为什么？（选填）',
    whyHint: '您的回答不在全组的中间一半范围内。',
  },
};

/** A share as this language writes it ("75 %" in Slovenian and French, "75%" in English and Chinese). */
const percent = num => new Intl.NumberFormat(num.resolvedOptions().locale, { style: 'percent' });

/** The consensus rule set before round 1, in one line. */
function ruleLine({ def, t, num }) {
  const r = def.consensus;
  return h('p', { class: 'hint rule', text: `${t.consensus}: ${[r.minAgreement != null && (def.kind === 'ranking' ? t.agreeFirst : t.agreeTop)(percent(num).format(r.minAgreement)),
    r.maxIqr != null && `IQR ≤ ${num.format(r.maxIqr)}`, `n ≥ ${r.minN}`].filter(Boolean).join(' · ')}` });
}

/** The strip with Send in a Delphi round (taps change the answer, Send sends it) and the lines above the items. */
function frame(c, tally, reasons = () => ({})) {
  const send = c.send && h('button', { type: 'button', class: 'go', text: c.t.send, onclick: () => c.send(reasons()) });
  return [send ? h('div', { class: 'row spread' }, tally, send) : tally, [ruleLine(c), send && c.previous && h('p', { class: 'hint', text: c.t.keepOrChange })]];
}

/** An element with inline style properties (custom ones too). */
function placed(tag, props, style, ...children) {
  const e = h(tag, props, ...children);
  for (const [k, v] of Object.entries(style)) e.style.setProperty(k, v);
  return e;
}

/** The group's previous round on one scale of --n values: a bar per value with its count, the middle half shaded, the median a line. */
function distribution(f, min) {
  const top = Math.max(1, ...f.histogram), at = x => `calc(${x} * 100% / var(--n))`;
  return h('div', { class: 'dist', 'aria-hidden': 'true' },
    f.q1 != null && placed('span', { class: 'iqr' }, { left: at(f.q1 - min), width: at(f.q3 - f.q1 + 1) }),
    f.histogram.map((count, i) => placed('i', { 'data-n': count || null }, { height: `${count / top * 100}%`, 'grid-column': i + 1 })),
    f.median != null && placed('b', { class: 'md' }, { left: at(f.median - min + .5) }));
}

/** A rating's parts: per scale the group's previous round and one's previous answer; a reason box per item, shown while
 * an answer lies outside the group's middle half (Q1..Q3) on a scale, its text kept as typed (c.reason) and sent while shown. */
export function rating(c, scales) {
  const { t } = c, boxes = [], n = x => c.num.format(x);
  const feedback = (id, key) => (c.feedback || []).find(f => f.item === id && f.scale === key);
  const outside = (id, v) => scales.some(s => {
    const f = feedback(id, s.key), value = (v[s.key] || {})[id];
    return f && f.q1 != null && value != null && (value < f.q1 || value > f.q3);
  });
  return {
    scale(id, s, legend, seg) {
      const f = feedback(id, s.key), before = c.previous && (c.previous[s.key] || {})[id];
      if (!f) return null;
      if (before != null) seg.children[before - s.min].classList.add('prev');
      return placed('fieldset', { class: 'scale fed' }, { '--n': s.max - s.min + 1 }, legend, distribution(f, s.min),
        h('p', { class: 'hint', text: [f.median != null && t.groupWas(f.round, n(f.median), n(f.q1), n(f.q3)), before != null && t.youHad(before)].filter(Boolean).join(' · ') }),
        seg);
    },
    reason(item, card) {
      if (!c.send || !scales.some(s => feedback(item.id, s.key))) return;
      const id = `why-${item.id}`, area = h('textarea', { id, maxlength: 280, rows: 2, placeholder: t.whyHint }), count = h('span', { class: 'hint' });
      const sync = () => { count.textContent = `${area.value.length}/280`; };
      area.value = c.reasons[item.id] || '';
      area.addEventListener('input', () => { c.reason(item.id, area.value); sync(); });
      sync();
      const box = h('div', { class: 'why', hidden: true }, h('label', { for: id, text: t.why }), area, count);
      card.append(box);
      boxes.push({ id: item.id, box, area });
    },
    update(v) { for (const b of boxes) b.box.hidden = !outside(b.id, v); },
    frame: tally => frame(c, tally, () => Object.fromEntries(boxes.filter(b => !b.box.hidden && b.area.value.trim()).map(b => [b.id, b.area.value.trim()]))),
  };
}

/** A ranking's parts: per item the group's median place last round and one's own place when one ranked it. */
export function ranking(c) {
  return {
    place(id) {
      const f = (c.feedback || []).find(x => x.item === id), place = c.previous && c.previous.indexOf(id) + 1;
      return f && f.median != null && h('span', { class: 'hint', text: [c.t.groupPlace(f.round, c.num.format(f.median)), place && c.t.youHad(place)].filter(Boolean).join(' · ') });
    },
    frame: tally => frame(c, tally),
  };
}
