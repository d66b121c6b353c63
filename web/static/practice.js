// Keyboard for drilling: 1–5 or A–E choose an option, Enter submits or goes on; times each answer.
(function () {
  "use strict";
  var started = Date.now();
  var form = document.getElementById("answer-form");
  if (form) {
    form.addEventListener("submit", function () {
      var field = form.querySelector("input[name=elapsed_ms]");
      if (field) field.value = String(Date.now() - started);
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    var typing = target && (target.tagName === "TEXTAREA" || (target.tagName === "INPUT" && target.type === "text"));
    if (typing) return;
    var key = event.key.toUpperCase();
    if (form) {
      var index = "12345".indexOf(key) >= 0 ? "12345".indexOf(key) : "ABCDE".indexOf(key);
      var boxes = form.querySelectorAll("input[name=answer][data-key]");
      if (index >= 0 && key.length === 1 && index < boxes.length) {
        var box = boxes[index];
        box.checked = box.type === "checkbox" ? !box.checked : true;
        box.focus();
        event.preventDefault();
        return;
      }
      if (event.key === "Enter") {
        event.preventDefault();
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
      }
      return;
    }
    var next = document.getElementById("next");
    if (next && event.key === "Enter" && target !== next) {
      event.preventDefault();
      next.click();
    }
  });
})();
