/* repwatch world map: country outlines (basemap.json) and points, drawn as SVG.
 *
 * Markup (templates/components/charts.html):
 *   <div class="map-canvas" id="map" data-points="map-data" data-basemap="/static/basemap.json">
 *   <script type="application/json" id="map-data">[{"lat", "lon", "label", "href", "count"}]</script>
 * Projection: equirectangular, x = lon, y = -lat; the view is cut at 84N and 60S.
 * No library, no inline script, no inline style (the CSP forbids both).
 */
(function () {
  "use strict";
  var SVG_NS = "http://www.w3.org/2000/svg";
  var NORTH = 84;
  var SOUTH = -60;

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG_NS, name);
    Object.keys(attrs).forEach(function (key) { node.setAttribute(key, String(attrs[key])); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function titled(node, text) {
    el("title", {}, node).textContent = text;
    return node;
  }

  function readJSON(id) {
    var block = id && document.getElementById(id);
    if (!block) { return []; }
    try {
      var data = JSON.parse(block.textContent);
      return Array.isArray(data) ? data : [];
    } catch (err) {
      return [];
    }
  }

  /* Only same-site paths: never javascript:, data: or another host. */
  function safeHref(href) {
    if (typeof href !== "string" || href.charAt(0) !== "/") { return null; }
    var second = href.charAt(1);
    return second === "/" || second === "\\" ? null : href;
  }

  function ringPath(ring) {
    return "M" + ring.map(function (p) { return p[0] + "," + (-p[1]); }).join("L") + "Z";
  }

  function featurePath(feature) {
    var geometry = feature.geometry || {};
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates || [];
    return polygons.map(function (rings) { return rings.map(ringPath).join(""); }).join("");
  }

  function draw(container, basemap, points) {
    var svg = el("svg", {
      viewBox: "-180 " + (-NORTH) + " 360 " + (NORTH - SOUTH),
      "class": "map-svg",
      preserveAspectRatio: "xMidYMid meet"
    });
    var land = el("g", { "class": "map-land" }, svg);
    (basemap.features || []).forEach(function (feature) {
      var props = feature.properties || {};
      var path = el("path", { d: featurePath(feature), "data-iso3": props.iso3 || "" }, land);
      titled(path, props.name || "");
    });

    var layer = el("g", { "class": "map-points" }, svg);
    var valid = points.filter(function (p) {
      return p && isFinite(p.lat) && isFinite(p.lon) && Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180;
    });
    var most = valid.reduce(function (m, p) { return Math.max(m, Number(p.count) || 1); }, 1);
    valid.sort(function (a, b) { return (Number(b.count) || 1) - (Number(a.count) || 1); });
    valid.forEach(function (p) {
      var count = Math.max(1, Number(p.count) || 1);
      var href = safeHref(p.href);
      var parent = href ? el("a", { href: href }, layer) : layer;
      var circle = el("circle", {
        cx: p.lon, cy: -p.lat, r: (1.2 + 4.8 * Math.sqrt(count / most)).toFixed(2), "class": "map-point"
      }, parent);
      titled(circle, String(p.label || "") + " (" + count + ")");
    });
    container.textContent = "";
    container.appendChild(svg);
    container.setAttribute("data-ready", "true");
  }

  function init() {
    var maps = Array.prototype.slice.call(document.querySelectorAll(".map-canvas"));
    if (!maps.length) { return; }
    var url = maps[0].getAttribute("data-basemap") || "/static/basemap.json";
    fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("base map: HTTP " + response.status); }
        return response.json();
      })
      .then(function (basemap) {
        maps.forEach(function (container) {
          draw(container, basemap, readJSON(container.getAttribute("data-points")));
        });
      })
      .catch(function () {
        maps.forEach(function (container) {
          container.textContent = "The base map could not be loaded.";
          container.setAttribute("data-ready", "error");
        });
      });
  }

  init();
}());
