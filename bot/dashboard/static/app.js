// Sentinela dashboard: the overview's chart and the review queue's keyboard. No inline scripts
// (the Content-Security-Policy forbids them): everything the pages run is in this file.
"use strict";

const DAY = new Intl.DateTimeFormat(document.documentElement.lang || "en", {
  day: "2-digit", month: "2-digit", timeZone: "UTC",
});
const PALETTE = ["#e8590c", "#1c7ed6", "#c2255c", "#2f9e44", "#7048e8", "#f08c00", "#0c8599", "#868e96"];

function drawChart(box) {
  const data = JSON.parse(document.getElementById(box.dataset.source).textContent);
  const xs = data.days.map((d) => Date.parse(d + "T00:00:00Z") / 1000);
  const readout = document.getElementById("chart-readout");
  const chips = Array.from(document.querySelectorAll("#chart-labels .chip"));
  const opts = {
    width: Math.max(320, box.clientWidth),
    height: 280,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
    scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
    series: [{ label: "" }].concat(
      data.series.map((s, i) => ({
        label: s.name,
        stroke: PALETTE[i % PALETTE.length],
        width: 2,
        points: { show: xs.length < 40 },
      }))
    ),
    // one tick a day at most, written as the page's language writes a date (01/12 or 12/1)
    axes: [
      { incrs: [86400, 2 * 86400, 7 * 86400], values: (u, ticks) => ticks.map((t) => DAY.format(new Date(t * 1000))) },
      { values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) ? t : "")) },
    ],
    legend: { show: false },
    hooks: {
      setCursor: [
        (u) => {
          const i = u.cursor.idx;
          if (i == null) return;
          const parts = data.series
            .map((s, k) => [s.name, s.counts[i], u.series[k + 1].show])
            .filter((p) => p[2])
            .map((p) => p[0] + " " + p[1]);
          readout.textContent = data.days[i] + ": " + parts.join(" · ");
          readout.dataset.day = data.days[i];
        },
      ],
    },
  };
  const plot = new uPlot(opts, [xs].concat(data.series.map((s) => s.counts)), box);
  chips.forEach((chip, k) => {
    chip.style.borderColor = PALETTE[k % PALETTE.length];
    chip.addEventListener("click", () => {
      // a label alone; the same label again shows them all
      const alone = chip.getAttribute("aria-pressed") === "true";
      chips.forEach((other, j) => {
        const show = alone || j === k;
        plot.setSeries(j + 1, { show });
        other.setAttribute("aria-pressed", String(!alone && j === k));
      });
    });
  });
  window.addEventListener("resize", () => plot.setSize({ width: Math.max(320, box.clientWidth), height: 280 }));
}

function reviewQueue(queue) {
  const open = () => Array.from(queue.querySelectorAll("article.alert:not(.reviewed):not([hidden])"));
  let current = null;
  const focus = (article, move = true) => {
    if (current) current.classList.remove("current");
    current = article || null;
    if (current) {
      current.classList.add("current");
      // not when a button was clicked: taking its focus makes htmx forget which one it was
      if (move) current.focus({ preventScroll: false });
    }
  };
  const move = (step) => {
    const items = open();
    if (!items.length) return focus(null);
    const at = items.indexOf(current);
    focus(items[Math.min(items.length - 1, Math.max(0, at < 0 ? 0 : at + step))]);
  };
  const next = (article) => {
    const items = open();
    const after = items.find((a) => article.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING);
    focus(after || items[items.length - 1]);
  };
  const skip = (article) => {
    const following = open().find((a) => article.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING);
    article.hidden = true; // skipped for now: it stays in the queue for the next visit
    focus(following || open()[0]);
  };
  queue.addEventListener("click", (e) => {
    const button = e.target.closest("button.skip");
    if (button) skip(button.closest("article"));
    const article = e.target.closest("article.alert");
    if (article && !article.hidden && !article.classList.contains("reviewed")) focus(article, !e.target.closest("button, a"));
  });
  document.body.addEventListener("htmx:afterSwap", (e) => {
    const done = e.detail.elt.closest ? e.detail.elt : null;
    if (done && done.matches("article.reviewed")) next(done);
  });
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.target.closest("input, select, textarea")) return;
    const key = e.key.toLowerCase();
    if (key === "j" || key === "arrowdown") move(1);
    else if (key === "k" || key === "arrowup") move(-1);
    else if (current && (key === "c" || key === "f")) current.querySelector(`button[data-key="${key}"]`).click();
    else if (current && key === "s") skip(current);
    else return;
    e.preventDefault();
  });
  focus(open()[0]);
}

document.addEventListener("DOMContentLoaded", () => {
  const chart = document.getElementById("chart");
  if (chart) drawChart(chart);
  const queue = document.getElementById("queue");
  if (queue) reviewQueue(queue);
});
