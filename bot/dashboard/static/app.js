// Sentinela dashboard: the overview's chart and the review queue's keyboard. No inline scripts
// (the Content-Security-Policy forbids them): everything the pages run is in this file.
"use strict";

const LANG = document.documentElement.lang || "en";
// the chart's days are whole days of the zone the server counted them in (data.zone)
const dayFormat = (zone) => new Intl.DateTimeFormat(LANG, { day: "2-digit", month: "2-digit", timeZone: zone });

function ink(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function drawChart(box) {
  const data = JSON.parse(document.getElementById(box.dataset.source).textContent);
  const DAY = dayFormat("UTC"); // each day is drawn at its midnight UTC: a label, not an instant
  const xs = data.days.map((d) => Date.parse(d + "T00:00:00Z") / 1000);
  const readout = document.getElementById("chart-readout");
  const chips = Array.from(document.querySelectorAll("#chart-labels .chip"));
  let plot = null;
  const show = (i) => {
    // one day's counts in words: the readout is aria-live, so keyboard and screen readers get it too
    const parts = data.series
      .map((s, k) => [s.name, s.counts_text[i], plot.series[k + 1].show])
      .filter((p) => p[2])
      .map((p) => p[0] + " " + p[1]);
    readout.textContent = DAY.format(new Date(xs[i] * 1000)) + ": " + parts.join(" · ");
    readout.dataset.day = data.days[i];
  };
  const options = () => {
    // the theme's own colours: black axis labels on a dark card were 1.5:1
    const text = ink("--ink"), grid = ink("--line");
    return {
      width: Math.max(280, box.clientWidth),
      height: 280,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
      series: [{ label: "" }].concat(
        data.series.map((s) => ({ label: s.name, stroke: s.colour, width: 2, points: { show: xs.length < 40 } }))
      ),
      // one tick a day at most, written as the page's language writes a date (01/12 or 12/1)
      axes: [
        { stroke: text, grid: { stroke: grid }, ticks: { stroke: grid },
          incrs: [86400, 2 * 86400, 7 * 86400], values: (u, ticks) => ticks.map((t) => DAY.format(new Date(t * 1000))) },
        { stroke: text, grid: { stroke: grid }, ticks: { stroke: grid },
          values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) ? t : "")) },
      ],
      legend: { show: false },
      hooks: { setCursor: [(u) => { if (u.cursor.idx != null) show(u.cursor.idx); }] },
    };
  };
  const draw = () => {
    const hidden = plot ? plot.series.map((s) => s.show) : null;
    if (plot) plot.destroy();
    plot = new uPlot(options(), [xs].concat(data.series.map((s) => s.counts)), box);
    if (hidden) hidden.forEach((on, k) => k > 0 && plot.setSeries(k, { show: on }));
  };
  draw();
  chips.forEach((chip, k) => {
    chip.style.borderColor = data.series[k].colour;
    chip.addEventListener("click", () => {
      // a label alone; the same label again shows them all
      const alone = chip.getAttribute("aria-pressed") === "true";
      chips.forEach((other, j) => {
        plot.setSeries(j + 1, { show: alone || j === k });
        other.setAttribute("aria-pressed", String(!alone && j === k));
      });
    });
  });
  // the keyboard reads the same counts: arrows move a day, Home and End to the ends
  let at = xs.length - 1;
  box.addEventListener("keydown", (e) => {
    const step = { ArrowLeft: -1, ArrowRight: 1, Home: -xs.length, End: xs.length }[e.key];
    if (step === undefined) return;
    at = Math.min(xs.length - 1, Math.max(0, at + step));
    plot.setCursor({ left: plot.valToPos(xs[at], "x"), top: plot.over.clientHeight / 2 });
    show(at);
    e.preventDefault();
  });
  box.addEventListener("focus", () => show(at));
  window.addEventListener("resize", () => plot.setSize({ width: Math.max(280, box.clientWidth), height: 280 }));
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", draw);
}

function reviewQueue(queue) {
  const open = () => Array.from(queue.querySelectorAll("article.alert:not(.reviewed):not([hidden])"));
  const announce = document.getElementById("announce");
  let current = null;
  const mark = (article) => {
    if (current) current.classList.remove("current");
    current = article || null;
    if (current) current.classList.add("current");
  };
  const focus = (article) => {
    mark(article);
    if (current) current.focus({ preventScroll: false });
  };
  // the card that holds the focus is the one keys act on; the highlight follows it
  queue.addEventListener("focusin", (e) => {
    const article = e.target.closest("article.alert");
    if (article && !article.classList.contains("reviewed")) mark(article);
  });
  const target = () => {
    const focused = document.activeElement && document.activeElement.closest("article.alert");
    return focused && queue.contains(focused) ? focused : current;
  };
  const after = (article) =>
    open().find((a) => article.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING);
  const onward = (article) => {
    // the next alert, else the page's next step: the older page, else the queue's title
    const next = after(article) || open()[0];
    if (next) return focus(next);
    mark(null);
    (document.getElementById("older") || document.getElementById("queue-title")).focus();
  };
  const move = (step) => {
    const items = open();
    if (!items.length) return;
    const at = items.indexOf(target());
    focus(items[Math.min(items.length - 1, Math.max(0, at < 0 ? 0 : at + step))]);
  };
  const skip = (article) => {
    const next = after(article);
    article.hidden = true; // skipped for now: it stays in the queue for the next visit
    if (next) focus(next); else onward(article);
  };
  // a receipt offers its undo for data-seconds, then keeps only what was decided
  const receipts = [];
  const expire = (receipt) => {
    receipts.push(receipt);
    const form = receipt.querySelector("form.undo");
    if (form) setTimeout(() => form.remove(), Number(form.dataset.seconds) * 1000);
  };
  queue.addEventListener("click", (e) => {
    const button = e.target.closest("button.skip");
    if (button) skip(button.closest("article"));
  });
  document.body.addEventListener("htmx:afterSwap", (e) => {
    const swapped = e.detail.elt;
    if (!swapped || !swapped.matches) return;
    // htmx wires a swapped card's forms in its settle step, a timer later; the focus lands now,
    // and a key pressed in between submitted the bare form and left the page
    htmx.process(swapped);
    if (swapped.matches("article.reviewed")) {
      expire(swapped);
      onward(swapped);
    } else if (swapped.matches("article.alert")) {
      focus(swapped); // an undone verdict: the alert is back, and the focus with it
    }
  });
  document.body.addEventListener("htmx:responseError", (e) => {
    if (e.detail.elt.closest && e.detail.elt.closest("form.undo")) {
      announce.textContent = announce.dataset.tooLate;
      e.detail.elt.closest("form.undo").remove();
    }
  });
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.target.closest("input, select, textarea")) return;
    const key = e.key.toLowerCase();
    const card = target();
    if (key === "j" || key === "arrowdown") move(1);
    else if (key === "k" || key === "arrowup") move(-1);
    else if (key === "u") {
      // the newest receipt still offering its undo
      const receipt = receipts.filter((r) => r.isConnected && r.querySelector("form.undo")).pop();
      if (!receipt) return;
      receipt.querySelector("form.undo button").click();
    } else if (card && !card.classList.contains("reviewed") && (key === "c" || key === "f")) {
      card.querySelector(`button[data-key="${key}"]`).click();
    } else if (card && !card.classList.contains("reviewed") && key === "s") skip(card);
    else return;
    e.preventDefault();
  });
  focus(open()[0]);
}

// the browser's time zone, for the times the server writes (bot/dashboard/formats.py)
try {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone) document.cookie = "tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; SameSite=Lax";
} catch (e) { /* no Intl time zones: the server writes UTC */ }

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".chip[data-colour]").forEach((chip) => { chip.style.borderColor = chip.dataset.colour; });
  const chart = document.getElementById("chart");
  if (chart) drawChart(chart);
  const queue = document.getElementById("queue");
  if (queue) reviewQueue(queue);
  // after a setting is saved the page comes back at its form: the focus too, not at the top
  const id = new URLSearchParams(location.search).get("saved");
  const saved = id && document.getElementById(id);
  if (saved && document.querySelector(".flash")) {
    const field = saved.querySelector("input:not([type=hidden]), select");
    (field || saved).focus();
  }
});
