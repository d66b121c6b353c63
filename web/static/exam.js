// The exam page: save each answer as it is given, keep the answer sheet and the clock, hand in on time.
(function () {
  "use strict";
  var root = document.querySelector(".sitting");
  if (!root) return;
  var examId = root.dataset.exam;
  var form = document.getElementById("exam-form");
  var token = document.querySelector("meta[name=csrf-token]").content;
  var endsAt = Date.now() + Number(root.dataset.remaining) * 1000;  // the server's clock, not the device's
  var timer = document.getElementById("timer");
  var submitting = false;

  function handIn() {
    if (submitting) return;
    submitting = true;
    form.submit();
  }

  function answered() {
    var n = 0;
    form.querySelectorAll("fieldset.exam-item").forEach(function (fs) {
      if (fs.querySelector("input[name^=q]:checked")) n += 1;
    });
    document.getElementById("answered").textContent = String(n);
    return n;
  }

  // A fresh idempotency key per save; a retry of that save sends the same key, so it is applied once.
  function requestId() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  var RETRIES = 3;
  function send(number, body, sheet, attempt) {
    function retry() {
      return new Promise(function (resolve) { window.setTimeout(resolve, 500 * (attempt + 1)); })
        .then(function () { return send(number, body, sheet, attempt + 1); });
    }
    return fetch("/api/exams/" + examId + "/answers/" + number, {
      method: "PUT",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token, "Accept": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin"
    }).then(function (response) {
      if (response.status >= 500 && attempt < RETRIES) return retry();
      sheet.classList.remove("saving");
      if (response.status === 409) { window.location = "/exams/" + examId + "/result"; return; }
      if (!response.ok) { sheet.classList.add("unsaved"); return; }
      sheet.classList.remove("unsaved");
      return response.json().then(function (data) {
        endsAt = Date.now() + data.remaining_seconds * 1000;
      });
    }, function () {
      if (attempt < RETRIES) return retry();  // no answer from the server: send the same save again
      sheet.classList.remove("saving");
      sheet.classList.add("unsaved");
    });
  }

  // The saves of one item go one after another, so an earlier answer never lands after a later one.
  var queues = {};
  function save(fieldset, extra) {
    var number = fieldset.dataset.number;
    var chosen = Array.prototype.map.call(fieldset.querySelectorAll("input[name^=q]:checked"), function (i) { return i.value; });
    var body = Object.assign({ answer: chosen, request_id: requestId() }, extra || {});
    var sheet = document.getElementById("sheet" + number);
    sheet.classList.toggle("answered", chosen.length > 0);
    sheet.classList.add("saving");
    queues[number] = (queues[number] || Promise.resolve()).then(function () { return send(number, body, sheet, 0); });
    return queues[number];
  }

  form.addEventListener("change", function (event) {
    var input = event.target;
    var fieldset = input.closest("fieldset.exam-item");
    if (!fieldset) return;
    if (input.classList.contains("flag-box")) {
      document.getElementById("sheet" + fieldset.dataset.number).classList.toggle("flagged", input.checked);
      save(fieldset, { flagged: input.checked });
    } else {
      answered();
      save(fieldset);
    }
  });

  form.addEventListener("submit", function (event) {
    if (submitting) return;
    var left = form.querySelectorAll("fieldset.exam-item").length - answered();
    if (left > 0 && !window.confirm("还有 " + left + " 题没有作答，确定交卷吗？")) {
      event.preventDefault();
      return;
    }
    submitting = true;
  });

  // On a phone the paper shows one question per screen, the answer sheet a tap away; a desktop keeps the whole paper.
  var items = Array.prototype.slice.call(form.querySelectorAll("fieldset.exam-item"));
  var sheetNav = document.getElementById("answer-sheet");
  var sheetToggle = document.getElementById("sheet-toggle");
  var pager = form.querySelector(".item-pager");
  var phone = window.matchMedia("(max-width: 760px)");
  var current = 0;

  function show(index) {
    current = Math.max(0, Math.min(items.length - 1, index));
    items.forEach(function (fs, i) { fs.classList.toggle("current", i === current); });
    document.getElementById("item-position").textContent = "第 " + (current + 1) + "/" + items.length + " 题";
    document.getElementById("prev-item").disabled = current === 0;
    document.getElementById("next-item").disabled = current === items.length - 1;
  }

  function setSheet(open) {
    root.classList.toggle("sheet-open", open);
    sheetToggle.setAttribute("aria-expanded", String(open));
  }

  function layout() {
    var paged = phone.matches;
    root.classList.toggle("paged", paged);
    sheetToggle.hidden = !paged;
    pager.hidden = !paged;
    if (paged) {
      var hash = window.location.hash.match(/^#q(\d+)$/);
      show(hash ? Number(hash[1]) - 1 : current);
    }
  }

  sheetToggle.addEventListener("click", function () { setSheet(!root.classList.contains("sheet-open")); });
  document.getElementById("prev-item").addEventListener("click", function () { show(current - 1); window.scrollTo(0, 0); });
  document.getElementById("next-item").addEventListener("click", function () { show(current + 1); window.scrollTo(0, 0); });
  sheetNav.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    if (!link || !root.classList.contains("paged")) return;
    event.preventDefault();
    show(Number(link.textContent) - 1);
    setSheet(false);
    window.scrollTo(0, 0);
  });
  if (phone.addEventListener) phone.addEventListener("change", layout);
  layout();

  function tick() {
    var seconds = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    timer.textContent = Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
    root.classList.toggle("last-minutes", seconds <= 300);
    if (seconds === 0) { handIn(); return; }
    window.setTimeout(tick, 1000);
  }
  tick();
})();
