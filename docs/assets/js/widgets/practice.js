/* gdbook widgets: practice challenges, checked in the page.
 *
 * Authoring format (CONTRIBUTING.md, "Interactive quick checks and challenges"): an admonition
 * `!!! practice KIND "Title"` with the task, followed by `??? success "Solution"` holding the
 * solution (a ```python block the tests run) and its printed output (expected-output block).
 * KIND is one of
 *   predict  the task shows a ```python block; the reader types what it prints;
 *   fix      the task shows a {.python .starter} block with a bug; the reader edits and runs it;
 *   write    the same with an unfinished program;
 *   fill     the {.python .starter} block has blanks ___; the reader fills them in;
 *   order    the {.python .starter} block has the solution's lines shuffled; the reader sorts them.
 * fix and write run the code with Python in the page (python.js: Pyodide, loaded on Run); so does
 * fill, whenever the blanks differ from the solution's: any program that prints the expected output
 * is right (0.1 where the solution has 0.10, 2.0 for 2).
 * Each challenge announces through one status line (its .gd-feedback); the output shown under an
 * editor is not a live region, and Run keeps the keyboard focus while Python runs.
 * tests/test_challenges.py runs every solution and every starter: the solution prints the
 * expected output, the starter does not.
 */
(function () {
  "use strict";
  const gd = window.gdbook;
  const { h } = gd;
  const KINDS = ["predict", "fix", "write", "fill", "order"];

  const codeOf = (block) => (block ? block.querySelector("code").textContent.replace(/\n$/, "") : null);
  /** Output as a reader means it: no trailing spaces, no trailing blank lines. */
  const tidy = (text) => text.replace(/\r/g, "").split("\n").map((l) => l.replace(/\s+$/, "")).join("\n").replace(/\n+$/, "");
  const loose = (text) => tidy(text).replace(/\s+/g, " ").trim();

  function parts(box, details) {
    const starter = box.querySelector(".highlight.starter");
    const shown = starter || box.querySelector(".language-python.highlight");
    const solution = details.querySelector(".language-python.highlight");
    const outputs = [...details.querySelectorAll(".highlight")].filter((b) => !b.classList.contains("language-python"));
    return { block: shown, code: codeOf(shown), solution: codeOf(solution), expected: outputs.length ? codeOf(outputs[outputs.length - 1]) : null };
  }

  function verdict(el, ok, text) {
    el.dataset.verdict = ok === null ? "" : ok ? "right" : "wrong";
    el.replaceChildren(ok === null ? "" : h("strong", {}, ok ? "✓ " : "✗ "), text);
  }

  const button = (label, onclick, primary) =>
    h("button", { type: "button", class: `md-button${primary ? " md-button--primary" : ""}`, onclick }, label);

  // ---- predict the output -----------------------------------------------------------------------------
  function predict(box, p) {
    const lines = tidy(p.expected).split("\n").length;
    const id = gd.uid("predict");
    const answer = lines > 1
      ? h("textarea", { id, rows: lines, class: "gd-answer", spellcheck: "false", autocapitalize: "off", autocomplete: "off" })
      : h("input", { id, type: "text", class: "gd-answer", spellcheck: "false", autocapitalize: "off", autocomplete: "off" });
    const feedback = h("p", { class: "gd-feedback", role: "status", "aria-live": "polite" });
    const check = () => {
      if (!answer.value.trim()) return verdict(feedback, false, "Type what you think it prints first.");
      const ok = loose(answer.value) === loose(p.expected);
      answer.setAttribute("aria-invalid", String(!ok));
      verdict(feedback, ok, ok ? "Right: that is exactly what it prints." : "Not what it prints. Trace it once more, line by line (the solution below shows the output).");
    };
    answer.addEventListener("keydown", (e) => { if (e.key === "Enter" && (lines === 1 || e.ctrlKey || e.metaKey)) { e.preventDefault(); check(); } });
    p.block.after(h("div", { class: "gd-practice" },
      h("label", { for: id }, lines > 1 ? `What does it print? (${lines} lines)` : "What does it print?"), answer,
      h("div", { class: "gd-row gd-buttons" }, button("Check", check, true),
        button("Reset", () => { answer.value = ""; answer.removeAttribute("aria-invalid"); verdict(feedback, null, ""); })),
      feedback));
  }

  // ---- fix the bug / write the code: an editor that runs --------------------------------------------------
  function editor(box, p) {
    const id = gd.uid("editor");
    const rows = Math.max(4, p.code.split("\n").length + 1);
    const area = h("textarea", { id, class: "gd-editor", rows, spellcheck: "false", autocapitalize: "off", autocomplete: "off",
      wrap: "off", "aria-describedby": `${id}-keys` });
    area.value = p.code;
    const output = h("pre", { class: "gd-output", "aria-label": "Output", hidden: true });
    const feedback = h("p", { class: "gd-feedback", role: "status", "aria-live": "polite" });
    const run = h("button", { type: "button", class: "md-button md-button--primary" }, "Run");
    let busy = false;

    function insert(text) {
      area.focus();
      if (!document.execCommand || !document.execCommand("insertText", false, text)) area.setRangeText(text, area.selectionStart, area.selectionEnd, "end");
    }
    area.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey || e.shiftKey)) { e.preventDefault(); go(); }
      else if (e.key === "Tab" && !e.shiftKey && !area.dataset.escaped) { e.preventDefault(); insert("    "); }
      else if (e.key === "Escape") { area.dataset.escaped = "1"; } // the next Tab leaves the editor
      else if (e.key === "Enter") {
        const start = area.value.lastIndexOf("\n", area.selectionStart - 1) + 1;
        const line = area.value.slice(start, area.selectionStart);
        const indent = line.match(/^\s*/)[0] + (/:\s*$/.test(line) ? "    " : "");
        e.preventDefault();
        insert("\n" + indent);
      }
      if (e.key !== "Escape" && e.key !== "Tab" && e.key !== "Shift") delete area.dataset.escaped;
    });
    area.addEventListener("blur", () => { delete area.dataset.escaped; });

    async function go() {
      if (busy) return;
      // aria-disabled, not disabled: a disabled button drops the keyboard focus to the page body.
      busy = true;
      run.setAttribute("aria-disabled", "true");
      output.hidden = false;
      output.classList.remove("gd-error");
      verdict(feedback, null, "");
      const result = await gd.python.run(area.value, (phase) => {
        output.textContent = phase === "loading" ? "Loading Python (about 13 MB, the first time only)…" : "Running…";
        verdict(feedback, null, phase === "loading" ? "Loading Python…" : "Running…");
      });
      busy = false;
      run.removeAttribute("aria-disabled");
      output.replaceChildren(result.stdout, result.stderr ? h("span", { class: "gd-stderr" }, result.stderr) : "",
        result.error ? h("span", { class: "gd-stderr" }, result.error) : "");
      if (!result.stdout && !result.stderr && !result.error) output.textContent = "(it printed nothing)";
      output.classList.toggle("gd-error", !!result.error);
      if (result.error) verdict(feedback, false, "It stopped with an error: read the last line of the message above.");
      else if (tidy(result.stdout) === tidy(p.expected)) verdict(feedback, true, "Solved: it prints exactly the expected output.");
      else verdict(feedback, false, "It runs, but prints something other than the expected output.");
    }
    run.addEventListener("click", go);

    const ui = h("div", { class: "gd-practice" },
      h("label", { for: id }, "Your code (editable)"), area,
      h("div", { class: "gd-row gd-buttons" }, run,
        button("Reset", () => { area.value = p.code; output.hidden = true; output.textContent = ""; verdict(feedback, null, ""); })),
      h("p", { class: "gd-keys", id: `${id}-keys` }, h("kbd", {}, "Ctrl"), "+", h("kbd", {}, "Enter"), " runs; ",
        h("kbd", {}, "Tab"), " indents; ", h("kbd", {}, "Esc"), " then ", h("kbd", {}, "Tab"), " leaves the editor."),
      h("p", { class: "gd-hint" }, "Python runs in your browser, and is loaded when you first press Run."),
      output, feedback);
    p.block.replaceWith(ui);
  }

  // ---- fill in the blanks -----------------------------------------------------------------------------------
  function fill(box, p) {
    const pieces = p.code.split(/_{3,}/);
    const esc = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const m = p.solution.match(new RegExp("^" + pieces.map(esc).join("(.+?)") + "$", "s"));
    if (!m) { console.warn("gdbook: a fill-in-the-blank challenge does not match its solution", box); return; }
    const answers = m.slice(1);
    const inputs = answers.map((a, i) => h("input", { type: "text", class: "gd-blank", size: Math.max(3, a.length + 1),
      spellcheck: "false", autocapitalize: "off", autocomplete: "off", "aria-label": `blank ${i + 1} of ${answers.length}` }));
    const code = h("code", {});
    pieces.forEach((piece, i) => { code.append(piece); if (i < inputs.length) code.append(inputs[i]); });
    const feedback = h("p", { class: "gd-feedback", role: "status", "aria-live": "polite" });
    const output = h("pre", { class: "gd-output", "aria-label": "What your program printed", hidden: true });
    const checkBtn = button("Check", () => check(), true);
    let busy = false;
    // Judged by behaviour, as fix-the-bug is: the program with the reader's blanks must print the
    // expected output. Blanks equal to the solution's are right without running anything.
    async function check() {
      if (busy) return;
      const values = inputs.map((input) => input.value);
      inputs.forEach((input) => input.removeAttribute("aria-invalid"));
      verdict(feedback, null, "");
      if (values.some((v) => !v.trim())) {
        inputs.forEach((input, i) => { if (!values[i].trim()) input.setAttribute("aria-invalid", "true"); });
        return verdict(feedback, false, "Fill in every blank first (the empty ones are marked).");
      }
      if (values.every((v, i) => v.replace(/\s+/g, "") === answers[i].replace(/\s+/g, ""))) {
        output.hidden = true;
        return verdict(feedback, true, "Right: every blank is filled as in the solution, and the program prints the expected output.");
      }
      const program = pieces.map((piece, i) => piece + (i < values.length ? values[i] : "")).join("");
      busy = true;
      checkBtn.setAttribute("aria-disabled", "true");
      output.hidden = false;
      output.classList.remove("gd-error");
      const result = await gd.python.run(program, (phase) => {
        output.textContent = phase === "loading" ? "Loading Python to run your program (about 13 MB, the first time only)…" : "Running your program…";
        verdict(feedback, null, phase === "loading" ? "Loading Python…" : "Running your program…");
      });
      busy = false;
      checkBtn.removeAttribute("aria-disabled");
      output.replaceChildren(result.stdout, result.stderr ? h("span", { class: "gd-stderr" }, result.stderr) : "",
        result.error ? h("span", { class: "gd-stderr" }, result.error) : "");
      if (!result.stdout && !result.stderr && !result.error) output.textContent = "(it printed nothing)";
      output.classList.toggle("gd-error", !!result.error);
      const ok = !result.error && tidy(result.stdout) === tidy(p.expected);
      inputs.forEach((input) => input.setAttribute("aria-invalid", String(!ok)));
      if (ok) verdict(feedback, true, "Right: with your blanks the program prints exactly the expected output (the solution below may write it differently).");
      else if (result.error) verdict(feedback, false, "With these blanks the program stops with an error: read the last line above.");
      else verdict(feedback, false, "With these blanks the program runs, but prints something other than the expected output (above).");
    }
    for (const input of inputs) input.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); check(); } });
    p.block.replaceWith(h("div", { class: "gd-practice" },
      h("div", { class: "highlight gd-fill" }, h("pre", {}, code)),
      h("div", { class: "gd-row gd-buttons" }, checkBtn,
        button("Reset", () => { inputs.forEach((i) => { i.value = ""; i.removeAttribute("aria-invalid"); }); output.hidden = true; verdict(feedback, null, ""); })),
      h("p", { class: "gd-hint" }, "Any blanks that make the program print the expected output are right: Check runs it (Python loads the first time)."),
      output, feedback));
  }

  // ---- put the lines in order ------------------------------------------------------------------------------
  function order(box, p) {
    const start = p.code.split("\n").filter((l) => l.trim());
    const want = p.solution.split("\n").filter((l) => l.trim()).map((l) => l.replace(/\s+$/, ""));
    const list = h("ol", { class: "gd-order" });
    const feedback = h("p", { class: "gd-feedback", role: "status", "aria-live": "polite" });
    const items = () => [...list.children];

    function move(li, by, focusWhich) {
      const all = items(), i = all.indexOf(li), j = i + by;
      if (j < 0 || j >= all.length || by === 0) return;
      // Move the other lines around this one: it stays in the document, so a drag keeps its pointer
      // capture and a button keeps the keyboard focus.
      if (by > 0) li.before(...all.slice(i + 1, j + 1));
      else li.after(...all.slice(j, i));
      // The one status line says where the line went (no verdict yet).
      verdict(feedback, null, `Line moved to position ${j + 1} of ${all.length}.`);
      if (focusWhich) li.querySelector(focusWhich).focus();
    }

    function item(line) {
      const text = line.replace(/\s+$/, "");
      const label = text.trim();
      const li = h("li", { class: "gd-line" },
        h("span", { class: "gd-grip", "aria-hidden": "true", title: "Drag to move" }, "⠿"),
        h("code", {}, text),
        h("span", { class: "gd-move" },
          h("button", { type: "button", class: "gd-up", "aria-label": `Move up: ${label}`, onclick: () => move(li, -1, ".gd-up") }, "↑"),
          h("button", { type: "button", class: "gd-down", "aria-label": `Move down: ${label}`, onclick: () => move(li, 1, ".gd-down") }, "↓")));
      li.dataset.line = text;
      // Pointer: drag the line by its grip (or the code) to a new place.
      const grab = (e) => {
        // The grip drags on any pointer; the code itself only with a mouse (a finger there scrolls the page).
        if (e.button !== 0 || (e.currentTarget.tagName === "CODE" && e.pointerType === "touch")) return;
        e.preventDefault();
        li.setPointerCapture(e.pointerId);
        li.classList.add("gd-dragging");
        const onMove = (ev) => {
          const all = items(), i = all.indexOf(li);
          let j = all.findIndex((o) => { const r = o.getBoundingClientRect(); return ev.clientY < r.top + r.height / 2; });
          if (j < 0) j = all.length - 1; else if (j > i) j -= 1;
          if (j !== i) move(li, j - i);
        };
        const onUp = () => {
          li.classList.remove("gd-dragging");
          li.removeEventListener("pointermove", onMove);
          li.removeEventListener("pointerup", onUp);
          li.removeEventListener("pointercancel", onUp);
        };
        li.addEventListener("pointermove", onMove);
        li.addEventListener("pointerup", onUp);
        li.addEventListener("pointercancel", onUp);
      };
      li.querySelector(".gd-grip").addEventListener("pointerdown", grab);
      li.querySelector("code").addEventListener("pointerdown", grab);
      return li;
    }

    const reset = () => { list.replaceChildren(...start.map(item)); verdict(feedback, null, ""); };
    const check = () => {
      const now = items().map((li) => li.dataset.line);
      const n = now.filter((l, i) => l === want[i]).length;
      verdict(feedback, n === want.length && now.length === want.length,
        n === want.length ? "Right: this is the order that prints the expected output." :
        `Not yet: ${n} of ${want.length} lines are in their place.`);
    };
    reset();
    p.block.replaceWith(h("div", { class: "gd-practice" },
      h("p", { class: "gd-hint" }, "Drag the lines, or use the ↑ ↓ buttons, to put the program in order."),
      list,
      h("div", { class: "gd-row gd-buttons" }, button("Check", check, true), button("Reset", reset)),
      feedback));
  }

  function upgrade(box) {
    if (box.dataset.gdReady) return;
    const kind = KINDS.find((k) => box.classList.contains(k));
    const details = box.nextElementSibling;
    if (!kind || !details || details.tagName !== "DETAILS") return;
    const p = parts(box, details);
    if (!p.block || p.expected === null || (p.solution === null && (kind === "fill" || kind === "order"))) return;
    box.dataset.gdReady = "1";
    box.classList.add("gd-live");
    ({ predict, fix: editor, write: editor, fill, order })[kind](box, p);
  }

  gd.enhance((body) => {
    for (const box of body.querySelectorAll(".admonition.practice")) upgrade(box);
  });
})();
