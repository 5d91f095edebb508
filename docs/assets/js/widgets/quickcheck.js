/* gdbook widgets: interactive quick checks.
 *
 * Authoring format (CONTRIBUTING.md, "Interactive quick checks and challenges"): a question
 * admonition with a numbered list of options, right after it the answer, whose extra class
 * answer-N names the right option. Optionally, the answer ends with a numbered list that has one
 * item per option: the reason shown when the reader picks that option.
 *
 *   !!! question "Where does one step from x = 5 land?"
 *
 *       1. $x = 5.4$
 *       2. $x = 4.6$
 *
 *   ??? success answer-2 "Answer"
 *
 *       **$x = 4.6$.** The explanation ...
 *
 *       1. Wrong way: ...
 *       2. Right: ...
 *
 * Without JavaScript this is the question and a collapsed answer. With it, the options become
 * buttons that say at once whether the pick is right, and why.
 */
(function () {
  "use strict";
  const gd = window.gdbook;
  const { h } = gd;

  /** What a screen reader should say for an option: its text, with each formula's MathML tokens
   *  ("x = 4.6", a power as "g2" as it looks). KaTeX shows HTML to the eye (aria-hidden) and MathML to
   *  screen readers, but a math element does not give its button a name in Chromium, so an option
   *  that is a formula had no name. */
  function mathWords(el) {
    if (["mi", "mn", "mo", "mtext"].includes(el.localName)) return el.textContent;
    if (el.localName === "annotation") return "";
    const parts = [...el.children].map(mathWords).filter(Boolean);
    return parts.join(["msup", "msub", "msubsup"].includes(el.localName) ? "" : " ");
  }
  function spoken(node) {
    if (node.nodeType === 3) return node.textContent;
    if (node.nodeType !== 1 || node.getAttribute("aria-hidden") === "true") return "";
    const math = node.matches(".katex") && node.querySelector("math");
    if (math) return ` ${mathWords(math)} `;
    return [...node.childNodes].map(spoken).join("");
  }

  function upgrade(details) {
    const right = Number((details.className.match(/(?:^|\s)answer-(\d+)(?:\s|$)/) || [])[1]);
    const question = details.previousElementSibling;
    if (!question || !question.matches(".admonition.question")) return;
    const list = question.querySelector(":scope > ol");
    if (!list || question.dataset.gdReady) return;
    const options = [...list.children].filter((li) => li.tagName === "LI");
    if (!(right >= 1 && right <= options.length)) return;
    question.dataset.gdReady = "1";
    const reasonLists = [...details.querySelectorAll(":scope > ol")].filter((ol) => ol.children.length === options.length);
    const reasons = reasonLists.length ? [...reasonLists[reasonLists.length - 1].children] : null;
    const feedback = h("div", { class: "gd-feedback", role: "status", "aria-live": "polite" });
    const name = question.querySelector(".admonition-title");
    list.classList.add("gd-options");
    if (name && !name.id) name.id = gd.uid("qc");
    list.setAttribute("aria-labelledby", name ? name.id : "");

    const buttons = options.map((li, i) => {
      const button = h("button", { type: "button", class: "gd-choice", "aria-pressed": "false" });
      // Move the option's content into the button (a paragraph's content, for loose lists).
      for (const node of [...li.childNodes]) {
        if (node.nodeType === 1 && node.tagName === "P") button.append(...node.childNodes, " ");
        else button.append(node);
      }
      li.append(button);
      if (button.querySelector(".katex")) button.setAttribute("aria-label", spoken(button).replace(/\s+/g, " ").trim());
      button.addEventListener("click", () => choose(i));
      return button;
    });

    function choose(i) {
      const ok = i + 1 === right;
      buttons.forEach((b, j) => {
        b.setAttribute("aria-pressed", String(j === i));
        b.classList.toggle("gd-right", j === i && ok);
        b.classList.toggle("gd-wrong", j === i && !ok);
      });
      const why = reasons ? [...reasons[i].cloneNode(true).childNodes] : [];
      feedback.dataset.verdict = ok ? "right" : "wrong";
      feedback.replaceChildren(
        h("strong", {}, ok ? "✓ Right. " : "✗ Not quite. "),
        ...why,
        ok ? (reasons ? " " : "") + "The whole answer is open below." : (reasons ? " " : "") + "Try another option.");
      if (ok) details.open = true;
    }

    list.after(feedback, h("p", { class: "gd-hint" }, "Pick an option: you will see at once whether it is right, and why."));
  }

  gd.enhance((body) => {
    for (const details of body.querySelectorAll("details[class*='answer-']")) upgrade(details);
  });
})();
