// The charts' one boot code, shared by the pages' scripts (overview.js, inventory.js,
// programme_task.js): an ECharts instance on an element whose data-locale names ECharts' locale
// (ZH or EN), resized with the window and disposed when htmx removes the element; the JSON twin
// read from a data-url; the element marked data-ready (data-points) or data-error, which the
// browser tests wait for. A static file: the CSP forbids inline script.
"use strict";
window.peakzeroCharts = (function () {
  var live = [];

  function init(element) {
    var chart = echarts.init(element, null, { renderer: "svg", locale: element.dataset.locale });
    live.push(chart);
    return chart;
  }

  function dispose(element) {
    var chart = echarts.getInstanceByDom(element);
    if (!chart) { return; }
    live = live.filter(function (c) { return c !== chart; });
    chart.dispose();
  }

  // Options every chart shares; each argument (a page's own options) is added in turn and
  // overrides what came before.
  function options() {
    var shared = {
      animation: false,
      tooltip: { trigger: "axis" },
      grid: { left: 48, right: 24, top: 32, bottom: 32 },
    };
    return Object.assign.apply(null, [shared].concat(Array.prototype.slice.call(arguments)));
  }

  // The axes of a chart by year: history's years along x, unit named on y.
  function byYear(history, unit) {
    return {
      xAxis: { type: "category", data: history.map(function (p) { return String(p.year); }) },
      yAxis: { type: "value", name: unit },
    };
  }

  // The JSON at url; a failure marks each of elements with data-error (and rejects).
  function load(url, elements) {
    return fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status + " " + url); }
        return response.json();
      })
      .catch(function (error) {
        elements.forEach(function (element) { element.setAttribute("data-error", String(error)); });
        throw error;
      });
  }

  function ready(element, points) {
    element.dataset.points = String(points);
    element.setAttribute("data-ready", "true");
  }

  // Calls boot with the elements matching selector once the page is parsed (none: not called).
  function onPage(selector, boot) {
    document.addEventListener("DOMContentLoaded", function () {
      var elements = Array.prototype.slice.call(document.querySelectorAll(selector));
      if (elements.length) { boot(elements); }
    });
  }

  window.addEventListener("resize", function () { live.forEach(function (c) { c.resize(); }); });
  document.addEventListener("htmx:beforeCleanupElement", function (event) { dispose(event.target); });

  return { init: init, dispose: dispose, options: options, byYear: byYear, load: load, ready: ready, onPage: onPage };
})();
