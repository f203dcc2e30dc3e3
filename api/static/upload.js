// Upload page: send the file to POST /documents with a progress bar, then show what was
// extracted (an HTML fragment rendered by the server). Without JavaScript the form posts
// to /tai-len and the server renders the same result.
"use strict";
(function () {
  var form = document.getElementById("upload-form");
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  var box = document.getElementById("upload-progress");
  var bar = document.getElementById("upload-bar");
  var label = document.getElementById("upload-label");
  var error = document.getElementById("upload-error");
  var result = document.getElementById("upload-result");
  var button = form.querySelector("button[type=submit]");
  var csrf = form.elements.csrf.value;

  function fail(message) {
    box.hidden = true;
    button.disabled = false;
    error.textContent = message;
    error.hidden = false;
  }

  function showResult(data) {
    if (data.status === "failed" || !data.id) {
      fail("Không đọc được tệp " + (data.filename || "") + ": " + (data.error || "lỗi không rõ"));
      return;
    }
    label.textContent = "Đang hiển thị kết quả…";
    var url = "/tai-len/ket-qua/" + encodeURIComponent(data.id) +
      "?trang_thai=" + encodeURIComponent(data.status);
    fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.text();
    }).then(function (html) {
      box.hidden = true;
      button.disabled = false;
      result.innerHTML = html;  // rendered and escaped by the server (same origin)
      var heading = result.querySelector("h2");
      if (heading) { heading.tabIndex = -1; heading.focus(); }
    }).catch(function () {
      fail("Đã tiếp nhận nhưng không tải được kết quả; mở /van-ban/" + data.id + " để xem.");
    });
  }

  form.addEventListener("submit", function (event) {
    var file = form.elements.file.files[0];
    if (!file) return;  // let the browser say the field is required
    event.preventDefault();
    error.hidden = true;
    result.textContent = "";
    button.disabled = true;
    box.hidden = false;
    bar.value = 0;
    label.textContent = "Đang gửi tệp " + file.name + "…";

    var body = new FormData();
    body.append("file", file);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/documents");
    xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total);
    });
    xhr.upload.addEventListener("load", function () {
      bar.removeAttribute("value");  // indeterminate while the server reads the file
      label.textContent = "Đã gửi xong; đang đọc và trích xuất…";
    });
    xhr.addEventListener("load", function () {
      var data = null;
      try { data = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
      if (xhr.status === 200 && data) showResult(data);
      else if (data && typeof data.detail === "string") fail(data.detail);
      else fail("Máy chủ báo lỗi " + xhr.status + "; hãy thử lại hoặc báo quản trị.");
    });
    xhr.addEventListener("error", function () { fail("Mất kết nối tới máy chủ; hãy thử lại."); });
    xhr.send(body);
  });
})();
