// The Pathway explorer: every slider posts the scenario and the moved levers to the recompute
// endpoint (debounced) and redraws the charts, the peak year, the 2030 value and the targets;
// the ensemble runs on request. A static file: the CSP forbids inline script.
"use strict";
(function () {
  var DEBOUNCE_MS = 150;
  var root, charts = {}, timer = null, sequence = 0;

  // A value that rounds to zero shows "0", never "-0" (Intl keeps the sign of -0.004), as the
  // server's i18n.format_number does.
  function format(value, digits) {
    var formatter = new Intl.NumberFormat(root.dataset.lang, { maximumFractionDigits: digits });
    var text = formatter.format(value);
    return isFinite(value) && !/[1-9]/.test(text) ? formatter.format(0) : text;
  }

  function moved() {
    var levers = {};
    document.querySelectorAll("input[data-lever]").forEach(function (input) {
      if (input.dataset.preset !== undefined && input.value === input.dataset.presetReading) {
        // A saved version's lever, untouched: its exact saved value (the slider shows it snapped).
        levers[input.dataset.lever] = Number(input.dataset.preset);
      } else if (input.value !== input.dataset.initial) {
        levers[input.dataset.lever] = Number(input.value);
      }
    });
    return levers;
  }

  function query(levers) {
    var parts = ["scenario=" + encodeURIComponent(root.dataset.scenario)];
    Object.keys(levers).forEach(function (key) {
      parts.push("lever=" + encodeURIComponent(key + "=" + levers[key]));
    });
    return parts.join("&");
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

  function lines(chart, years, series, stacked) {
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", top: 0 },
      grid: { left: 56, right: 24, top: 40, bottom: 32 },
      xAxis: { type: "category", data: years.map(String) },
      yAxis: { type: "value" },
      series: series.map(function (s) {
        var out = { name: s.name, type: "line", data: s.data, showSymbol: false };
        if (stacked) { out.stack = "total"; out.areaStyle = {}; }
        return out;
      }),
    }, true);
  }

  function named(groups) {
    return Object.keys(groups).map(function (key) { return { name: key, data: groups[key] }; });
  }

  function show(run) {
    var co2 = document.getElementById("co2-chart");
    lines(charts.co2, run.years, [
      { name: co2.dataset.assessment, data: run.assessment },
      { name: co2.dataset.territorial, data: run.territorial },
      { name: co2.dataset.net, data: run.net },
    ], false);
    lines(charts.sector, run.years, named(run.sectors), true);
    lines(charts.carrier, run.years, named(run.carriers), true);
    lines(charts.cost, run.years, named(run.costs), true);
    co2.dataset.value2030 = String(run.assessment_2030);
    co2.setAttribute("data-ready", "true");
    document.getElementById("peak-year").textContent =
      run.still_rising_in_2060 ? root.dataset.noPeak : String(run.peak_year);
    document.getElementById("value-2030").textContent = format(run.assessment_2030, 1);
    document.getElementById("net-zero-year").textContent =
      run.net_zero_year === null ? root.dataset.never : String(run.net_zero_year);
    var rows = document.getElementById("target-rows");
    rows.replaceChildren.apply(rows, run.targets.map(function (t) {
      var tr = document.createElement("tr");
      var status = t.met === null ? rows.dataset.notComparable : (t.met ? rows.dataset.met : rows.dataset.notMet);
      [t.name, String(t.year), format(t.value, 2), format(t.target, 2), t.unit, status].forEach(function (text, i) {
        var td = document.createElement("td");
        td.textContent = text;
        if (i >= 1 && i <= 3) { td.className = "num"; }
        tr.appendChild(td);
      });
      return tr;
    }));
  }

  function recompute() {
    var levers = moved();
    var mine = ++sequence;
    root.dataset.levers = JSON.stringify(levers);  // what "Save as…" saves (pathways_saved.js)
    document.getElementById("download-yaml").href = root.dataset.yamlUrl + "?" + query(levers);
    document.getElementById("download-iamc").href = root.dataset.iamcUrl + "?" + query(levers);
    post(root.dataset.runUrl, { scenario: root.dataset.scenario, levers: levers })
      .then(function (run) { if (mine === sequence) { show(run); } })
      .catch(function (error) {
        document.getElementById("co2-chart").setAttribute("data-error", root.dataset.errorText + " " + error.message);
      });
  }

  function ensemble() {
    var out = document.getElementById("ensemble-result");
    var button = document.getElementById("run-ensemble");
    button.disabled = true;
    post(root.dataset.ensembleUrl, { scenario: root.dataset.scenario, levers: moved() })
      .then(function (e) {
        out.textContent = out.dataset.template
          .replace("{p}", new Intl.NumberFormat(root.dataset.lang, { style: "percent", maximumFractionDigits: 1 }).format(e.probability_peak_by_2030))
          .replace("{p5}", String(Math.round(e.peak_year.p5)))
          .replace("{p95}", String(Math.round(e.peak_year.p95)))
          .replace("{p50}", String(Math.round(e.peak_year.p50)))
          .replace("{runs}", format(e.runs, 0))
          .replace("{seconds}", format(e.seconds, 2));
        out.setAttribute("data-ready", "true");
      })
      .catch(function (error) { out.textContent = root.dataset.errorText + " " + error.message; })
      .finally(function () { button.disabled = false; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    root = document.getElementById("explorer");
    if (!root) { return; }
    ["co2", "sector", "carrier", "cost"].forEach(function (name) {
      charts[name] = echarts.init(document.getElementById(name + "-chart"), null,
        { renderer: "svg", locale: root.dataset.locale });
    });
    document.querySelectorAll("input[data-lever]").forEach(function (input) {
      // The browser's own reading of the scenario's value (snapped to the step): unmoved. A
      // share link presets a saved value; the scenario's own is then read from data-default.
      var shown = input.value;
      input.value = input.dataset.default;
      input.dataset.initial = input.value;
      input.value = shown;
      input.dataset.presetReading = input.value;
      input.addEventListener("input", function () {
        document.getElementById("out-" + input.dataset.lever).textContent = format(Number(input.value), 2);
        clearTimeout(timer);
        timer = setTimeout(recompute, DEBOUNCE_MS);
      });
    });
    document.getElementById("scenario").addEventListener("change", function (event) {
      event.target.form.submit();
    });
    document.getElementById("reset").addEventListener("click", function () {
      document.querySelectorAll("input[data-lever]").forEach(function (input) {
        input.value = input.dataset.initial;
        document.getElementById("out-" + input.dataset.lever).textContent = format(Number(input.value), 2);
      });
      recompute();
    });
    document.getElementById("run-ensemble").addEventListener("click", ensemble);
    window.addEventListener("resize", function () {
      Object.keys(charts).forEach(function (name) { charts[name].resize(); });
    });
    recompute();
  });
})();
