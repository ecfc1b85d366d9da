// Start the case workspace's choosers (cases/choosers.py). Wagtail starts a chooser
// with an inline script, which the Content-Security-Policy forbids; the widget
// carries its options in data attributes instead.
(function () {
  function start() {
    document.querySelectorAll("[data-cases-chooser]").forEach(function (node) {
      if (node.dataset.casesChooserStarted) return;
      node.dataset.casesChooserStarted = "1";
      var options = JSON.parse(node.dataset.casesChooserOptions);
      new window.Chooser(node.dataset.casesChooser, options);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
