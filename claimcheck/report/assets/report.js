// claimcheck report page. Builds the statement list and evidence panel from the JSON block.
// Text from the draft or the sources only ever enters the page through textContent.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("report-data").textContent);
  var REPORT = DATA.report;
  var REVIEW = DATA.review;
  var FLAGS = { contradicted: true, unverifiable: true };
  var STOP = new Set("the a an and or but of to in on at for with by from as is are was were be been it its this that these those he she they we i you his her their our said says".split(" "));
  var byId = {};
  REPORT.judgments.forEach(function (j) { byId[j.statement.id] = j; });
  var order = REPORT.judgments.slice().sort(function (a, b) { return a.statement.span[0] - b.statement.span[0]; });
  var sentenceOf = {};  // statement id -> the sentence of several claims it is part of
  (REPORT.sentences || []).forEach(function (sv) { sv.statements.forEach(function (id) { sentenceOf[id] = sv; }); });
  var newFlags = new Set(REPORT.new_flags || []);
  var shown = new Set(Object.keys(DATA.labels));
  var current = null;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "class") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  function words(text) {
    return (text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'’.,%$-]*[\p{L}\p{N}%]|[\p{L}\p{N}]/gu) || [])
      .filter(function (w) { return !STOP.has(w); });
  }

  // The passage with the words it shares with the statement marked.
  function highlighted(passage, statement) {
    var wanted = new Set(words(statement));
    var box = el("div", { class: "passage" });
    var re = /[\p{L}\p{N}][\p{L}\p{N}'’.,%$-]*[\p{L}\p{N}%]|[\p{L}\p{N}]/gu;
    var last = 0, m;
    while ((m = re.exec(passage)) !== null) {
      if (!wanted.has(m[0].toLowerCase())) continue;
      box.appendChild(document.createTextNode(passage.slice(last, m.index)));
      box.appendChild(el("mark", { text: m[0] }));
      last = m.index + m[0].length;
    }
    box.appendChild(document.createTextNode(passage.slice(last)));
    return box;
  }

  function diffNode(diff) {
    var box = el("p", { class: "diff" }, ["Word diff (draft vs source): "]);
    diff.forEach(function (d) {
      if (d.op === "equal") box.appendChild(document.createTextNode(d.draft + " "));
      if (d.op === "delete" || d.op === "replace") { box.appendChild(el("del", { text: d.source, title: "in the source, not the draft" })); box.appendChild(document.createTextNode(" ")); }
      if (d.op === "insert" || d.op === "replace") { box.appendChild(el("ins", { text: d.draft, title: "in the draft, not the source" })); box.appendChild(document.createTextNode(" ")); }
    });
    return box;
  }

  function sourceLink(src) {
    var url = src.url || "";
    if (/^https?:\/\//i.test(url)) return el("a", { href: url, rel: "noopener noreferrer", target: "_blank", text: url });
    return el("code", { text: src.source });
  }

  function evidenceNode(e, statement) {
    var s = e.source, p = e.passage;
    var head = el("div", {}, [el("b", { text: s.title }), " ", el("span", { class: "src", text: "(" + s.kind + (s.date ? ", " + s.date + (s.date_from ? " (" + s.date_from + ")" : "") : "") + (p.speaker ? "; speaker: " + p.speaker : "") + "; match " + e.score.toFixed(2) + ")" })]);
    return el("div", { class: "evidence" }, [head, highlighted(p.text, statement), el("div", { class: "src" }, ["Source: ", sourceLink(s), " chars " + p.span[0] + "–" + p.span[1]])]);
  }

  function reviewForm(j) {
    var id = j.statement.id;
    var saved = (REPORT.reviews || {})[id];
    var form = el("form", { class: "review", "aria-label": "Review this flag" });
    var set = el("fieldset", {}, [el("legend", { text: "Your decision" })]);
    ["confirmed", "dismissed", "fixed"].forEach(function (d) {
      var input = el("input", { type: "radio", name: "decision", value: d, id: "d-" + d });
      if (saved && saved.decision === d) input.checked = true;
      set.appendChild(el("label", { for: "d-" + d }, [input, " " + d + " "]));
    });
    var note = el("textarea", { name: "note", rows: "2", placeholder: "Note (optional)", "aria-label": "Note" });
    note.value = saved ? saved.note : "";
    var who = el("input", { type: "text", name: "reviewer", placeholder: "Your name", "aria-label": "Your name" });
    who.value = saved ? saved.reviewer : (localStorage.getItem("claimcheck-reviewer") || "");
    var status = el("span", { class: "saved", role: "status" });
    if (saved) status.textContent = "Saved: " + saved.decision + " by " + saved.reviewer + (saved.carried_from ? " (carried from " + saved.carried_from + ")" : "");
    var button = el("button", { type: "submit", text: "Save decision" });
    form.appendChild(set);
    form.appendChild(note);
    form.appendChild(who);
    form.appendChild(el("p", {}, [button, status]));
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var choice = form.querySelector("input[name=decision]:checked");
      status.className = "error";
      if (!choice) { status.textContent = "Choose confirmed, dismissed or fixed."; return; }
      if (!who.value.trim()) { status.textContent = "Give your name."; return; }
      localStorage.setItem("claimcheck-reviewer", who.value.trim());
      fetch("api/decisions?token=" + encodeURIComponent(REVIEW.token), {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ statement_id: id, decision: choice.value, note: note.value, reviewer: who.value })
      }).then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
        .then(function (res) {
          if (!res.ok) { status.textContent = "Not saved: " + (res.body.detail || "error"); return; }
          REPORT.reviews = REPORT.reviews || {};
          REPORT.reviews[id] = res.body;
          status.className = "saved";
          status.textContent = "Saved: " + res.body.decision + " by " + res.body.reviewer;
          renderList();
        })
        .catch(function (err) { status.textContent = "Not saved: " + err; });
    });
    return form;
  }

  // The sentence a claim was cut from: the worst verdict of its claims, and each claim (the
  // others are buttons that open their own detail).
  function sentenceNode(sv, id) {
    var parts = el("ol", { class: "parts" });
    sv.statements.forEach(function (sid, i) {
      var part = byId[sid];
      var label = DATA.symbols[sv.verdicts[i]] + " " + part.statement.text;
      if (sid === id) {
        parts.appendChild(el("li", { class: "v-" + sv.verdicts[i] }, [el("b", { text: label })]));
        return;
      }
      var open = el("button", { type: "button", class: "v-" + sv.verdicts[i], text: label });
      open.addEventListener("click", function () { select(sid); });
      parts.appendChild(el("li", {}, [open]));
    });
    return el("div", { class: "sentence" }, [
      el("p", {}, [el("b", { text: "Sentence: " }),
        el("span", { class: "verdict v-" + sv.verdict, text: DATA.symbols[sv.verdict] + " " + DATA.labels[sv.verdict] }),
        ", the worst of its " + sv.statements.length + " claims"]),
      parts
    ]);
  }

  function renderDetail(j) {
    var box = document.getElementById("detail");
    box.replaceChildren();
    box.hidden = false;
    var st = j.statement;
    var close = el("button", { class: "close", type: "button", text: "Close", "aria-label": "Close" });
    close.addEventListener("click", function () { select(null); });
    box.appendChild(close);
    box.appendChild(el("h3", {}, [el("span", { class: "verdict v-" + j.verdict, text: DATA.symbols[j.verdict] + " " + DATA.labels[j.verdict] }), " · " + st.kind + (st.category !== st.kind ? " · " + st.category.replace("_", " ") : "") + " · confidence " + j.confidence.toFixed(2)]));
    box.appendChild(el("p", { class: "quoted" }, [st.kind === "quote" ? "“" + st.text + "”" : st.text, st.speaker ? el("span", { class: "src", text: " — " + st.speaker }) : null]));
    box.appendChild(el("p", { class: "reason" }, [el("b", { text: "Reason: " }), j.reason]));
    var sv = sentenceOf[st.id];
    if (sv) box.appendChild(sentenceNode(sv, st.id));
    if (j.figures) {
      var table = el("table", { class: "figures" }, [
        el("tr", {}, [el("th", { text: "Draft" }), el("th", { text: j.evidence.length ? j.evidence[0].source.title : "Source" })]),
        el("tr", {}, [el("td", { text: j.figures[0] }), el("td", { text: j.figures[1] })])
      ]);
      box.appendChild(table);
    }
    if (j.diff && j.diff.some(function (d) { return d.op !== "equal"; })) box.appendChild(diffNode(j.diff));
    j.evidence.slice(0, 3).forEach(function (e) { box.appendChild(evidenceNode(e, st.text)); });
    if (!j.evidence.length) box.appendChild(el("p", { class: "src", text: "No evidence passage in the index." }));
    if (REVIEW && FLAGS[j.verdict]) box.appendChild(reviewForm(j));
  }

  function renderList() {
    var list = document.getElementById("statements");
    list.replaceChildren();
    order.forEach(function (j) {
      if (!shown.has(j.verdict)) return;
      var st = j.statement;
      var text = st.text.length > 110 ? st.text.slice(0, 107) + "…" : st.text;
      var button = el("button", { type: "button", class: "v-" + j.verdict, "data-id": st.id }, [
        el("span", { class: "sym", text: DATA.symbols[j.verdict] + " " }), text]);
      if (newFlags.has(st.id)) button.appendChild(el("span", { class: "badge new", text: "new" }));
      var rv = (REPORT.reviews || {})[st.id];
      if (rv) button.appendChild(el("span", { class: "badge", text: rv.decision }));
      if (current === st.id) button.setAttribute("aria-current", "true");
      button.addEventListener("click", function () { select(st.id); });
      list.appendChild(el("li", {}, [button]));
    });
  }

  function select(id) {
    current = id;
    document.querySelectorAll("mark.st.selected").forEach(function (m) { m.classList.remove("selected"); });
    if (id === null) { document.getElementById("detail").hidden = true; renderList(); return; }
    var first = null;
    document.querySelectorAll("mark.st").forEach(function (m) {
      if (m.dataset.ids.split(" ").indexOf(id) >= 0) { m.classList.add("selected"); first = first || m; }
    });
    if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
    renderDetail(byId[id]);
    renderList();
  }

  function flagIds() {
    return order.filter(function (j) { return FLAGS[j.verdict] && shown.has(j.verdict); }).map(function (j) { return j.statement.id; });
  }

  function step(delta) {
    var ids = flagIds();
    if (!ids.length) return;
    var at = ids.indexOf(current);
    var next = at < 0 ? (delta > 0 ? 0 : ids.length - 1) : (at + delta + ids.length) % ids.length;
    select(ids[next]);
  }

  document.getElementById("draft").addEventListener("click", function (ev) {
    var mark = ev.target.closest("mark.st");
    if (!mark) return;
    var ids = mark.dataset.ids.split(" ").filter(function (i) { return shown.has(byId[i].verdict); });
    if (!ids.length) return;
    // Clicking again on overlapping statements cycles through them.
    var at = ids.indexOf(current);
    select(ids[(at + 1) % ids.length]);
  });

  document.querySelectorAll("input.filter").forEach(function (box) {
    box.addEventListener("change", function () {
      if (box.checked) shown.add(box.value); else shown.delete(box.value);
      document.querySelectorAll("mark.st").forEach(function (m) {
        var visible = m.dataset.ids.split(" ").filter(function (i) { return shown.has(byId[i].verdict); });
        m.classList.toggle("hidden-verdict", visible.length === 0);
        ["contradicted", "unverifiable", "supported", "not_checkable"].forEach(function (v) { m.classList.remove("v-" + v); });
        if (visible.length) m.classList.add("v-" + byId[visible[0]].verdict);
      });
      if (current && !shown.has(byId[current].verdict)) select(null); else renderList();
    });
  });

  document.addEventListener("keydown", function (ev) {
    var tag = (ev.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "j" || ev.key === "n") { step(1); ev.preventDefault(); }
    else if (ev.key === "k" || ev.key === "p") { step(-1); ev.preventDefault(); }
    else if (ev.key === "Escape") { select(null); }
  });

  renderList();
})();
