// The explorer's wedges and abatement cost curve: posts the scenario, the moved levers and the
// options to /api/v1/pathways/wedges and /macc when a slider has rested (a longer debounce than
// the recompute's: the wedges take a few tenths of a second), when an option changes or on the
// button, and draws a stacked wedge chart and a MACC (bar width = abatement, height = cost).
// A static file: the CSP forbids inline script.
"use strict";
(function () {
  var DEBOUNCE_MS = 600;
  var root, explorer, charts = {}, timer = null, sequence = 0;

  function lang() { return document.documentElement.lang || "en"; }

  // A value that rounds to zero shows "0", never "-0" (Intl keeps the sign of -0.004), as the
  // server's i18n.format_number does.
  function format(value, digits) {
    var formatter = new Intl.NumberFormat(lang(), { maximumFractionDigits: digits });
    var text = formatter.format(value);
    return isFinite(value) && !/[1-9]/.test(text) ? formatter.format(0) : text;
  }

  function named(item) { return lang().indexOf("zh") === 0 ? item.name_zh : item.name_en; }

  // The text of a select's option for a value the server answered with (not the select's
  // current state, which may have changed while the request ran).
  function optionText(id, value) {
    var option = document.querySelector("#" + id + " option[value='" + value + "']");
    return option ? option.textContent : value;
  }

  function fill(template, values) {
    return Object.keys(values).reduce(function (text, key) {
      return text.replace("{" + key + "}", values[key]);
    }, template);
  }

  function moved() {
    var levers = {};
    document.querySelectorAll("input[data-lever]").forEach(function (input) {
      if (input.value !== input.dataset.initial) { levers[input.dataset.lever] = Number(input.value); }
    });
    return levers;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error(data.detail || response.status); }
        return data;
      });
    });
  }

  function drawWedges(view) {
    var element = document.getElementById("wedge-chart");
    var series = view.wedges.map(function (w) {
      return { name: named(w), type: "line", stack: "wedges", areaStyle: {}, showSymbol: false,
               lineStyle: { width: 0 }, data: w.abated };
    });
    series.push({ name: element.dataset.gap, type: "line", showSymbol: false, data: view.gap,
                  lineStyle: { type: "dashed", color: "#222" }, itemStyle: { color: "#222" } });
    charts.wedges.setOption({
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: function (v) { return format(v, 2); } },
      legend: { type: "scroll", top: 0 },
      grid: { left: 56, right: 24, top: 64, bottom: 32 },
      xAxis: { type: "category", data: view.years.map(String) },
      yAxis: { type: "value", name: view.unit },
      series: series,
    }, true);
    var caption = document.getElementById("wedge-caption");
    caption.textContent = fill(caption.dataset.template, {
      reference: optionText("analysis-reference", view.reference),
      boundary: optionText("analysis-boundary", view.boundary),
      year: String(view.year),
      gap: format(view.gap_in_year, 2),
      orders: format(view.orders, 0),
      error: format(view.largest_standard_error, 2),
      seconds: format(view.seconds, 2),
    });
    element.setAttribute("data-ready", "true");
    element.dataset.boundary = view.boundary;
  }

  // One rectangle per bar: from the abatement before it to the abatement after it, up (or down)
  // to its cost.
  function rectangle(params, api) {
    var start = api.coord([api.value(0), api.value(2)]);
    var end = api.coord([api.value(1), 0]);
    return {
      type: "rect",
      shape: { x: start[0], y: Math.min(start[1], end[1]), width: Math.max(end[0] - start[0], 1),
               height: Math.abs(end[1] - start[1]) },
      style: api.style(),
    };
  }

  function list(id, bars) {
    var ul = document.getElementById(id);
    ul.replaceChildren.apply(ul, bars.map(function (bar) {
      var li = document.createElement("li");
      var reason = document.createElement("span");
      reason.className = "macc-reason";
      reason.dataset.codes = bar.reasons.map(function (r) { return r.code; }).join(" ");
      reason.textContent = bar.reason_text;  // in the page's language (the server translates)
      li.append(named(bar) + " (" + format(bar.abated_mt, 3) + " Mt): ", reason);
      return li;
    }));
  }

  function drawMacc(view) {
    var element = document.getElementById("macc-chart");
    var palette = ["#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452",
                   "#9a60b4", "#ea7ccc"];
    var left = 0;
    var data = view.bars.map(function (bar, i) {
      var item = { name: named(bar), value: [left, left + bar.abated_mt, bar.cost_per_t],
                   itemStyle: { color: palette[i % palette.length] }, note: bar.cost_note };
      left += bar.abated_mt;
      return item;
    });
    charts.macc.setOption({
      animation: false,
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          var v = p.data.value, safe = echarts.format.encodeHTML;
          return safe(p.name) + "<br>" + format(v[2], 0) + " " + element.dataset.yName + "<br>" +
            format(v[1] - v[0], 2) + " Mt CO2/yr" + (p.data.note ? "<br>" + safe(p.data.note) : "");
        },
      },
      grid: { left: 64, right: 24, top: 32, bottom: 48 },
      xAxis: { type: "value", name: element.dataset.xName, nameLocation: "middle", nameGap: 28, min: 0 },
      yAxis: { type: "value", name: element.dataset.yName },
      series: [{ type: "custom", renderItem: rectangle, encode: { x: [0, 1], y: 2 }, data: data }],
    }, true);
    var caption = document.getElementById("macc-caption");
    caption.textContent = fill(caption.dataset.template, {
      reference: optionText("analysis-reference", view.reference),
      year: String(view.year),
      scope: optionText("analysis-scope", view.scope),
      basis: optionText("analysis-basis", view.basis),
      rate: new Intl.NumberFormat(lang(), { style: "percent", maximumFractionDigits: 1 }).format(view.discount_rate),
    });
    var notes = view.basis_notes.slice();
    if (view.missing_cost_lines.length) { notes.push("missing cost lines: " + view.missing_cost_lines.join(", ")); }
    document.getElementById("macc-basis-notes").textContent = notes.join("; ");
    list("macc-unpriced", view.unpriced);
    list("macc-not-abating", view.not_abating);
    element.setAttribute("data-ready", "true");
    element.dataset.basis = view.basis;
  }

  function value(id) { return document.getElementById(id).value; }

  function compute() {
    var mine = ++sequence;
    var base = { scenario: explorer.dataset.scenario, levers: moved(),
                 reference: value("analysis-reference"), year: Number(value("analysis-year")) };
    var problem = document.getElementById("analysis-error");
    var failed = function (error) {
      if (mine === sequence) { problem.textContent = root.dataset.errorText + " " + error.message; }
    };
    problem.textContent = "";
    post(root.dataset.wedgesUrl, Object.assign({ boundary: value("analysis-boundary"),
                                                 orders: Number(value("analysis-orders")) }, base))
      .then(function (view) { if (mine === sequence) { drawWedges(view); } })
      .catch(failed);
    post(root.dataset.maccUrl, Object.assign({ scope: value("analysis-scope"), basis: value("analysis-basis") }, base))
      .then(function (view) { if (mine === sequence) { drawMacc(view); } })
      .catch(failed);
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(compute, DEBOUNCE_MS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    root = document.getElementById("analysis");
    explorer = document.getElementById("explorer");
    if (!root || !explorer) { return; }
    ["wedge", "macc"].forEach(function (name) {
      charts[name === "wedge" ? "wedges" : "macc"] = echarts.init(document.getElementById(name + "-chart"), null,
        { renderer: "svg", locale: explorer.dataset.locale });
    });
    document.querySelectorAll("input[data-lever]").forEach(function (input) {
      // pathways.js records the same snapped value; whichever runs first does it.
      if (input.dataset.initial === undefined) { input.dataset.initial = input.value; }
      input.addEventListener("input", later);
    });
    var reset = document.getElementById("reset");
    if (reset) { reset.addEventListener("click", later); }
    var form = document.getElementById("analysis-options");
    form.addEventListener("change", later);
    form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); compute(); });
    window.addEventListener("resize", function () { charts.wedges.resize(); charts.macc.resize(); });
    compute();
  });
})();
