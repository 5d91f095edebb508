/* gdbook widgets: "Roll downhill". Gradient descent on a curve, one step at a time.
 *
 * Markup (the static content inside is what readers without JavaScript see; it is replaced):
 *   <div class="gd-widget" data-widget="roll-downhill" data-function="parabola"
 *        data-functions="parabola double-well" data-lr="0.1" data-x0="0">
 *     <p>Static text or figure.</p>
 *   </div>
 * The run is gdbook.minimize(f, x0, SGD(lr), steps) step by step (gdbook.math, see gdmath.js), so
 * the numbers on screen are the engine's. The curves, their labels, windows, minima and start
 * points come from gdbook.data (tools/widget_data.py). root.gdbook exposes the run to
 * tests/test_widgets.py.
 */
(function () {
  "use strict";
  const gd = window.gdbook;
  const { h, s } = gd;

  const M = { l: 44, r: 14, t: 14, b: 30 };
  // The learning-rate slider: about twenty decimal-friendly values per decade, from 0.001 to 3
  // (so its steps are even on a log scale, and every value it shows is the exact lr it runs).
  const MANTISSAS = [1, 1.1, 1.2, 1.3, 1.5, 1.7, 2, 2.2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 7, 8, 9, 9.5];
  const LRS = [-3, -2, -1, 0].flatMap((e) => MANTISSAS.map((m) => Number((m * 10 ** e).toPrecision(3)))).filter((v) => v <= 3);
  const nearestLr = (v) => LRS.reduce((best, x, i) => (Math.abs(Math.log(x / v)) < Math.abs(Math.log(LRS[best] / v)) ? i : best), 0);
  const num = (v, d = 4) => gd.num(v, d);
  // The integers inside a window: the axis ticks.
  const ticks = ([lo, hi]) => Array.from({ length: Math.floor(hi) - Math.ceil(lo) + 1 }, (_, i) => Math.ceil(lo) + i);

  gd.widget("roll-downhill", (root) => {
    // FUNCTIONS[name] = {label, x0}: x0 is where the ball starts when the reader picks the curve.
    const { functions: FUNCTIONS, lr: LR, settled: SETTLED, max_steps: MAX_STEPS } = gd.data.widgets["roll-downhill"];
    const offered = (root.dataset.functions || Object.keys(FUNCTIONS).join(" ")).split(/\s+/).filter((n) => FUNCTIONS[n]);
    const state = {
      fn: FUNCTIONS[root.dataset.function] ? root.dataset.function : offered[0],
      lr: Number(root.dataset.lr || LR),
      x0: Number(root.dataset.x0 || 0),
      run: null,
      timer: null,
      said: "", // last regime announced, so the live region does not chatter while playing
    };
    const id = gd.uid("roll");
    // The plot's size in SVG units: wide on a desktop, taller (and so with bigger text) on a phone.
    let W = 640, H = 300;

    // ---- the controls ------------------------------------------------------------------------
    const fnPicker = offered.length > 1
      ? h("fieldset", { class: "gd-choices" },
          h("legend", {}, "Function"),
          offered.map((name) => h("label", {},
            h("input", { type: "radio", name: `${id}-fn`, value: name, checked: name === state.fn,
                         onchange: () => { state.fn = name; setFunction(); } }),
            " ", FUNCTIONS[name].label)))
      : h("p", { class: "gd-caption" }, FUNCTIONS[state.fn].label);

    const lrSlider = h("input", { type: "range", id: `${id}-lr`, min: 0, max: LRS.length - 1, step: 1,
      oninput: () => setLr(LRS[Number(lrSlider.value)], "slider") });
    const lrBox = h("input", { type: "number", id: `${id}-lrbox`, min: 0, step: "any", inputmode: "decimal",
      class: "gd-num", "aria-label": "Learning rate, exact value",
      onchange: () => { const v = Number(lrBox.value); if (v > 0 && Number.isFinite(v)) setLr(v, "box"); else lrBox.value = state.lr; } });
    const x0Box = h("input", { type: "number", id: `${id}-x0`, step: 0.1, inputmode: "decimal", class: "gd-num",
      onchange: () => { const v = Number(x0Box.value); if (Number.isFinite(v) && x0Box.value !== "") setX0(v); else x0Box.value = state.x0; } });

    const stepBtn = h("button", { type: "button", class: "md-button", onclick: () => { stop(); step(); } }, "Step");
    const playBtn = h("button", { type: "button", class: "md-button md-button--primary", "aria-pressed": "false",
      onclick: () => (state.timer ? stop() : play()) }, "Play");
    const resetBtn = h("button", { type: "button", class: "md-button", onclick: () => { stop(); restart(); } }, "Reset");

    // Plain spans, not <output>: an <output> is a live region, and a screen reader would read bare
    // numbers at every step. The one status line below announces what happened, in words.
    const readout = {
      k: h("span", { class: "gd-value" }), x: h("span", { class: "gd-value" }), f: h("span", { class: "gd-value" }),
      g: h("span", { class: "gd-value" }), factor: h("span", { class: "gd-factor" }),
    };
    const badge = h("span", { class: "gd-badge", "data-regime": "ready" });
    const status = h("p", { class: "gd-status", role: "status", "aria-live": "polite" });

    // ---- the picture -------------------------------------------------------------------------
    const clip = `${id}-clip`;
    const clipRect = s("rect", {});
    const curve = s("path", { class: "gd-curve" });
    const axes = s("g", { class: "gd-axes" });
    const trail = s("polyline", { class: "gd-trail", "clip-path": `url(#${clip})` });
    const dots = s("g", { class: "gd-dots", "clip-path": `url(#${clip})` });
    const minMarks = s("g", { class: "gd-minima" });
    const startMark = s("circle", { class: "gd-start", r: 7 });
    const ball = s("circle", { class: "gd-ball", r: 9 });
    const offChart = s("text", { class: "gd-offchart", "text-anchor": "middle" });
    const svg = s("svg", {
      class: "gd-plot", tabindex: 0, role: "slider", "aria-orientation": "horizontal",
      "aria-label": "Start point x₀ of the ball: drag on the plot, or use the arrow keys",
    },
      s("defs", {}, s("clipPath", { id: clip }, clipRect)),
      axes, curve, minMarks, trail, dots, startMark, ball, offChart);

    const tableBody = h("tbody");
    const grid = h("table", {}, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "step"), h("th", { scope: "col" }, "x"),
      h("th", { scope: "col" }, "f(x)"), h("th", { scope: "col" }, "f′(x)"))), tableBody);
    // On a phone, very large numbers can make the table wider than the screen: then say so.
    const swipe = h("p", { class: "gd-hint", hidden: true }, "Wider than the screen: swipe the table sideways to see every column.");
    const table = h("details", { class: "gd-table" }, h("summary", {}, "The iterates as a table"), swipe, grid);
    const fits = () => { swipe.hidden = !table.open || grid.scrollWidth <= grid.clientWidth + 1; };
    table.addEventListener("toggle", fits);

    const ui = h("div", { class: "gd-roll" },
      h("div", { class: "gd-row gd-top" }, fnPicker, badge),
      svg,
      h("p", { class: "gd-readout" },
        h("span", {}, "step ", readout.k), h("span", {}, "x = ", readout.x), h("span", {}, "f(x) = ", readout.f),
        h("span", {}, "f′(x) = ", readout.g), readout.factor),
      status,
      h("div", { class: "gd-row gd-controls" },
        h("label", { for: `${id}-lr`, class: "gd-lr" }, "Learning rate η ", lrSlider),
        h("span", { class: "gd-field" }, "η = ", lrBox),
        h("label", { for: `${id}-x0`, class: "gd-field" }, "Start x₀ = ", x0Box)),
      h("div", { class: "gd-row gd-buttons" }, stepBtn, playBtn, resetBtn),
      h("p", { class: "gd-keys" }, "Keys: ", h("kbd", {}, "S"), " step, ", h("kbd", {}, "P"), " play or pause, ",
        h("kbd", {}, "R"), " reset; on the plot ", h("kbd", {}, "←"), " ", h("kbd", {}, "→"),
        " move the start (", h("kbd", {}, "Shift"), " for bigger moves)."),
      table);
    root.replaceChildren(ui);
    root.classList.add("gd-live");

    // ---- geometry ------------------------------------------------------------------------------
    let f, X0, X1, Y0, Y1;
    const sx = (x) => M.l + ((x - X0) / (X1 - X0)) * (W - M.l - M.r);
    const sy = (y) => H - M.b - ((y - Y0) / (Y1 - Y0)) * (H - M.t - M.b);
    const clampX = (x) => Math.min(X1, Math.max(X0, x));
    const plotX = (x) => sx(clampX(x));
    const plotY = (y) => sy(Math.min(Y1, Math.max(Y0, y)));
    const svgX = (x) => Math.min(4 * W, Math.max(-3 * W, sx(x))); // SVG numbers are float32: keep them small

    function layout() {
      const narrow = root.clientWidth > 0 && root.clientWidth < 520;
      if (narrow === (W === 420) && svg.hasAttribute("viewBox")) return false;
      [W, H] = narrow ? [420, 300] : [640, 300];
      svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
      for (const [k, v] of Object.entries({ x: M.l, y: M.t - 12, width: W - M.l - M.r, height: H - M.t - M.b + 12 })) clipRect.setAttribute(k, v);
      return true;
    }

    function setFunction() {
      stop();
      f = gd.math.objective(state.fn);
      [X0, X1] = f.window[0];
      let lo = Infinity, hi = -Infinity;
      for (let i = 0; i <= 300; i++) {
        const x = X0 + ((X1 - X0) * i) / 300, y = f.value([x]);
        lo = Math.min(lo, y); hi = Math.max(hi, y);
      }
      Y0 = lo - 0.06 * (hi - lo); Y1 = hi;
      drawCurve();
      svg.setAttribute("aria-valuemin", X0);
      svg.setAttribute("aria-valuemax", X1);
      const own = state.fn === (root.dataset.function || offered[0]) && root.dataset.x0 !== undefined;
      state.x0 = own ? Number(root.dataset.x0) : FUNCTIONS[state.fn].x0;
      restart();
    }

    function drawCurve() {
      let d = "";
      for (let i = 0; i <= 300; i++) {
        const x = X0 + ((X1 - X0) * i) / 300;
        d += `${i ? "L" : "M"}${sx(x).toFixed(1)},${sy(f.value([x])).toFixed(1)}`;
      }
      curve.setAttribute("d", d);
      axes.replaceChildren(
        s("line", { x1: M.l, x2: W - M.r, y1: H - M.b, y2: H - M.b }),
        ...ticks(f.window[0]).map((t) => s("g", {}, s("line", { x1: sx(t), x2: sx(t), y1: H - M.b, y2: H - M.b + 5 }),
          s("text", { x: sx(t), y: H - M.b + 19, "text-anchor": "middle" }, String(t).replace("-", "−")))),
        s("text", { x: W - M.r, y: H - M.b - 6, "text-anchor": "end", class: "gd-axis-label" }, "x"));
      minMarks.replaceChildren(...f.minima.map(([m]) => s("line", { x1: sx(m), x2: sx(m), y1: sy(f.value([m])), y2: H - M.b })));
    }

    function setLr(v, from) {
      state.lr = v;
      if (from !== "slider") lrSlider.value = nearestLr(v);
      if (from !== "box") lrBox.value = v;
      lrSlider.setAttribute("aria-valuetext", String(v));
      stop();
      restart();
    }

    function setX0(v) {
      state.x0 = Math.round(v * 100) / 100;
      stop();
      restart();
    }

    // ---- the run --------------------------------------------------------------------------------
    function restart() {
      state.run = gd.math.run(f, [state.x0], gd.math.optimizer("sgd", { lr: state.lr }));
      state.said = "";
      x0Box.value = state.x0;
      svg.setAttribute("aria-valuenow", state.x0);
      svg.setAttribute("aria-valuetext", `start x₀ = ${state.x0}`);
      tableBody.replaceChildren();
      addRow(0);
      draw();
      const factor = f.contraction ? ` Each step multiplies the distance to ${String(f.minima[0][0]).replace("-", "−")} by ${factorText()}.` : "";
      say("ready", `Ready: start at x₀ = ${state.x0} with learning rate η = ${state.lr}.${factor} Press Step or Play.`);
    }

    /** The parabola's contraction factor, 1 − 2aη, in words and as a number. */
    function factorText() {
      return `1 − ${String(2 * f.params.a)}η = ${num(f.contraction(state.lr), 2)}`;
    }

    function addRow(k) {
      const r = state.run;
      if (k > 200) return; // the table is a text alternative, not a log: the first 200 steps
      tableBody.append(h("tr", {}, h("td", {}, String(k)), h("td", {}, num(r.path[k][0])),
        h("td", {}, num(r.values[k])), h("td", {}, num(r.grads[k][0]))));
      if (table.open) fits();
    }

    /** What the last step did, in words: the regime, and a sentence for the status line. */
    function regime() {
      const r = state.run, k = r.k;
      if (r.status === "diverged") return ["diverged", `Diverged at step ${r.divergedAt}: the iterates blew up (${r.message.split(": ")[1].split(";")[0]}). Try a smaller learning rate.`];
      if (Math.abs(r.g[0]) < SETTLED) return ["converged", `Converged: after ${k} ${k === 1 ? "step" : "steps"} the slope is below ${gd.power10(SETTLED)} and the ball has stopped at x = ${num(r.x[0])}.${deeper(r.x[0])}`];
      if (k === 0) return ["ready", ""];
      const [a] = r.path[k - 1], [b] = r.path[k];
      const crossed = (pts) => pts.some(([m]) => (a - m) * (b - m) < 0);
      const up = r.values[k] > r.values[k - 1];
      const offchart = b < X0 || b > X1 ? ` x = ${num(b, 2)} is off the chart.` : "";
      if (f.maxima.length && crossed(f.maxima))
        return ["jumped", `Step ${k}: the ball jumped over the hump into the other valley (x = ${num(b)}).${offchart}`];
      // Exactly across the bottom and back, at the same height: the case η = 1 on the parabola
      // (factor 1 − 2η = −1). It neither converges nor diverges, whatever the number of steps.
      const level = Math.abs(r.values[k] - r.values[k - 1]) <= 1e-12 * Math.max(1, Math.abs(r.values[k]));
      const bounces = f.contraction ? Math.abs(Math.abs(f.contraction(state.lr)) - 1) < 1e-12 : level;
      if (crossed(f.minima) && bounces)
        return ["bouncing", `Step ${k}: bouncing forever: the step jumps exactly across the bottom, from x = ${num(a)} to x = ${num(b)}, and f(x) stays at ${num(r.values[k])}.` +
          (f.contraction ? ` The factor ${factorText()}: the distance to the minimum never shrinks and never grows.` : "")];
      if (crossed(f.minima) && up)
        return ["diverging", `Step ${k}: overshooting and climbing: the ball jumped past the bottom and landed higher than it started. Each step makes it worse: the run is diverging.${offchart}`];
      if (crossed(f.minima))
        return ["overshooting", `Step ${k}: overshooting: the step jumped past the bottom (the slope changed sign), but f(x) still went down, so the ball zigzags in.`];
      if (up) return ["diverging", `Step ${k}: f(x) went up: the step was too long.${offchart}`];
      return ["rolling", `Step ${k}: rolling downhill: f(x) went down from ${num(r.values[k - 1])} to ${num(r.values[k])}.`];
    }

    function deeper(x) {
      if (f.minima.length < 2) return "";
      const best = f.minima.reduce((p, q) => (f.value(q) < f.value(p) ? q : p))[0];
      return Math.abs(x - best) < 1e-3 ? " This is the deeper (global) minimum." : ` This is a local minimum: the deeper one is at x = ${num(best)}.`;
    }

    function say(kind, text, force) {
      badge.dataset.regime = kind;
      badge.textContent = { ready: "Ready", rolling: "Rolling downhill", overshooting: "Overshooting", diverging: "Diverging",
        diverged: "Diverged", converged: "Converged", jumped: "Jumped valleys", bouncing: "Bouncing forever", stopped: "Paused" }[kind];
      // While playing, only changes of regime are announced (screen readers would drown otherwise).
      if (force || !state.timer || kind !== state.said) status.textContent = text;
      state.said = kind;
    }

    function step() {
      const r = state.run;
      if (r.status !== "running" || r.k >= MAX_STEPS) return false;
      r.step();
      addRow(r.k);
      draw();
      const [kind, text] = regime();
      say(kind, text);
      return r.status === "running" && kind !== "converged";
    }

    function play() {
      if (state.run.status !== "running" || Math.abs(state.run.g[0]) < SETTLED) restart();
      playBtn.textContent = "Pause";
      playBtn.setAttribute("aria-pressed", "true");
      const tick = () => {
        if (!root.isConnected) return stop();
        if (!step()) return stop(true);
        state.timer = setTimeout(tick, state.run.k < 12 ? 420 : 140);
      };
      state.timer = setTimeout(tick, 60);
    }

    function stop(finished) {
      if (state.timer) clearTimeout(state.timer);
      const wasPlaying = !!state.timer;
      state.timer = null;
      playBtn.textContent = "Play";
      playBtn.setAttribute("aria-pressed", "false");
      if (wasPlaying && !finished && state.run) {
        const [kind, text] = regime();
        say(kind, text, true);
      }
    }

    function draw() {
      const r = state.run, k = r.k, [x] = r.x;
      readout.k.textContent = String(k);
      readout.x.textContent = num(x);
      readout.f.textContent = num(r.fx);
      readout.g.textContent = num(r.g[0]);
      readout.factor.textContent = f.contraction ? factorText() : "";
      const from = Math.max(0, r.path.length - 80);
      const pts = r.path.slice(from).map(([p], i) => [svgX(p), plotY(r.values[from + i])]);
      trail.setAttribute("points", pts.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(" "));
      dots.replaceChildren(...pts.slice(0, -1).map(([a, b]) => s("circle", { cx: a.toFixed(1), cy: b.toFixed(1), r: 3 })));
      startMark.setAttribute("cx", sx(state.x0));
      startMark.setAttribute("cy", plotY(f.value([state.x0])));
      const bx = plotX(Number.isFinite(x) ? x : X1), by = plotY(Number.isFinite(r.fx) ? r.fx : Y1);
      ball.setAttribute("transform", `translate(${bx.toFixed(1)} ${by.toFixed(1)})`);
      const off = !(x >= X0 && x <= X1) || !(r.fx <= Y1);
      ball.classList.toggle("gd-off", off);
      offChart.textContent = off ? (x < X0 ? "← " : x > X1 ? "" : "↑ ") + `x = ${num(x, 2)}` + (x > X1 ? " →" : "") : "";
      offChart.setAttribute("x", Math.min(W - 90, Math.max(M.l + 60, bx)));
      offChart.setAttribute("y", Math.max(M.t + 14, by - 16));
    }

    // ---- pointer and keyboard ---------------------------------------------------------------------
    function pointerX(e) {
      const pt = svg.createSVGPoint();
      pt.x = e.clientX; pt.y = e.clientY;
      const p = pt.matrixTransform(svg.getScreenCTM().inverse());
      return X0 + ((p.x - M.l) / (W - M.l - M.r)) * (X1 - X0);
    }
    let dragging = false;
    svg.addEventListener("pointerdown", (e) => {
      dragging = true;
      svg.setPointerCapture(e.pointerId);
      setX0(clampX(pointerX(e)));
      e.preventDefault();
      svg.focus({ preventScroll: true });
    });
    svg.addEventListener("pointermove", (e) => { if (dragging) setX0(clampX(pointerX(e))); });
    const endDrag = () => { dragging = false; };
    svg.addEventListener("pointerup", endDrag);
    svg.addEventListener("pointercancel", endDrag);
    svg.addEventListener("keydown", (e) => {
      const big = e.shiftKey ? 10 : 1;
      const moves = { ArrowLeft: -0.1 * big, ArrowDown: -0.1 * big, ArrowRight: 0.1 * big, ArrowUp: 0.1 * big, PageDown: -1, PageUp: 1 };
      if (e.key in moves) setX0(clampX(state.x0 + moves[e.key]));
      else if (e.key === "Home") setX0(X0);
      else if (e.key === "End") setX0(X1);
      else return;
      e.preventDefault();
    });
    gd.shortcuts(root, {
      s: () => { stop(); step(); },
      p: () => (state.timer ? stop() : play()),
      r: () => { stop(); restart(); },
    });

    layout();
    const resized = typeof ResizeObserver === "function" ? new ResizeObserver(() => { if (layout()) { drawCurve(); draw(); } fits(); }) : null;
    if (resized) resized.observe(root);
    lrSlider.value = nearestLr(state.lr);
    lrBox.value = state.lr;
    lrSlider.setAttribute("aria-valuetext", String(state.lr));
    setFunction();

    // For the tests (and the curious): the run on screen, as numbers.
    root.gdbook = {
      get path() { return state.run.path.map(([x]) => x); },
      get status() { return state.run.status; },
      get message() { return state.run.message; },
      get settings() { return { fn: state.fn, lr: state.lr, x0: state.x0 }; },
    };
    return () => { stop(); if (resized) resized.disconnect(); };
  });
})();
