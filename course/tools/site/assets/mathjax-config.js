// MathJax 3 for the course site (course/tools/site): $...$ as in the notebooks, and the
// accessibility extensions: speech strings (read aloud by screen readers), the expression
// explorer (focus a formula, then the arrow keys walk through it) and hidden MathML.
// Everything is loaded from the site's own mathjax/ folder; nothing from the network.
window.MathJax = {
  loader: {load: ["a11y/semantic-enrich", "a11y/explorer", "a11y/assistive-mml"]},
  tex: {inlineMath: [["$", "$"], ["\\(", "\\)"]], processEscapes: true},
  options: {enableExplorer: true, enableAssistiveMml: true, a11y: {speech: true}},
};
