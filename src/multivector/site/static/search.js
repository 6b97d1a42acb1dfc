/* multivector site search: ranks the entries of search-index.js (window.MV_SEARCH) for the words
   typed, with no network access, so that it works from file:// too. A name that equals the
   words comes first, then names that start with them, contain them, then any text. */
(function () {
  "use strict";
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var entries = (window.MV_SEARCH || []).map(function (e) {
    return { e: e, names: e.n.map(fold), text: fold(e.n.join(" ") + " " + e.x) };
  });
  function score(item, phrase, words) {
    var best = 0, hit = "";
    item.names.forEach(function (name, i) {
      var s = name === phrase ? 100 : name.indexOf(phrase) === 0 ? 60 :
        name.indexOf(phrase) >= 0 ? 40 : 0;
      if (s > best) { best = s; hit = item.e.n[i]; }
    });
    if (!best && words.every(function (w) { return item.text.indexOf(w) >= 0; })) { best = 10; }
    return best ? { s: best - 3 * item.e.g, hit: hit } : null;
  }
  function show(query) {
    var list = document.getElementById("results"), count = document.getElementById("count");
    var phrase = fold(query.trim()), words = phrase.split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) { count.textContent = ""; return; }
    var found = [];
    entries.forEach(function (item) {
      var r = score(item, phrase, words);
      if (r) { found.push({ item: item, s: r.s, hit: r.hit }); }
    });
    found.sort(function (a, b) {
      return b.s - a.s || a.item.e.t.localeCompare(b.item.e.t);
    });
    count.textContent = found.length + (found.length === 1 ? " result" : " results");
    found.slice(0, 100).forEach(function (f) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = f.item.e.u;
      a.textContent = f.item.e.t;
      li.appendChild(a);
      if (f.item.e.k) {
        var k = document.createElement("span");
        k.className = "kind";
        k.textContent = f.item.e.k;
        li.appendChild(document.createTextNode(" "));
        li.appendChild(k);
      }
      if (f.hit && f.hit !== f.item.e.t) {
        var also = document.createElement("span");
        also.className = "also";
        also.textContent = " — also " + f.hit;
        li.appendChild(also);
      }
      list.appendChild(li);
    });
  }
  var input = document.getElementById("q");
  input.value = new URLSearchParams(window.location.search).get("q") || "";
  input.addEventListener("input", function () { show(input.value); });
  show(input.value);
})();
