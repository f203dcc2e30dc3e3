// The document page: select a sentence in the full text to add a task the machine
// missed. The offsets sent are offsets into the document's text, as the server stores it:
// the "NV1" anchors the page puts before each task are not part of it.
(function () {
  "use strict";
  var text = document.getElementById("toan-van-text");
  var form = document.getElementById("them-nhiem-vu");
  var span = document.getElementById("dat-doan");  // set an existing task's span instead
  if (!text || !form) {
    return;
  }
  function offsetOf(container, offset) {
    var range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(container, offset);
    var part = range.cloneContents();
    part.querySelectorAll(".task-no").forEach(function (n) { n.remove(); });
    return part.textContent.length;
  }
  function chosen() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
      return null;
    }
    var range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) {
      return null;
    }
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    return end > start ? { start: start, end: end, words: selection.toString() } : null;
  }
  function show() {
    var picked = chosen();
    if (!picked || picked.words.trim().length < 3) {
      return;
    }
    form.elements.text_start.value = String(picked.start);
    form.elements.text_end.value = String(picked.end);
    var words = picked.words.replace(/\s+/g, " ").trim();
    form.querySelector(".selected-text").textContent =
      words.length > 300 ? words.slice(0, 300) + "…" : words;
    form.hidden = false;
    if (span) {
      span.elements.text_start.value = String(picked.start);
      span.elements.text_end.value = String(picked.end);
      span.hidden = false;
      aim();
    }
  }
  function aim() {
    span.action = "/nhiem-vu/" + encodeURIComponent(span.elements.task.value) + "/doan";
  }
  if (span) {
    span.elements.task.addEventListener("change", aim);
  }
  text.addEventListener("mouseup", show);
  text.addEventListener("keyup", show);
})();
