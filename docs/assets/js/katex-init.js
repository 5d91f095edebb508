// Render the maths on every page with the KaTeX the site serves itself (no CDN).
// Material's instant navigation swaps pages without a reload, so render on each `document$` emission.
document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "$", right: "$", display: false },
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
    ],
    ignoredClasses: ["highlight", "md-source"],
    throwOnError: false,
  });
});
