/* gdbook widgets: "Epoch explorer". One epoch cut into batches, one step per batch.
 *
 * Markup (the static content inside is what readers without JavaScript see; it is replaced):
 *   <div class="gd-widget" data-widget="epoch-explorer" data-batch-size="8">
 *     <p>Static text or figure.</p>
 *   </div>
 * Nothing is computed here: for every batch size (and drop_last) the build runs gdbook.fit and
 * records which examples each step uses (gdbook.data.batches, seed + epoch, as fit calls it), the
 * loss of each batch and the training loss after each epoch (tools/widget_data.py,
 * epoch_explorer(); gd.data.epochs). The widget replays that run one step at a time.
 * root.gdbook exposes what is on screen to tests/test_epoch_explorer.py.
 */
(function () {
  "use strict";
  const gd = window.gdbook;
  const { h, s } = gd;
  const num = (v) => gd.num(v, 4);
  const M = { l: 46, r: 12, t: 12, b: 34 };

  gd.widget("epoch-explorer", (root) => {
    const D = gd.data.epochs;
    const sizes = [...new Set(D.runs.map((r) => r.batch_size))];
    const want = Number(root.dataset.batchSize);
    const state = {
      b: sizes.includes(want) ? want : sizes[Math.floor(sizes.length / 2)],
      dropLast: root.dataset.dropLast === "true",
      run: null, steps: [], k: 0, timer: null,
    };
    const id = gd.uid("epochs");
    let W = 640, H = 250;

    // ---- the controls ------------------------------------------------------------------------
    const sizePicker = h("fieldset", { class: "gd-choices gd-ep-sizes" },
      h("legend", {}, "Batch size"),
      sizes.map((b) => h("label", {},
        h("input", { type: "radio", name: `${id}-b`, value: b, checked: b === state.b,
                     onchange: () => { state.b = b; restart(); } }),
        " ", String(b))));
    const dropBox = h("input", { type: "checkbox", id: `${id}-drop`, checked: state.dropLast,
      onchange: () => { state.dropLast = dropBox.checked; restart(); } });
    const stepBtn = h("button", { type: "button", class: "md-button", onclick: () => { stop(); step(); } }, "Step");
    const epochBtn = h("button", { type: "button", class: "md-button", onclick: () => { stop(); finishEpoch(); } }, "Finish the epoch");
    const playBtn = h("button", { type: "button", class: "md-button md-button--primary", "aria-pressed": "false",
      onclick: () => (state.timer ? stop() : play()) }, "Play");
    const resetBtn = h("button", { type: "button", class: "md-button", onclick: () => { stop(); restart(); } }, "Reset");

    const readout = { step: h("output", {}), epoch: h("output", {}), batch: h("output", {}), rule: h("span", { class: "gd-ep-rule" }) };
    const grid = h("div", { class: "gd-ep-grid" });
    const status = h("p", { class: "gd-status", role: "status", "aria-live": "polite" });

    const axes = s("g", { class: "gd-axes" });
    const epochLine = s("polyline", { class: "gd-ep-epochline" });
    const epochDots = s("g", { class: "gd-ep-epochdots" });
    const stepDots = s("g", { class: "gd-ep-stepdots" });
    const svg = s("svg", { class: "gd-plot gd-ep-plot", role: "img",
      "aria-label": "Loss against epochs: one dot per step (the loss of its batch) and a line through the training loss after each epoch" },
      axes, epochLine, stepDots, epochDots);
    const legend = h("p", { class: "gd-ep-legend" },
      h("span", { class: "gd-ep-key gd-ep-key-step" }, "●"), " loss of the step's batch (", h("code", {}, "batch_losses"), ")   ",
      h("span", { class: "gd-ep-key gd-ep-key-epoch" }, "■"), " training loss after each epoch, on all 20 examples (", h("code", {}, "losses"), ")");

    const tableBody = h("tbody");
    const table = h("details", { class: "gd-table" },
      h("summary", {}, "The steps as a table"),
      h("div", { class: "gd-ep-tablewrap" },
        h("table", {}, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "step"), h("th", { scope: "col" }, "epoch"),
          h("th", { scope: "col" }, "batch"), h("th", { scope: "col" }, "examples"), h("th", { scope: "col" }, "loss"))), tableBody)));

    const ui = h("div", { class: "gd-epochs" },
      h("p", { class: "gd-caption" }, `${D.n} examples, ${D.epochs} epochs: `, h("code", {}, D.call)),
      h("div", { class: "gd-row" }, sizePicker),
      h("div", { class: "gd-row" }, h("label", { for: `${id}-drop`, class: "gd-field gd-ep-drop" }, dropBox, " ", h("code", {}, "drop_last=True"), ": skip the last, smaller batch")),
      h("p", { class: "gd-readout" }, h("span", {}, "step ", readout.step), h("span", {}, "epoch ", readout.epoch),
        h("span", {}, "batch ", readout.batch), readout.rule),
      grid,
      status,
      h("div", { class: "gd-row gd-buttons" }, stepBtn, epochBtn, playBtn, resetBtn),
      svg, legend,
      h("p", { class: "gd-keys" }, "Keys: ", h("kbd", {}, "S"), " step, ", h("kbd", {}, "E"), " finish the epoch, ",
        h("kbd", {}, "P"), " play or pause, ", h("kbd", {}, "R"), " reset; arrow keys change the batch size."),
      table);
    root.replaceChildren(ui);
    root.classList.add("gd-live");

    // ---- the run --------------------------------------------------------------------------------
    function restart() {
      stop();
      state.run = D.runs.find((r) => r.batch_size === state.b && r.drop_last === state.dropLast);
      // Every step in order: its epoch (1-based), its batch (1-based) and its examples.
      state.steps = [];
      state.run.batches.forEach((epoch, e) => epoch.forEach((ex, j) => state.steps.push({ epoch: e + 1, batch: j + 1, of: epoch.length, ex })));
      state.k = 0;
      const per = state.run.batches[0].length, r = state.run;
      readout.rule.textContent = `steps per epoch: ${state.dropLast ? "⌊" : "⌈"}${D.n}/${state.b}${state.dropLast ? "⌋" : "⌉"} = ${per}`;
      buildGrid();
      tableBody.replaceChildren(h("tr", { class: "gd-ep-epochrow" }, h("td", {}, "0"), h("td", {}, "0"), h("td", {}, "—"),
        h("td", {}, "before training: all examples"), h("td", {}, num(r.losses[0]))));
      layout();
      draw();
      const dropped = r.dropped[0].length ? ` drop_last leaves out ${D.n - per * state.b} examples each epoch.` : "";
      say(`Ready: ${D.n} examples in batches of ${state.b}: ${per} steps per epoch, ${r.steps} steps in ${D.epochs} epochs.${dropped} Press Step.`);
    }

    function buildGrid() {
      const r = state.run;
      grid.replaceChildren(...r.batches.map((epoch, e) => h("div", { class: "gd-ep-row" },
        h("span", { class: "gd-ep-label" }, `Epoch ${e + 1}`),
        h("span", { class: "gd-ep-batches" },
          epoch.map((ex, j) => h("span", { class: "gd-ep-batch", "data-state": "todo", "data-epoch": e + 1, "data-batch": j + 1 },
            ex.map((i) => h("span", { class: "gd-ep-ex" }, String(i))))),
          r.dropped[e].length ? h("span", { class: "gd-ep-batch gd-ep-dropped", "data-state": "dropped", title: "not used in this epoch (drop_last)" },
            r.dropped[e].map((i) => h("span", { class: "gd-ep-ex" }, String(i))), h("span", { class: "gd-sr" }, " (dropped)")) : null))));
    }

    function step() {
      if (state.k >= state.steps.length) {
        say(`All ${state.k} steps are done. Press Reset, or pick another batch size.`);
        return false;
      }
      const st = state.steps[state.k], r = state.run, loss = r.batch_losses[state.k];
      state.k += 1;
      tableBody.append(h("tr", {}, h("td", {}, String(state.k)), h("td", {}, String(st.epoch)),
        h("td", {}, `${st.batch} of ${st.of}`), h("td", {}, st.ex.join(" ")), h("td", {}, num(loss))));
      let text = `Step ${state.k} (epoch ${st.epoch}, batch ${st.batch} of ${st.of}): examples ${st.ex.join(", ")}; batch loss ${num(loss)}.`;
      const ended = st.batch === st.of;
      if (ended) {
        const left = r.dropped[st.epoch - 1];
        tableBody.append(h("tr", { class: "gd-ep-epochrow" }, h("td", {}, String(state.k)), h("td", {}, String(st.epoch)), h("td", {}, "—"),
          h("td", {}, `after epoch ${st.epoch}: all examples`), h("td", {}, num(r.losses[st.epoch]))));
        text += ` Epoch ${st.epoch} done: ${left.length ? `every example but ${left.join(", ")} (dropped)` : "every example"} used once; training loss ${num(r.losses[st.epoch])}.`;
        if (state.k === state.steps.length) text += ` Finished: ${state.k} steps, ${D.epochs} epochs.`;
      }
      draw();
      if (!state.timer || ended) status.textContent = text;
      return state.k < state.steps.length;
    }

    function finishEpoch() {
      if (state.k >= state.steps.length) return step();
      while (step() && state.steps[state.k - 1].batch !== state.steps[state.k - 1].of);
    }

    function play() {
      if (state.k >= state.steps.length) restart();
      playBtn.textContent = "Pause";
      playBtn.setAttribute("aria-pressed", "true");
      const delay = Math.max(120, Math.min(700, 3000 / state.run.batches[0].length));
      const tick = () => {
        if (!root.isConnected) return stop();
        if (!step()) return stop();
        state.timer = setTimeout(tick, delay);
      };
      state.timer = setTimeout(tick, 60);
    }

    function stop() {
      if (state.timer) clearTimeout(state.timer);
      state.timer = null;
      playBtn.textContent = "Play";
      playBtn.setAttribute("aria-pressed", "false");
    }

    function say(text) { status.textContent = text; }

    // ---- the picture ------------------------------------------------------------------------------
    let X1, Y1;
    const sx = (x) => M.l + (x / X1) * (W - M.l - M.r);
    const sy = (y) => H - M.b - (y / Y1) * (H - M.t - M.b);

    function layout() {
      const narrow = root.clientWidth > 0 && root.clientWidth < 520;
      [W, H] = narrow ? [340, 250] : [640, 250];
      svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
      const r = state.run;
      X1 = D.epochs;
      const top = Math.max(...r.losses, ...r.batch_losses);
      const unit = top > 2 ? 1 : top > 1 ? 0.5 : 0.25;
      Y1 = Math.ceil(top / unit) * unit;
      const yt = [];
      for (let v = 0; v <= Y1 + 1e-9; v += unit) yt.push(v);
      axes.replaceChildren(
        s("line", { x1: M.l, x2: W - M.r, y1: H - M.b, y2: H - M.b }),
        s("line", { x1: M.l, x2: M.l, y1: M.t, y2: H - M.b }),
        ...Array.from({ length: D.epochs + 1 }, (_, e) => s("g", {},
          s("line", { x1: sx(e), x2: sx(e), y1: H - M.b, y2: H - M.b + 5 }),
          s("text", { x: sx(e), y: H - M.b + 18, "text-anchor": "middle" }, String(e)))),
        ...yt.map((v) => s("g", {}, s("line", { x1: M.l - 5, x2: M.l, y1: sy(v), y2: sy(v) }),
          s("text", { x: M.l - 8, y: sy(v) + 4, "text-anchor": "end" }, String(v)))),
        s("text", { x: (M.l + W - M.r) / 2, y: H - 4, "text-anchor": "middle", class: "gd-axis-label" }, "epochs"),
        s("text", { x: M.l + 6, y: M.t + 10, class: "gd-axis-label" }, "loss"));
    }

    function draw() {
      const r = state.run, k = state.k;
      const st = k ? state.steps[k - 1] : null;
      readout.step.textContent = `${k} of ${state.steps.length}`;
      readout.epoch.textContent = st ? `${st.epoch} of ${D.epochs}` : `— of ${D.epochs}`;
      readout.batch.textContent = st ? `${st.batch} of ${st.of}` : `— of ${r.batches[0].length}`;
      grid.querySelectorAll(".gd-ep-batch:not(.gd-ep-dropped)").forEach((el) => {
        const i = state.steps.findIndex((x) => x.epoch === Number(el.dataset.epoch) && x.batch === Number(el.dataset.batch));
        el.dataset.state = i === k - 1 ? "current" : i < k - 1 ? "done" : "todo";
      });
      // A step's batch loss is measured at the parameters before the step: step k + 1 of an epoch
      // of K steps sits at epoch (e + k / K) on the x axis, with the training loss at whole epochs.
      const pts = state.steps.slice(0, k).map((x, i) => [sx(x.epoch - 1 + (x.batch - 1) / x.of), sy(r.batch_losses[i])]);
      stepDots.replaceChildren(...pts.map(([a, b]) => s("circle", { cx: a.toFixed(1), cy: b.toFixed(1), r: 3.2 })));
      const done = 1 + state.steps.slice(0, k).filter((x) => x.batch === x.of).length;
      const ep = r.losses.slice(0, done).map((v, e) => [sx(e), sy(v)]);
      epochLine.setAttribute("points", ep.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(" "));
      epochDots.replaceChildren(...ep.map(([a, b]) => s("rect", { x: (a - 4).toFixed(1), y: (b - 4).toFixed(1), width: 8, height: 8 })));
    }

    // ---- keyboard ---------------------------------------------------------------------------------
    gd.shortcuts(root, {
      s: () => { stop(); step(); },
      e: () => { stop(); finishEpoch(); },
      p: () => (state.timer ? stop() : play()),
      r: () => { stop(); restart(); },
    });
    const resized = typeof ResizeObserver === "function"
      ? new ResizeObserver(() => { if ((root.clientWidth < 520) !== (W === 340)) { layout(); draw(); } }) : null;
    if (resized) resized.observe(root);
    restart();

    // For the tests (and the curious): what is on screen, as data.
    root.gdbook = {
      get settings() { return { batch_size: state.b, drop_last: state.dropLast }; },
      get k() { return state.k; },
      get run() { return state.run; },
    };
    return () => { stop(); if (resized) resized.disconnect(); };
  });
})();
