// The wall screen's daily trend of the last 30 days: cases received (bars)
// and the share resolved on time (line), drawn with ECharts in the
// screen's dark colours from the numbers the page carries (data-chart).
(function () {
  "use strict";
  var el = document.getElementById("screen-trend");
  if (!el || !window.echarts) return;
  var d = JSON.parse(el.getAttribute("data-chart")), L = d.labels || {};
  var c = echarts.init(el, null, { renderer: "canvas" });
  c.on("finished", function () { el.setAttribute("data-drawn", "1"); });
  var axis = { axisLine: { lineStyle: { color: "#5d89b5" } }, axisLabel: { color: "#9cc3e8" }, splitLine: { lineStyle: { color: "#1d3a58" } } };
  c.setOption({
    animation: false,
    textStyle: { color: "#dce6f0" },
    tooltip: { trigger: "axis", renderMode: "richText" },
    legend: { top: 0, textStyle: { color: "#dce6f0" }, data: [L.received, L.resolveOnTime] },
    grid: { left: 36, right: 40, top: 30, bottom: 24 },
    xAxis: Object.assign({ type: "category", data: d.days || [] }, axis),
    yAxis: [Object.assign({ type: "value", minInterval: 1 }, axis), Object.assign({ type: "value", min: 0, max: 100, axisLabel: { color: "#9cc3e8", formatter: "{value}%" } }, { splitLine: { show: false } })],
    series: [
      { name: L.received, type: "bar", data: d.received || [], itemStyle: { color: "#3b8fd9" } },
      { name: L.resolveOnTime, type: "line", yAxisIndex: 1, connectNulls: true, data: d.resolveOnTime || [], itemStyle: { color: "#f0b429" } }
    ]
  });
  window.addEventListener("resize", function () { c.resize(); });
})();
