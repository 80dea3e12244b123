/* repwatch timeline: a bar per period from [{"period", "count"}], drawn as SVG.
 *
 * Markup (templates/components/charts.html):
 *   <div class="timeline-canvas" id="timeline" data-series="timeline-data">
 *   <script type="application/json" id="timeline-data">[{"period": "2026-03", "count": 4}]</script>
 * No library, no inline script, no inline style (the CSP forbids both).
 */
(function () {
  "use strict";
  var SVG_NS = "http://www.w3.org/2000/svg";
  var WIDTH = 720;
  var HEIGHT = 180;
  var LEFT = 36;
  var BOTTOM = 22;
  var TOP = 8;

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG_NS, name);
    Object.keys(attrs).forEach(function (key) { node.setAttribute(key, String(attrs[key])); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function label(parent, x, y, text, anchor) {
    el("text", { x: x, y: y, "class": "timeline-label", "text-anchor": anchor || "start" }, parent)
      .textContent = text;
  }

  function readSeries(id) {
    var block = id && document.getElementById(id);
    if (!block) { return []; }
    try {
      var data = JSON.parse(block.textContent);
      return Array.isArray(data) ? data.filter(function (d) { return d && isFinite(d.count); }) : [];
    } catch (err) {
      return [];
    }
  }

  function draw(container, series) {
    container.textContent = "";
    if (!series.length) {
      container.textContent = "Nothing dated to chart.";
      container.setAttribute("data-ready", "empty");
      return;
    }
    var svg = el("svg", { viewBox: "0 0 " + WIDTH + " " + HEIGHT, "class": "timeline-svg" });
    var plotW = WIDTH - LEFT - 4;
    var plotH = HEIGHT - TOP - BOTTOM;
    var most = series.reduce(function (m, d) { return Math.max(m, Number(d.count)); }, 0) || 1;
    var step = plotW / series.length;
    var gap = step > 4 ? Math.min(2, step * 0.2) : 0;
    var bars = el("g", { "class": "timeline-bars" }, svg);
    series.forEach(function (d, i) {
      var h = plotH * Number(d.count) / most;
      var bar = el("rect", {
        x: (LEFT + i * step + gap / 2).toFixed(2), y: (TOP + plotH - h).toFixed(2),
        width: Math.max(step - gap, 0.5).toFixed(2), height: h.toFixed(2), "class": "timeline-bar"
      }, bars);
      el("title", {}, bar).textContent = String(d.period) + ": " + d.count;
    });
    el("line", { x1: LEFT, y1: TOP + plotH, x2: WIDTH - 4, y2: TOP + plotH, "class": "timeline-axis" }, svg);
    el("line", { x1: LEFT, y1: TOP, x2: LEFT, y2: TOP + plotH, "class": "timeline-axis" }, svg);
    label(svg, LEFT - 4, TOP + 10, String(most), "end");
    label(svg, LEFT - 4, TOP + plotH, "0", "end");
    label(svg, LEFT, HEIGHT - 6, String(series[0].period));
    if (series.length > 1) { label(svg, WIDTH - 4, HEIGHT - 6, String(series[series.length - 1].period), "end"); }
    container.appendChild(svg);
    container.setAttribute("data-ready", "true");
  }

  Array.prototype.forEach.call(document.querySelectorAll(".timeline-canvas"), function (container) {
    draw(container, readSeries(container.getAttribute("data-series")));
  });
}());
