/* Search worker behind Material's search box (its message protocol: SETUP 0, READY 1,
   QUERY 2, RESULT 3). The index is sharded by term (plugins/agreements/search.py): a query
   fetches the shards of its own terms and the chunks of its results, nothing else.

   A query becomes units, each a thing the reader asks for, with alternatives: the words
   typed, the thesaurus' words for them, the Chinese of an English word, the words a pinyin
   spells, a clause number. A document's score is BM25 over character bigrams, weighted by
   how much of the query it covers; a document covering much less than the best is not a result. */
"use strict";

const BASE = new URL("../search/", self.location.href);
const PAGE = new URL(self.location.href).searchParams.get("p") || "";
const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
const TOKEN = /[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+/g;
// Characters that carry no meaning alone in a question (the stop list holds the words).
const FUNCTION = new Set("的了吗呢吧啊呀么是在有和与或及把被给让对从向到也都就还又很会能要想我你他她它们这那哪些个么什怎样")
const DIGIT = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

let M = null;
let ask = new Map(), stop = new Set(), names = [], maxKey = 1, latinWords = new Set();
const sibling = new Map();
const cache = new Map();

function fetchJSON(path) {
  if (!cache.has(path)) {
    cache.set(path, fetch(new URL(path, BASE)).then(r => (r.ok ? r.json() : null)).catch(() => null));
  }
  return cache.get(path);
}

function normalize(text) {
  let out = "";
  for (const c of text) {
    let n = c.normalize("NFKC").toLowerCase();
    if ([...n].length !== 1) n = c.toLowerCase();
    out += M.norm[n] || n;
  }
  for (const [a, b] of Object.entries(M.phrases)) out = out.split(a).join(b);
  return out;
}

// Index terms of a word, cut as search.py cuts texts: Han bigrams, Latin and digit words.
function bigrams(word) {
  const out = [];
  for (const tok of word.match(TOKEN) || []) {
    if (!HAN.test(tok[0]) || tok.length === 1) out.push(tok);
    else for (let i = 0; i + 1 < tok.length; i++) out.push(tok.slice(i, i + 2));
  }
  return out;
}

// The shard of a term: by its first character (search.bucket).
function key(term) {
  return term.codePointAt(0) % M.buckets;
}

function cnNumber(s) {
  if (/^[0-9]+$/.test(s)) return +s;
  let total = 0, cur = 0;
  for (const c of s) {
    if (c in DIGIT) cur = DIGIT[c];
    else if (c === "十") { total += (cur || 1) * 10; cur = 0; }
    else if (c === "百") { total += (cur || 1) * 100; cur = 0; }
    else return null;
  }
  return total + cur;
}

/* ---- the query ---------------------------------------------------------------------- */

function isLatin(c) { return c !== undefined && /[a-z0-9]/.test(c); }

// Longest match of the thesaurus, the stop words and the agreements' names at each position.
// English words as the thesaurus writes them: updates → update, cookies → cookie.
// A word that is a key itself stays; one only inside a longer key (charged of "double charged")
// is first stemmed to a key of its own (charge).
function stem(q) {
  // updates → update, deleting → delete, banned → ban, logging → log
  const bases = w => ["ies", "es", "s", "ing", "ed", "d"].flatMap(cut => {
    if (!w.endsWith(cut)) return [];
    const base = w.slice(0, -cut.length) + (cut === "ies" ? "y" : "");
    const doubled = /(.)\1$/.test(base) && (cut === "ing" || cut === "ed") ? [base.slice(0, -1)] : [];
    return [base, ...(cut === "ing" ? [base + "e"] : []), ...doubled];
  }).filter(base => base.length > 2);
  return q.replace(/[a-z]+/g, w => {
    if (ask.has(w) || stop.has(w)) return w;
    const key = bases(w).find(base => ask.has(base) || stop.has(base));
    if (key) return key;
    if (latinWords.has(w)) return w;
    return bases(w).find(base => latinWords.has(base)) || w;
  });
}

function segment(q) {
  const parts = [];
  let buf = "";
  const flush = () => { if (buf) parts.push({ kind: "text", text: buf }); buf = ""; };
  for (let i = 0; i < q.length;) {
    let hit = null;
    for (let len = Math.min(maxKey, q.length - i); len >= 1 && !hit; len--) {
      const s = q.slice(i, i + len);
      // A key that starts or ends with a Latin letter matches whole words only.
      if (isLatin(s[0]) && isLatin(q[i - 1])) continue;
      if (isLatin(s[s.length - 1]) && isLatin(q[i + len])) continue;
      if (stop.has(s)) hit = { kind: "stop", text: s };
      else if (ask.has(s)) hit = { kind: "ask", text: s };
    }
    if (hit) { flush(); parts.push(hit); i += hit.text.length; } else { buf += q[i]; i += 1; }
  }
  flush();
  return parts;
}

// A thesaurus word of the query as a unit: the word, and the words the texts use for it.
function askUnit(text) {
  const finds = ask.get(text);
  const weight = M.weight[text] || 1;
  if (!HAN.test(text) && finds.some(f => HAN.test(f))) {
    // An English word: its first Chinese word is its translation, the rest near it.
    return unit(text, [alt(text, 0.9), ...finds.map((f, i) => alt(f, i ? 0.8 : 1))], weight);
  }
  const u = unit(text, [alt(text)], weight);
  // A word the texts use finds its thesaurus siblings only if it finds little itself.
  if (sibling.has(text)) u.extra = finds.map(f => alt(f, 0.5));
  else u.alts.push(...finds.map(f => alt(f, 0.7)));
  return u;
}

// An English word of five letters or more that no text, thesaurus entry or pinyin reading holds,
// one letter away from a thesaurus word (acount, recieve): that word; the first in key order.
function misspelt(w) {
  if (w.length < 5 || !/[aeiou]/.test(w)) return null;
  const near = k => {
    if (Math.abs(k.length - w.length) > 1 || k === w) return false;
    let i = 0;
    while (i < k.length && i < w.length && k[i] === w[i]) i++;
    const a = k.slice(i), b = w.slice(i);
    return a.slice(1) === b.slice(1) || a === b.slice(1) || a.slice(1) === b ||
      (a.length > 1 && a[0] === b[1] && a[1] === b[0] && a.slice(2) === b.slice(2));
  };
  for (const k of ask.keys()) if (/^[a-z]+$/.test(k) && k.length >= 5 && near(k)) return k;
  return null;
}

function unit(label, alts, weight = 1) {
  return { label, alts, weight };
}

function alt(word, a = 1, extra = null) {
  return { word, terms: extra || bigrams(word), a };
}

async function pinyinAlts(tok, prefix = true) {
  if (!/^[a-z]+$/.test(tok) || tok.length < 2) return [];
  const rows = (await fetchJSON(`p/${tok[0]}.json`)) || [];
  const exact = [], initials = [], starts = [];
  for (const [i, [word, ...reads]] of rows.entries()) {
    const df = rows.length - i;  // rows come most frequent first
    for (const r of reads) {
      const joined = r.replace(/ /g, "");
      if (joined === tok) exact.push([word, df]);
      else if (tok.length >= 2 && r.split(" ").map(s => s[0]).join("") === tok && word.length === tok.length) initials.push([word, df]);
      else if (prefix && tok.length >= 5 && joined.startsWith(tok)) starts.push([word, df]);
    }
  }
  const pick = (list, n, a) => list.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, n).map(([w]) => alt(w, a));
  if (exact.length) return pick(exact, 6, 1);
  if (initials.length) return pick(initials, 4, 0.9);
  return pick(starts, 4, 0.7);
}

// Pinyin typed without spaces that no one word reads (zhanghaohuishou, rlhs, qqyundong): the
// fewest words of the texts whose readings, or whose initials, it spells one after another
// (帐号 回收, 人脸 核身, qq 运动), each a unit; null when none does. Failing that, a syllable (a
// letter, in initials) between them stands for a character jieba cut off (fan 诈骗 of 反诈骗,
// 公众 h of 公众号): the index holds no pair across that cut, so it is a bonus, never required.
// Initials split only four letters without a vowel (wxzf, rlhs: two words), so that neither an
// English word nor a longer string of letters (xyzzy) reads as words it does not name.
async function pinyinSplit(tok, pieces = 3) {
  if (!/^[a-z]+$/.test(tok) || tok.length < 4) return null;
  const memo = new Map();
  const word = async (s, initials) => {
    const k = `${initials}${s}`;
    if (!memo.has(k)) {
      let alts = (initials ? s.length <= 4 : s.length >= 2) ? await pinyinAlts(s, false) : [];
      if (!alts.length || (alts[0].word.length === s.length) !== initials) alts = null;
      // A Latin word the texts use (qq, app) is itself.
      if (!alts && s.length >= 2 && (await postingsFor(s)).size) alts = [alt(s)];
      memo.set(k, alts);
    }
    return memo.get(k);
  };
  const single = async (s, initials) => {
    const k = `1${initials}${s}`;
    if (!memo.has(k)) {
      const chars = (initials ? s.length === 1 : s.length <= 6) ? await syllableChars(s, initials) : [];
      memo.set(k, chars.length ? chars.slice(0, 6).map(c => alt(c)) : null);
    }
    return memo.get(k);
  };
  const split = async (s, n, initials, singles) => {
    const whole = (await word(s, initials)) || (singles && await single(s, initials));
    if (whole) return [[s, whole]];
    if (n === 1) return null;
    for (let i = s.length - 1; i >= 1; i--) {
      const head = (await word(s.slice(0, i), initials)) || (singles && await single(s.slice(0, i), initials));
      const rest = head && await split(s.slice(i), n - 1, initials, singles);
      if (rest) return [[s.slice(0, i), head], ...rest];
    }
    return null;
  };
  const lone = alts => alts.every(a => a.word.length === 1);
  let two = null;
  for (const singles of [false, true]) {
    for (const initials of /[aeiou]/.test(tok) || tok.length > 4 ? [false] : [false, true]) {
      for (let n = 2; n <= pieces; n++) {
        const got = await split(tok, n, initials, singles);
        if (singles && !initials && n === 2) two = got;
        // At least one word of the texts read from pinyin (not only qq, or only syllables: sofa).
        if (!got || got.length < 2 || !got.some(([, alts]) => alts.some(a => HAN.test(a.word) && a.word.length > 1))) continue;
        return got.map(([s, alts]) => Object.assign(unit(s, alts), { optional: lone(alts) }));
      }
    }
  }
  // Two syllables whose word jieba never made (建群: 建 and 群 cut apart): the pairs of their
  // characters that some text has.
  if (two && two.length === 2 && two.every(([, alts]) => lone(alts))) {
    const pairs = [];
    for (const a of two[0][1]) for (const b of two[1][1]) if ((await postingsFor(a.word + b.word)).size) pairs.push(alt(a.word + b.word));
    if (pairs.length) return [unit(tok, pairs)];
  }
  return null;
}

// The characters a syllable reads as (or, in initials, a letter begins) where it opens a word
// of the texts (fan → 反 of 反向工程), the most frequent first.
async function syllableChars(s, initials) {
  const rows = (await fetchJSON(`p/${s[0]}.json`)) || [];
  const out = new Set();
  for (const [w, ...reads] of rows) {
    for (const r of reads) {
      const first = r.split(" ")[0];
      if (initials ? first[0] === s : first === s) out.add(w[0]);
    }
  }
  return [...out];
}

// Where (QQ上, 群里) and how much (老有, 挺) a question is told with: not words it asks for.
const FILLER = new Set("上下里中内老挺太真");
const EDGE = new RegExp(`^[${[...FUNCTION].join("")}]+|[${[...FUNCTION].join("")}]+$`, "g");

// A run of Han text the thesaurus did not name, cut into the words the texts could hold: where
// no text has a pair of its characters, one word ends and another begins (the index leaves out
// the pair across a word junction too). A reader's sentence (视频里有人乱发评论) is then its words
// (视频, 评论 …), each found or not on its own, not one long word most of which no text has.
// Function characters at a word's edges go (的人 → 人); a lone one goes altogether. The
// characters in no pair any text has stay, as one word no text holds (乱发 … 告): what a query
// asks that the agreements do not cover still counts against it (see rank).
async function runWords(run) {
  const trim = w => (w.length > 1 ? w.replace(EDGE, "") : FUNCTION.has(w) ? "" : w);
  if (run.length <= 2) return [trim(run)].filter(Boolean);
  const live = await Promise.all([...Array(run.length - 1).keys()].map(async i => (await postingsFor(run.slice(i, i + 2))).size > 0));
  const out = [];
  let start = 0, unheld = "";
  for (let i = 0; i < run.length - 1; i++) {
    if (!live[i]) { out.push(run.slice(start, i + 1)); start = i + 1; }
  }
  out.push(run.slice(start));
  [...run].forEach((c, i) => { if (!live[i - 1] && !live[i] && !FUNCTION.has(c) && !FILLER.has(c)) unheld += c; });
  const found = out.filter(w => w.length > 1).map(trim).filter(w => w.length > 1);
  return unheld.length > 1 ? [...found, unheld] : found.length ? found : unheld ? [unheld] : [trim(run)].filter(Boolean);
}

async function analyse(raw) {
  // A question's "V不V" / "V没V" (赔不赔, 管不管, 有没有) asks whether V: V is the word, and it
  // stands apart, as the stop word 有没有 did.
  let q = normalize(raw).replace(/([\u3400-\u9fff])[不没]\1/g, " $1 ").replace(/\s+/g, " ").trim();
  const units = [];
  let prefer = new Set();
  // Clause numbers: 8.2.1, 第8.2.1条, 第十五条, 第10节, or a bare number.
  q = q.replace(/第\s*([0-9]+(?:\.[0-9]+)*|[零〇一二两三四五六七八九十百]+)\s*(条|章|节|部分|款|项)/g, (_, n, unitName) => {
    const v = /^[0-9.]+$/.test(n) ? n : String(cnNumber(n));
    units.push(unit(`第${n}${unitName}`, [alt(`§${v}`, 1, [`§${v}`])], 3));
    return " ";
  });
  q = q.replace(/(^|[^0-9.])([0-9]+(?:\.[0-9]+)+)(?![0-9.])/g, (_, pre, n) => {
    units.push(unit(n, [alt(`§${n}`, 1, [`§${n}`])], 3));
    return pre + " ";
  });
  if (/^[0-9]+$/.test(q)) {
    units.push(unit(q, [alt(`§${q}`, 1, [`§${q}`]), alt(q, 0.4)], 3));
    q = "";
  }
  // An agreement named in the query: its clauses come first.
  for (const [name, page] of names) {
    if (name.length < q.length && q.includes(name)) { prefer.add(page); q = q.split(name).join(" "); }
  }
  for (const part of segment(stem(q))) {
    if (part.kind === "stop") continue;
    if (part.kind === "ask") {
      units.push(askUnit(part.text));
      continue;
    }
    const toks = part.text.match(TOKEN) || [];
    // Spaced pinyin (fan xiang gong cheng) is one word.
    const latin = toks.filter(t => /^[a-z]+$/.test(t));
    if (latin.length > 1 && latin.length === toks.length) {
      const joined = latin.join("");
      const alts = await pinyinAlts(joined);
      if (alts.length) { units.push(unit(latin.join(" "), alts)); continue; }
    }
    for (const tok of toks) {
      if (HAN.test(tok[0])) {
        // Leftover Han text: words the thesaurus did not name, each a unit of its own.
        for (const piece of await runWords(tok)) {
          const u = unit(piece, [alt(piece)]);
          u.optional = piece.length === 1;  // a lone character left over: a bonus, never required
          units.push(u);
        }
      } else {
        const alts = [alt(tok)];
        // A Latin word the texts use is that word (QQ, app), not the pinyin initials it spells.
        const pinyin = /^[a-z]+$/.test(tok) && tok.length >= 2 && !(await postingsFor(tok)).size;
        if (pinyin) alts.push(...(await pinyinAlts(tok)));
        const split = pinyin && alts.length === 1 ? await pinyinSplit(tok) : null;
        const typo = pinyin && alts.length === 1 && !split ? misspelt(tok) : null;
        if (split) units.push(...split);
        else if (typo) units.push(askUnit(typo));
        else units.push(unit(tok, alts));
      }
    }
  }
  // A one-character query (税) asks for that character.
  if (units.every(u => u.optional)) for (const u of units) u.optional = false;
  return { units, prefer };
}

/* ---- postings ----------------------------------------------------------------------- */

// A posting list (search.shards): per document, twice the gap from the previous one, plus one
// when its term frequency follows, in variable-length digits (search._code): M.more digits
// continue a number, M.end digits end it. The weight is BM25's, from the frequency and the
// document's length norm (M.norms); a clause number (§8.2.1) weighs 1 wherever it is.
let norms = null;
function decode(code, term) {
  if (!norms) { const digits = M.end + M.more; norms = Float32Array.from(M.norms, c => digits.indexOf(c) / 8); }
  const out = new Map();
  const fixed = term[0] === "§";
  let id = 0, n = 0, frequencyNext = false;
  const put = tf => out.set(id, fixed ? 1 : tf * (M.k1 + 1) / (tf + M.k1 * norms[id]));
  for (const c of code) {
    const more = M.more.indexOf(c);
    if (more >= 0) { n = n * 32 + more; continue; }
    n = n * 32 + M.end.indexOf(c);
    if (frequencyNext) { put(n); frequencyNext = false; }
    else { id += n >> 1; frequencyNext = (n & 1) === 1; if (!frequencyNext) put(1); }
    n = 0;
  }
  return out;
}

const decoded = new Map();
async function postingsFor(term) {
  if (decoded.has(term)) return decoded.get(term);
  const shard = (await fetchJSON(`t/${key(term)}.json`)) || {};
  let out;
  if (term.length === 1 && HAN.test(term)) {
    // A lone character: itself, and every bigram that starts with it (they share its shard).
    out = new Map();
    for (const [t, list] of Object.entries(shard)) {
      if (t[0] !== term) continue;
      for (const [d, w] of decode(list, t)) out.set(d, Math.max(out.get(d) || 0, w));
    }
  } else {
    out = shard[term] ? decode(shard[term], term) : new Map();
  }
  decoded.set(term, out);
  return out;
}

function idf(df) {
  return Math.log(1 + (M.n - df + 0.5) / (df + 0.5));
}

/* ---- ranking ------------------------------------------------------------------------ */

function pageOf(d) {
  let lo = 0, hi = M.starts.length - 1;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (M.starts[mid] <= d) lo = mid; else hi = mid - 1; }
  return lo;
}

const KIND = { a: 1, g: 0.3, h: 0.3 };

// Documents covering enough of what the query asks for (see the end), best first.
async function rank(units, prefer) {
  const all = [...new Set(units.flatMap(u => u.alts.flatMap(a => a.terms)))];
  const lists = new Map(await Promise.all(all.map(async t => [t, await postingsFor(t)])));
  const docs = new Map();
  let total = 0;
  units.forEach((u, ui) => {
    // Terms no text uses are word boundaries of the query (码回 in 号码回收), not misses.
    u.live = u.alts.map(a => {
      const live = a.terms.filter(t => lists.get(t).size);
      const weights = live.map(t => idf(lists.get(t).size));
      return { ...a, live, weights, sum: weights.reduce((x, y) => x + y, 0) };
    }).filter(a => a.live.length && a.live.length >= a.terms.length - a.live.length);
    u.importance = u.weight * Math.max(1, ...u.live.map(a => a.sum / a.live.length));
    for (const a of u.live) {
      const acc = new Map();
      a.live.forEach((t, ti) => {
        for (const [d, w] of lists.get(t)) {
          const cur = acc.get(d) || [0, 0];
          cur[0] += a.weights[ti] / a.sum;
          cur[1] += a.weights[ti] * w;
          acc.set(d, cur);
        }
      });
      for (const [d, [m, sc]] of acc) {
        let r = docs.get(d);
        if (!r) { r = { m: new Float64Array(units.length), s: new Float64Array(units.length), hit: new Set() }; docs.set(d, r); }
        if (a.a * m > r.m[ui]) r.m[ui] = a.a * m;
        if (a.a * sc > r.s[ui]) r.s[ui] = a.a * sc;
        if (m > 0.99) r.hit.add(a.word);
      }
    }
  });
  // A query most of whose words no text uses (股票, 分红 in 腾讯股票分红) is about something the
  // agreements do not cover: nothing is found. Here such a word weighs as much as the query's
  // other words do on average (a run of Han text as many words as it has pairs of characters:
  // 航班延误); in the coverage below it weighs little (a reader's filler words).
  const required = units.filter(u => !u.optional);
  const found = required.filter(u => u.live.length);
  const words = u => (HAN.test(u.label) ? Math.max(1, Math.floor(u.label.length / 2)) : u.label.split(" ").length);
  const have = found.reduce((x, u) => x + u.importance * words(u), 0);
  const usual = found.length ? have / found.reduce((x, u) => x + words(u), 0) : 1;
  const absent = required.filter(u => !u.live.length)
    .reduce((x, u) => x + u.weight * Math.max(1, usual) * words(u), 0);
  for (const u of required) total += u.importance;
  if (!total || absent >= (absent + have) / 2) return [];
  // A unit the agreement's title names (QQ in 小孩子可以用QQ吗) is half met by all its clauses.
  const titled = units.map(u => new Set(M.pages.map((p, i) => u.alts.some(a => normalize(p[1]).includes(a.word)) ? i : -1).filter(i => i >= 0)));
  const out = [];
  for (const [d, r] of docs) {
    const page = pageOf(d);
    let cover = 0, strength = 0;
    units.forEach((u, ui) => {
      const m = Math.max(r.m[ui], titled[ui].has(page) ? 0.6 : 0);
      if (!u.optional) cover += u.importance * m;
      strength += (u.optional ? 0.3 : u.weight) * r.s[ui];
    });
    cover /= total;
    if (cover < 0.3) continue;
    let score = cover * cover * strength * (KIND[M.pages[page][2]] || 1);
    if (prefer.has(page)) score *= 2;
    // An agreement whose title names what is asked (儿童 → 儿童隐私保护声明, 腾讯视频) is about it,
    // in every clause: a clause rarely repeats its product's name.
    else if (units.some((u, ui) => !u.optional && titled[ui].has(page))) score *= 1.5;
    out.push({ d, page, score, cover, hit: [...r.hit] });
  }
  // Where a document covers half of the query or more, one covering less than three fifths of
  // the best (and less than half) is not a result: a long question's clause may cover 0.45 where
  // a long chapter's opening covers 0.5, and a clause that has every word of the question only
  // through the thesaurus (each at 0.7) covers 0.7 of one that has the reader's own words; where
  // none covers half, every document is.
  const best = Math.max(0, ...out.map(h => h.cover));
  const cut = best >= 0.5 ? Math.min(0.5, 0.6 * best) : 0;
  return out.filter(h => h.cover >= cut);
}

/* ---- results ------------------------------------------------------------------------ */

function esc(s) {
  return s.replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

// Spans of ``text`` to mark: whole words hit, else the bigrams they share with the query.
function marks(text, words) {
  const norm = normalize(text);
  const spans = [];
  for (const w of words) {
    if (!w || w[0] === "§") continue;
    for (let i = norm.indexOf(w); i >= 0; i = norm.indexOf(w, i + w.length)) spans.push([i, i + w.length]);
  }
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]); else merged.push([...s]);
  }
  return merged;
}

function snippet(text, spans, width = 120) {
  const start = spans.length ? Math.max(0, spans[0][0] - 30) : 0;
  const end = Math.min(text.length, start + width);
  let html = start > 0 ? "…" : "";
  let at = start;
  for (const [a, b] of spans) {
    if (b <= start || a >= end) continue;
    html += esc(text.slice(at, Math.max(at, a))) + "<mark>" + esc(text.slice(Math.max(at, a), Math.min(b, end))) + "</mark>";
    at = Math.min(b, end);
  }
  return html + esc(text.slice(at, end)) + (end < text.length ? "…" : "");
}

async function search(raw) {
  const { units, prefer } = await analyse(raw);
  if (!units.length) return { items: [] };
  let hits = await rank(units, prefer);
  if (hits.filter(h => h.cover >= 0.5).length < 5 && units.some(u => u.extra)) {
    // The siblings widen what was found; they never take a result away.
    for (const u of units) if (u.extra) u.alts.push(...u.extra);
    const first = new Map(hits.map(h => [h.d, h]));
    for (const h of await rank(units, prefer)) {
      const had = first.get(h.d);
      if (!had || h.score > had.score) first.set(h.d, h);
    }
    hits = [...first.values()];
  }
  const here = M.pages.findIndex(p => p[0] === PAGE);
  const numbered = units.some(u => u.alts[0].word[0] === "§");
  for (const h of hits) if (h.page === here) h.score *= numbered ? 4 : 1.2;
  hits.sort((x, y) => y.score - x.score || x.d - y.d);
  // One agreement's many near-identical items should not push every other agreement off the
  // first screen: each further result of a page weighs a little less.
  if (!prefer.size && !numbered) {
    const seen = new Map();
    for (const h of hits) {
      const n = seen.get(h.page) || 0;
      h.score *= 0.8 ** n;
      seen.set(h.page, n + 1);
    }
    hits.sort((x, y) => y.score - x.score || x.d - y.d);
  }
  // The glossary may explain an English word, but the clause comes first.
  const firstClause = hits.findIndex(h => M.pages[h.page][2] === "a");
  if (firstClause > 0) hits.unshift(...hits.splice(firstClause, 1));
  // What the first screen shows: each result costs a chunk of documents to fetch, and a
  // browser opens six connections to a host: the best results from at most six chunks.
  const wanted = new Set();
  const top = [];
  for (const h of hits) {
    const c = Math.floor(h.d / M.chunk);
    if (!wanted.has(c) && wanted.size === 6) continue;
    wanted.add(c);
    top.push(h);
    if (top.length === 12) break;
  }
  const chunks = new Map(await Promise.all([...new Set(top.map(h => Math.floor(h.d / M.chunk)))]
    .map(async c => [c, (await fetchJSON(`d/${c}.json`)) || []])));
  for (const h of top) h.doc = chunks.get(Math.floor(h.d / M.chunk))[h.d % M.chunk];
  const items = [];
  for (const h of top.filter(h => h.doc)) {
    const [anchor, title, text] = h.doc;
    const page = pageOf(h.d);
    const [url, pageTitle, kind] = M.pages[page];
    const words = [...new Set(h.hit.length ? h.hit : units.map(u => u.alts[0].word))];
    const spans = marks(text, words);
    // What the page highlights on landing (Material's ?h=): the words as the text writes them.
    const terms = {};
    for (const [a, b] of spans.slice(0, 8)) terms[text.slice(a, b)] = true;
    if (!spans.length) for (const w of words) if (w[0] !== "§") terms[w] = true;
    const location = url + (anchor ? `#${anchor}` : "");
    items.push([{
      location,
      title: `<span class="ag-result__title">${esc(kind === "a" ? `${title} · ${pageTitle}` : title || pageTitle)}</span>` +
        `<span class="ag-result__text">${snippet(text, spans)}</span>`,
      text: "",
      score: h.score,
      terms,
    }]);
  }
  return { items, total: items.length };
}

// A page opened with ?q= starts this worker before Material's bundle has arrived (main.html's
// head script) and says EARLY with the query: the worker reads the index itself and answers the
// query ahead; Material's SETUP and QUERY then find both done. search-link.js asks for that answer
// (SHOW) to show it in Material's result list before the bundle has run.
const EARLY = 100, SHOW = 101;
let early = null;  // { q, answer: Promise of the RESULT's data }

function setup(index) {
  M = index.config.ag;
  norms = null;  // the length norms are this index's
  // The thesaurus, entry by entry (search.manifest): each ask word finds the find words of every
  // entry it is in, in entry order, each once; the map in the order of its words.
  const asked = new Map();
  for (const [keys, finds] of M.ask) {
    for (const key of keys) {
      const list = asked.get(key) || [];
      for (const f of finds) if (f !== key && !list.includes(f)) list.push(f);
      asked.set(key, list);
    }
  }
  const base = new Map([...asked].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  ask = new Map(base);
  // The texts' own words keep a query word whole (号码 is not 号 + 码), and find their
  // siblings in the thesaurus, less strongly (转让 → 赠与, 出借).
  for (const finds of base.values()) {
    for (const f of finds) {
      if (base.has(f)) continue;
      const sib = sibling.get(f) || new Set();
      for (const g of finds) if (g !== f) sib.add(g);
      sibling.set(f, sib);
    }
  }
  for (const [f, sib] of sibling) ask.set(f, [...sib]);
  stop = new Set(M.stop);
  names = M.names;
  maxKey = Math.max(1, ...[...ask.keys(), ...stop].map(k => k.length));
  for (const k of ask.keys()) for (const w of k.match(/[a-z]+/g) || []) latinWords.add(w);
}

async function answer(q) {
  try { return await search(q); } catch (err) { console.warn(err); return { items: [] }; }
}

let latest = 0;
addEventListener("message", async ev => {
  const msg = ev.data;
  if (msg.type === EARLY && typeof msg.q === "string" && !M) {
    const q = msg.q;
    const index = fetch(new URL("search_index.json", BASE)).then(r => (r.ok ? r.json() : null)).catch(() => null);
    early = { q, answer: index.then(i => {
      if (!i || M) return null;  // no index, or Material's SETUP came first
      setup(i);
      return answer(q);
    }) };
  } else if (msg.type === SHOW) {
    const asked = early;
    const data = asked ? await asked.answer : null;
    if (data) postMessage({ type: SHOW, q: asked.q, data });
  } else if (msg.type === 0) {
    // The same index as the early read (Material fetches the same file): set up once.
    const ag = msg.data.config.ag;
    if (!M || M.n !== ag.n || M.buckets !== ag.buckets || M.norms !== ag.norms) setup(msg.data);
    postMessage({ type: 1 });
  } else if (msg.type === 2) {
    const mine = ++latest;
    let data = early && early.q === msg.data ? await early.answer : null;
    early = null;
    if (!data) data = await answer(msg.data);
    if (mine === latest) postMessage({ type: 3, data });
  }
});
