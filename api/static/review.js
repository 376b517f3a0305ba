// The flag view's light enhancement (no build step, no CDN): the current flag's box on its page
// image (only that one), a zoom on the crop, keyboard shortcuts a / c / r / n.
(function () {
  document.querySelectorAll(".page").forEach(function (page) {
    var bbox = JSON.parse(page.dataset.bbox || "null");
    var img = page.querySelector("img"), box = page.querySelector(".box");
    if (!bbox || !img) return;
    function place() {
      var sx = img.clientWidth / img.naturalWidth, sy = img.clientHeight / img.naturalHeight;
      box.style.left = bbox.x0 * sx + "px"; box.style.top = bbox.y0 * sy + "px";
      box.style.width = (bbox.x1 - bbox.x0) * sx + "px"; box.style.height = (bbox.y1 - bbox.y0) * sy + "px";
      box.style.display = "block";
      var canvas = page.parentNode.querySelector(".zoom canvas");
      if (canvas) {
        var pad = 20, w = bbox.x1 - bbox.x0 + 2 * pad, h = bbox.y1 - bbox.y0 + 2 * pad;
        var k = Math.min(canvas.width / w, canvas.height / h);
        canvas.getContext("2d").drawImage(img, bbox.x0 - pad, bbox.y0 - pad, w, h, 0, 0, w * k, h * k);
      }
    }
    if (img.complete && img.naturalWidth) place(); else img.addEventListener("load", place);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.target.matches("input, textarea, select") || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var ids = {a: "accept", c: "correct", r: "reject"};
    if (ids[ev.key]) {
      var button = document.getElementById(ids[ev.key]);
      if (!button) return;
      if (ev.key !== "a" && !document.getElementById("comment").value.trim()) {
        document.getElementById("comment").focus(); ev.preventDefault(); return;
      }
      button.click();
    } else if (ev.key === "n") {
      var current = document.querySelector("nav.flags li.current");
      var next = current && current.nextElementSibling;
      var link = next ? next.querySelector("a") : document.querySelector("nav.flags li a");
      if (link) link.click();
    }
  });
})();
