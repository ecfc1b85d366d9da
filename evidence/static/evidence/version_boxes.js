// Draw redaction boxes on an item's preview: each drag adds a line
// "x, y, width, height" to the form's regions, in pixels of the upright original.
// The form works without this script; it only saves measuring by hand.
(function () {
  "use strict";
  const form = document.getElementById("make-version");
  const preview = document.querySelector("img.evidence-preview");
  const regions = document.getElementById("id_regions");
  if (!form || !preview || !regions || !form.dataset.width) return;

  const stored = [parseInt(form.dataset.width, 10), parseInt(form.dataset.height, 10)];
  const wrapper = document.createElement("span");
  wrapper.className = "evidence-draw";
  preview.parentNode.insertBefore(wrapper, preview);
  wrapper.appendChild(preview);
  preview.draggable = false;
  const hint = document.createElement("span");
  hint.className = "help-block";
  hint.textContent = "Drag on the picture to add a box to “Make a version”.";
  wrapper.after(hint);

  function upright() {
    // The preview is upright; the stored size is not when the camera turned it.
    const wide = preview.naturalWidth >= preview.naturalHeight;
    return wide === stored[0] >= stored[1] ? stored : [stored[1], stored[0]];
  }

  function point(event) {
    const rect = preview.getBoundingClientRect();
    return {
      x: Math.min(Math.max(event.clientX - rect.left, 0), rect.width),
      y: Math.min(Math.max(event.clientY - rect.top, 0), rect.height),
    };
  }

  let start = null;
  let box = null;
  wrapper.addEventListener("pointerdown", function (event) {
    if (event.button !== 0) return;
    event.preventDefault();
    wrapper.setPointerCapture(event.pointerId);
    start = point(event);
    box = document.createElement("span");
    box.className = "evidence-draw-box";
    wrapper.appendChild(box);
  });
  wrapper.addEventListener("pointermove", function (event) {
    if (!start) return;
    const end = point(event);
    box.style.left = Math.min(start.x, end.x) + "px";
    box.style.top = Math.min(start.y, end.y) + "px";
    box.style.width = Math.abs(end.x - start.x) + "px";
    box.style.height = Math.abs(end.y - start.y) + "px";
  });
  wrapper.addEventListener("pointerup", function (event) {
    if (!start) return;
    const end = point(event);
    const rect = preview.getBoundingClientRect();
    const [width, height] = upright();
    const sx = width / rect.width;
    const sy = height / rect.height;
    const x = Math.floor(Math.min(start.x, end.x) * sx);
    const y = Math.floor(Math.min(start.y, end.y) * sy);
    const w = Math.min(Math.ceil(Math.max(start.x, end.x) * sx), width) - x;
    const h = Math.min(Math.ceil(Math.max(start.y, end.y) * sy), height) - y;
    start = null;
    if (w < 2 || h < 2) {
      box.remove();
      return;
    }
    const text = regions.value.replace(/\s+$/, "");
    regions.value = (text ? text + "\n" : "") + [x, y, w, h].join(", ");
    form.open = true;
  });
})();
