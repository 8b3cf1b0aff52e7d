// The /stats page's charts: the daily trend of cases received and of the
// on-time rates, and the ranking by the figure chosen, drawn with ECharts
// from the numbers the page carries (#stats-data, data-chart). The table below them
// holds the same numbers for those who cannot see the charts.
(function () {
  "use strict";
  var el = document.getElementById("stats-data");
  if (!el || !window.echarts) return;
  var d = JSON.parse(el.getAttribute("data-chart"));
  var drawn = 0;
  function done(node) {
    node.setAttribute("data-drawn", "1");
    drawn++;
  }
  function chart(id, option) {
    var node = document.getElementById(id);
    if (!node) return null;
    var c = echarts.init(node, null, { renderer: "canvas" });
    c.on("finished", function () { done(node); });
    c.setOption(option);
    window.addEventListener("resize", function () { c.resize(); });
    return c;
  }
  var L = d.labels || {};
  // trend draws received cases and the on-time rates over days or weeks;
  // a click on a bar opens that day's or week's cases.
  function trend(id, keys, received, sign, resolve, urls) {
    var c = chart(id, {
      animation: false,
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0, data: [L.received, L.signOnTime, L.resolveOnTime] },
      grid: { left: 40, right: 40, top: 36, bottom: 28 },
      xAxis: { type: "category", data: keys || [] },
      yAxis: [{ type: "value", minInterval: 1 }, { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } }],
      series: [
        { name: L.received, type: "bar", data: received || [], itemStyle: { color: "#2f6f9f" } },
        { name: L.signOnTime, type: "line", yAxisIndex: 1, connectNulls: true, data: sign || [], itemStyle: { color: "#2e8b57" } },
        { name: L.resolveOnTime, type: "line", yAxisIndex: 1, connectNulls: true, data: resolve || [], itemStyle: { color: "#d2691e" } }
      ]
    });
    if (c) c.on("click", function (p) { var u = (urls || [])[p.dataIndex]; if (u) location.href = u; });
  }
  trend("trend-chart", d.days, d.received, d.signOnTime, d.resolveOnTime, d.dayURLs);
  trend("week-chart", d.weeks, d.weekReceived, d.weekSignOnTime, d.weekResolveOnTime, d.weekURLs);
  var mix = chart("mix-chart", {
    animation: false,
    tooltip: { trigger: "item", renderMode: "richText", formatter: "{b}: {c} ({d}%)" },
    series: [{ name: L.mix, type: "pie", radius: ["35%", "70%"], data: d.mix || [], label: { formatter: "{b} {d}%" } }]
  });
  if (mix) mix.on("click", function (p) { if (p.data && p.data.url) location.href = p.data.url; });
  var names = (d.names || []).slice().reverse();
  var values = (d.values || []).slice().reverse();
  var rank = document.getElementById("rank-chart");
  if (rank) rank.style.height = Math.max(120, 40 + names.length * 26) + "px";
  chart("rank-chart", {
    animation: false,
    tooltip: { trigger: "axis", renderMode: "richText" },
    grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
    title: { text: d.figure, textStyle: { fontSize: 13 }, left: 0, top: 0 },
    xAxis: { type: "value" },
    yAxis: { type: "category", data: names, axisLabel: { width: 110, overflow: "truncate" } },
    series: [{ name: d.figure, type: "bar", barMaxWidth: 28, data: values, itemStyle: { color: "#2f6f9f" } }]
  });
})();
