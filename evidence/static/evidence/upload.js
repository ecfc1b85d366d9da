// Upload page: drag and drop, one request per file, per-file progress.
// Without JavaScript the form still posts every chosen file at once.
(function () {
  "use strict";
  const form = document.getElementById("evidence-upload-form");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  const input = document.getElementById("id_files");
  const zone = document.getElementById("evidence-dropzone");
  const list = document.getElementById("evidence-upload-list");
  const queue = [];

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function enqueue(files) {
    for (const file of files) {
      const row = el("li", "evidence-upload-row");
      row.append(el("span", "evidence-upload-name", file.name));
      const bar = el("progress");
      bar.max = 100;
      bar.value = 0;
      bar.setAttribute("aria-label", "Upload progress of " + file.name);
      row.append(bar);
      const status = el("span", "evidence-upload-status", "waiting");
      row.append(status);
      list.append(row);
      queue.push({ file, row, bar, status });
    }
  }

  function fieldsOnly() {
    const data = new FormData(form);
    data.delete("files");
    return data;
  }

  function send(entry) {
    return new Promise(function (resolve) {
      const data = fieldsOnly();
      data.append("files", entry.file, entry.file.name);
      const xhr = new XMLHttpRequest();
      xhr.open("POST", form.dataset.uploadUrl);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("X-CSRFToken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      xhr.upload.onprogress = function (event) {
        if (event.lengthComputable) entry.bar.value = (100 * event.loaded) / event.total;
      };
      xhr.onload = function () {
        let body = {};
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = {}; }
        if (xhr.status === 201) {
          const item = body.items[0];
          entry.bar.value = 100;
          entry.row.classList.add("is-done");
          entry.status.textContent = "";
          const link = el("a", "evidence-upload-ref", item.reference);
          link.href = item.url;
          entry.status.append(link, " SHA-256 ");
          entry.status.append(el("code", "evidence-upload-sha256", item.sha256));
          if (item.thumbnail_url) {
            const img = el("img", "evidence-upload-thumb");
            img.src = item.thumbnail_url;
            img.alt = "Thumbnail of " + item.reference;
            entry.row.append(img);
          }
        } else {
          entry.row.classList.add("is-failed");
          const errors = body.errors ? JSON.stringify(body.errors) : "";
          entry.status.textContent = "failed: " + (body.error || errors || xhr.statusText);
        }
        resolve();
      };
      xhr.onerror = function () {
        entry.row.classList.add("is-failed");
        entry.status.textContent = "failed: the connection was lost; nothing was registered";
        resolve();
      };
      entry.status.textContent = "uploading";
      xhr.send(data);
    });
  }

  async function uploadAll() {
    while (queue.length) await send(queue.shift());
  }

  input.addEventListener("change", function () {
    enqueue(input.files);
  });
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add("is-over");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function () { zone.classList.remove("is-over"); });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    enqueue(event.dataTransfer.files);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    input.value = "";
    uploadAll();
  });
})();
