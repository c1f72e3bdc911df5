
(function () {
  'use strict';
  // The data (report_data.rs): bare strings define the table of strings,
  // arrays are reports' rows.
  function data(id) { return JSON.parse(document.getElementById(id).textContent); }
  var meta = data('nb-meta');
  var raw = data('nb-rows');
  var T = [];
  function S(v) { return typeof v === 'number' ? T[v] : v; }
  function text(v) {
    if (!Array.isArray(v)) { return S(v); }
    var parts = S(v[0]).split('\u0001');
    var s = parts[0];
    for (var j = 1; j < parts.length; j++) { s += String(v[j]) + parts[j]; }
    return s;
  }
  var R = [];
  raw.forEach(function (x) {
    if (typeof x === 'string') { T.push(x); return; }
    var r = { n: R.length, st: x[0], path: S(x[1]) + x[2] };
    if (x[0] === 3) {
      r.body = ''; r.year = ''; r.msg = x[3]; r.g = x[4];
      r.e = 0; r.w = 0; r.inf = 0; r.fix = 0; r.f = []; r.d = [];
    } else {
      r.body = x[3]; r.year = x[4] ? String(x[4]) : ''; r.e = x[5]; r.w = x[6];
      r.inf = x[7]; r.fix = x[8]; r.g = x[9]; r.f = x[10]; r.d = x[11];
    }
    R.push(r);
  });
  raw = null;
  var STATUS = ['fail', 'warn', 'pass', 'unreadable'];
  var SEV = ['error', 'warning', 'info'];

  var q = document.getElementById('filter');
  var onlyFailed = document.getElementById('only-failed');
  var ruleSel = document.getElementById('rule-filter');
  var sortSel = document.getElementById('sort');
  var shown = document.getElementById('shown');
  var list = document.getElementById('report-list');
  var more = document.getElementById('more');
  var PAGE = 100;
  var matched = [];
  var rendered = 0;

  // The rules with findings, most findings first (as the rule table).
  Array.prototype.forEach.call(document.querySelectorAll('#rule-table tr[data-rule]'), function (tr) {
    var o = document.createElement('option');
    o.value = tr.dataset.rule;
    o.textContent = (meta.rules[o.value] || o.value) + '（' + o.value + '）';
    ruleSel.appendChild(o);
  });

  function el(tag, cls, txt) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (txt !== undefined) { e.textContent = txt; }
    return e;
  }
  function nameOf(r) {
    if (!r.body) { return ''; }
    return r.year ? meta.name.replace('{body}', r.body).replace('{y}', r.year) : r.body;
  }
  function entry(r) {
    var d = el('details', 'report');
    var id = STATUS[r.st];
    d.dataset.status = id;
    if (r.st !== 3) { d.dataset.body = r.body; d.dataset.year = r.year; }
    d.dataset.path = r.path;
    var s = el('summary');
    s.appendChild(el('span', 'badge ' + id, meta.status[r.st]));
    var p = el('span', 'path');
    var name = nameOf(r);
    if (name) { p.appendChild(el('span', 'name', name)); }
    p.appendChild(el('span', 'file', r.path));
    s.appendChild(p);
    if (r.st !== 3) {
      d.dataset.errors = r.e; d.dataset.warnings = r.w; d.dataset.infos = r.inf;
      d.dataset.dismissed = r.d.length;
      var counts = meta.counts.replace('{e}', r.e).replace('{w}', r.w).replace('{i}', r.inf);
      if (r.d.length) { counts += meta.dismissedCount.replace('{n}', r.d.length); }
      s.appendChild(el('span', 'counts', counts));
    }
    d.appendChild(s);
    d.addEventListener('toggle', function () { if (d.open) { fill(d, r); } });
    return d;
  }
  function table(cls, heads) {
    var t = el('table', cls);
    var tr = el('tr');
    heads.split('|').forEach(function (h) { tr.appendChild(el('th', '', h)); });
    t.appendChild(el('thead')).appendChild(tr);
    return t.appendChild(el('tbody'));
  }
  // A report's findings, made when it is first opened.
  function fill(d, r) {
    if (d.dataset.filled) { return; }
    d.dataset.filled = '1';
    if (r.st === 3) { d.appendChild(el('p', 'none', r.msg)); return; }
    if (!r.f.length) { d.appendChild(el('p', 'none', meta.none)); }
    else {
      var body = table('findings', meta.head);
      r.f.forEach(function (x) {
        var rule = S(x[0]);
        var place = text(x[2]);
        var tr = el('tr');
        tr.dataset.rule = rule; tr.dataset.place = place; tr.dataset.fingerprint = S(x[4]);
        var td = el('td', '', meta.rules[rule] || rule);
        td.appendChild(el('code', 'rule-id', rule));
        tr.appendChild(td);
        tr.appendChild(el('td', 'sev-' + SEV[x[1]], meta.sev[x[1]]));
        tr.appendChild(el('td', '', place));
        tr.appendChild(el('td', '', text(x[3])));
        body.appendChild(tr);
      });
      d.appendChild(body.parentNode);
    }
    if (!r.d.length) { return; }
    d.appendChild(el('h3', '', meta.dtitle.replace('{n}', r.d.length)));
    var dt = table('dismissed', meta.dhead);
    r.d.forEach(function (x) {
      var tr = el('tr', 'dismissed');
      tr.dataset.rule = S(x[0]); tr.dataset.fingerprint = S(x[4]);
      tr.appendChild(el('td')).appendChild(el('code', '', S(x[0])));
      tr.appendChild(el('td', '', meta.sev[x[1]]));
      tr.appendChild(el('td')).appendChild(el('code', '', text(x[2])));
      tr.appendChild(el('td', '', text(x[3])));
      var why = el('td');
      why.appendChild(el('span', 'reason', S(x[5])));
      why.appendChild(document.createTextNode(' '));
      why.appendChild(el('code', '', S(x[6])));
      tr.appendChild(why);
      dt.appendChild(tr);
    });
    d.appendChild(dt.parentNode);
  }

  // Sorts, each computed once.
  var collator = window.Intl ? new Intl.Collator('zh-CN') : null;
  function cmpStr(a, b) { return collator ? collator.compare(a, b) : (a < b ? -1 : a > b ? 1 : 0); }
  var SORTS = {
    errors: function (a, b) { return b.e - a.e || b.w - a.w || a.n - b.n; },
    warnings: function (a, b) { return b.w - a.w || b.e - a.e || a.n - b.n; },
    name: function (a, b) {
      return (!a.body - !b.body) || cmpStr(a.body, b.body) || cmpStr(a.year, b.year) ||
        cmpStr(a.path, b.path) || a.n - b.n;
    },
    path: function (a, b) { return cmpStr(a.path, b.path) || a.n - b.n; }
  };
  var orders = { '': R };
  function ordered(key) {
    if (!SORTS[key]) { key = ''; }
    if (!orders[key]) { orders[key] = R.slice().sort(SORTS[key]); }
    return orders[key];
  }

  function failing(r) { return r.st === 0 || r.st === 3; }
  function hasRule(r, rule) {
    for (var k = 0; k < r.f.length; k++) { if (S(r.f[k][0]) === rule) { return true; } }
    return false;
  }
  function update() {
    var needle = q.value.trim().toLowerCase();
    var rule = ruleSel.value;
    matched = ordered(sortSel.value).filter(function (r) {
      if (onlyFailed.checked && !failing(r)) { return false; }
      if (rule && !hasRule(r, rule)) { return false; }
      if (needle === '') { return true; }
      if (r.key === undefined) { r.key = (r.body + ' ' + r.year + ' ' + r.path).toLowerCase(); }
      return r.key.indexOf(needle) >= 0;
    });
    list.textContent = '';
    rendered = 0;
    renderMore();
    shown.dataset.count = String(matched.length);
    shown.textContent = shown.dataset.template.replace('{n}', matched.length).replace('{total}', R.length);
  }
  // The next page of the list.
  function renderMore() {
    var end = Math.min(matched.length, rendered + PAGE);
    var frag = document.createDocumentFragment();
    for (; rendered < end; rendered++) { frag.appendChild(entry(matched[rendered])); }
    list.appendChild(frag);
    list.dataset.rendered = String(rendered);
    more.hidden = rendered >= matched.length;
    more.textContent = meta.more.replace('{n}', matched.length - rendered);
  }
  more.addEventListener('click', renderMore);
  if (window.IntersectionObserver) {
    // More as the reader scrolls to the end of the list.
    new IntersectionObserver(function (es) {
      if (es.some(function (e) { return e.isIntersecting; }) && !more.hidden) { renderMore(); }
    }, { rootMargin: '600px' }).observe(more);
  }

  // The view in the address: #q=…&failed&rule=…&sort=…&open=PATH.
  function fromAddress() {
    var st = { q: '', rule: '', sort: '', open: '', failed: false };
    location.hash.slice(1).split('&').forEach(function (part) {
      var eq = part.indexOf('=');
      var k = eq < 0 ? part : part.slice(0, eq);
      var v = eq < 0 ? '' : part.slice(eq + 1);
      // A malformed address (a lone "%") must not stop the page.
      try { v = decodeURIComponent(v); } catch (e) { /* keep it as typed */ }
      if (k === 'failed') { st.failed = true; } else if (eq >= 0 && k in st) { st[k] = v; }
    });
    q.value = st.q;
    onlyFailed.checked = st.failed;
    ruleSel.value = st.rule;
    if (ruleSel.value !== st.rule) { ruleSel.value = ''; }
    sortSel.value = SORTS[st.sort] ? st.sort : '';
    update();
    if (st.open) { open(st.open); }
  }
  function toAddress() {
    var parts = [];
    if (q.value) { parts.push('q=' + encodeURIComponent(q.value)); }
    if (onlyFailed.checked) { parts.push('failed'); }
    if (ruleSel.value) { parts.push('rule=' + encodeURIComponent(ruleSel.value)); }
    if (sortSel.value) { parts.push('sort=' + sortSel.value); }
    try { history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname); } catch (e) { /* a file: address may refuse */ }
  }
  // Opens the report with this path, showing as much of the list as needed.
  function open(path) {
    for (var k = 0; k < matched.length; k++) {
      if (matched[k].path !== path) { continue; }
      while (rendered <= k) { renderMore(); }
      var d = list.children[k];
      fill(d, matched[k]);
      d.open = true;
      d.scrollIntoView();
      return;
    }
  }
  function changed() { update(); toAddress(); }
  q.addEventListener('input', changed);
  onlyFailed.addEventListener('change', changed);
  ruleSel.addEventListener('change', changed);
  sortSel.addEventListener('change', changed);
  window.addEventListener('hashchange', fromAddress);
  // A rule in the table or the chart shows the reports with its findings.
  Array.prototype.forEach.call(document.querySelectorAll('#rule-table tr[data-rule], #chart g[data-rule]'), function (e) {
    e.addEventListener('click', function () {
      ruleSel.value = e.dataset.rule;
      changed();
      document.getElementById('reports-section').scrollIntoView();
    });
  });
  fromAddress();
  list.dataset.firstRenderMs = performance.now().toFixed(1);

  // The table as a file: UTF-8 with a byte-order mark, for Excel and WPS;
  // the bytes of `nianbao report --csv`.
  function field(s, guard) {
    s = String(s);
    if (guard) { s = "'" + s; }
    return /[,"\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function csvText() {
    var rules = meta.csvRules;
    var head = meta.csvHead.concat(rules.map(function (id) { return meta.rules[id] + '（' + id + '）'; }), [meta.csvNote]);
    var lines = [head.map(function (h) { return field(h); }).join(',')];
    R.forEach(function (r) {
      var cells;
      if (r.st === 3) {
        cells = ['', '', field(r.path, r.g & 2), meta.status[3], '', '', '', ''];
        rules.forEach(function () { cells.push(''); });
        cells.push(field(r.msg, r.g & 4));
      } else {
        var c = {};
        r.f.forEach(function (x) { var id = S(x[0]); c[id] = (c[id] || 0) + 1; });
        cells = [field(r.body, r.g & 1), r.year, field(r.path, r.g & 2), meta.status[r.st], r.e, r.w, r.inf, r.fix];
        rules.forEach(function (id) { cells.push(c[id] || 0); });
        cells.push('');
      }
      lines.push(cells.join(','));
    });
    return lines.join('\r\n') + '\r\n';
  }
  // FNV-1a over the UTF-16 code units: lets a test compare the export with --csv.
  function fnv1a(s) {
    var h = 0x811c9dc5;
    for (var k = 0; k < s.length; k++) { h = Math.imul(h ^ s.charCodeAt(k), 0x01000193); }
    return (h >>> 0).toString(16);
  }
  var csv = document.getElementById('csv-download');
  if (csv && window.Blob && window.URL && URL.createObjectURL) {
    var tableText = csvText();
    csv.href = URL.createObjectURL(new Blob(["\ufeff" + tableText], { type: 'text/csv;charset=utf-8' }));
    csv.dataset.length = String(tableText.length);
    csv.dataset.fnv1a = fnv1a(tableText);
    csv.hidden = false;
  }
  document.body.dataset.ready = '1';
})();
