// The widget's styles: one constructable stylesheet adopted by every shadow root (CSP: style-src
// 'self' allows no <style> and no style attributes). Sizes are in em/px, never rem: host pages often
// set html { font-size: 62.5% }. Theme through the --catalyse-* custom properties on the element.
//
// The shipped bundle (dist/catalyse.js) carries the same text minified: scripts/build.sh has esbuild
// minify it and defines CATALYSE_MINIFIED_CSS with the result, so esbuild keeps that string and
// drops the text below. Unbundled (development, tests, kiosk), CATALYSE_MINIFIED_CSS is undeclared
// and the readable text below is the stylesheet.
// The participant page's script (dist/event.js) carries no copy (CATALYSE_MINIFIED_CSS is ''): the
// page's own stylesheet has the rules, and its script says where to read them (stylesFrom).

export const CSS = typeof CATALYSE_MINIFIED_CSS === 'string' ? CATALYSE_MINIFIED_CSS : `
:host {
  /* !important: a host's global reset (* { all: unset }) would otherwise make the element inline
     and drop the container the layout queries; hide the element with the hidden attribute. */
  display: block !important;
  contain: content;
  container-type: inline-size !important;
  container-name: catalyse !important;
}
:host([hidden]) { display: none !important; }

.root {
  /* Inherited text properties from the host page (letter-spacing, text-transform, italics…) stop
     here; custom properties (the --catalyse-* theme) still come through. */
  all: initial;
  display: block;
  --_accent: var(--catalyse-accent, #1d5c8a);
  --_accent-strong: var(--catalyse-accent-strong, #154569);
  --_accent-soft: var(--catalyse-accent-soft, #e8f0f7);
  --_text: var(--catalyse-text, #1b2430);
  --_muted: var(--catalyse-muted, #556070);
  --_bg: var(--catalyse-background, #ffffff);
  --_surface: var(--catalyse-surface, #f4f6f9);
  --_border: var(--catalyse-border, #cfd6df);
  --_danger: var(--catalyse-danger, #a4262c);
  --_danger-soft: var(--catalyse-danger-soft, #fbeeee);
  --_ok: var(--catalyse-ok, #2e6b3a);
  --_warn: var(--catalyse-warn, #8a5300);
  --_warn-soft: var(--catalyse-warn-soft, #fdf4e3);
  --_focus: var(--catalyse-focus, #c25e00);
  --_radius: var(--catalyse-radius, 8px);
  font-family: var(--catalyse-font-family, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif);
  font-size: var(--catalyse-font-size, 16px);
  line-height: 1.5;
  color: var(--_text);
  background: var(--_bg);
  text-align: start;
  padding: 1.5em;
  border-radius: var(--_radius);
  -webkit-font-smoothing: antialiased;
}
*, *::before, *::after { box-sizing: border-box; }
@container (max-width: 520px) {
  .root { padding: 1em 0.85em; }
  .root h2 { font-size: 1.3em; }
  .root .intro { font-size: 0.95em; }
  /* the first screen shows a question: the intro is cut to two lines until "more" opens it */
  .intro:not(.open) { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; }
}
@container (min-width: 521px) { .intro-more { display: none; } }
[hidden] { display: none !important; }

.sr-only {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap;
}

h2, h3, h4, p, ul, ol, figure { margin: 0; }
h2 { font-size: 1.5em; line-height: 1.25; font-weight: 700; letter-spacing: -0.01em; }
h3 { font-size: 1.2em; line-height: 1.3; font-weight: 650; }
h4 { font-size: 0.8em; line-height: 1.3; font-weight: 650; text-transform: uppercase; letter-spacing: 0.06em; color: var(--_muted); }

:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
h3:focus, h2:focus { outline: none; }
h3:focus-visible, h2:focus-visible { outline: 3px solid var(--_focus); }

/* ---- header ---- */
.head { display: grid; gap: 0.5em; margin-bottom: 1.25em; }
.intro { color: var(--_muted); max-width: 46em; }
.progress { display: grid; gap: 0.35em; margin-top: 0.5em; }
.progress-text { display: flex; justify-content: space-between; gap: 1em; font-size: 0.875em; color: var(--_muted); flex-wrap: wrap; }
.progress-track { height: 6px; background: var(--_surface); border-radius: 3px; overflow: hidden; box-shadow: inset 0 0 0 1px var(--_border); }
.progress-fill { height: 100%; width: 0; background: var(--_accent); border-radius: 3px; transition: width 0.2s ease; }
.progress-note { font-size: 0.8em; color: var(--_muted); }
.head .intro-more { justify-self: start; font-size: 0.8em; padding: 0.1em 0; margin-top: -0.35em; }

/* ---- two columns: form and feedback ---- */
.layout { display: grid; gap: 1.5em; grid-template-columns: minmax(0, 1fr); align-items: start; }
@container (min-width: 860px) {
  .layout { grid-template-columns: minmax(0, 1fr) minmax(290px, 21em); gap: 2.5em; }
  /* beside the form, in sight while answering, and never taller than the window */
  .root:not(.is-done) .feedback { position: sticky; top: 1em; max-height: calc(100vh - 2em); overflow-y: auto; overscroll-behavior: contain; }
}
/* (named: inside the form column, the nearest container is the column itself) */
@container catalyse (min-width: 860px) {
  .root .reading-bar, .root .panel-back { display: none; }
}
@container (min-width: 1100px) {
  .layout { grid-template-columns: minmax(0, 1fr) 25em; }
}

/* ---- sections and questions ---- */
.form-column { container: form / inline-size; min-width: 0; }
.section { display: grid; gap: 1.25em; }
.section-head { display: grid; gap: 0.35em; padding-bottom: 0.75em; border-bottom: 1px solid var(--_border); }
.section-intro { color: var(--_muted); }
.required-legend { font-size: 0.85em; color: var(--_muted); }
.mark { color: var(--_danger); font-weight: 700; margin-inline-start: 0.2em; }

.question { border: 0; margin: 0; padding: 0; min-width: 0; display: grid; gap: 0.6em; }
.question > legend, .question-text { padding: 0; font-weight: 600; font-size: 1.05em; line-height: 1.4; }
.question > legend { margin-bottom: 0.5em; }
.help, .hint { font-size: 0.9em; color: var(--_muted); }
.question.invalid .question-text, .question.invalid > legend { color: var(--_danger); }
.message { font-size: 0.9em; color: var(--_danger); font-weight: 600; }
.message:empty { display: none; }

.options { display: grid; gap: 0.5em; }
.option {
  display: flex; align-items: flex-start; gap: 0.65em; cursor: pointer;
  padding: 0.65em 0.85em; border: 1px solid var(--_border); border-radius: var(--_radius);
  background: var(--_bg); transition: border-color 0.12s, background-color 0.12s;
}
.option:hover { border-color: var(--_accent); }
.option:has(input:checked) { border-color: var(--_accent); background: var(--_accent-soft); box-shadow: inset 0 0 0 1px var(--_accent); }
.option:has(input:focus-visible) { outline: 3px solid var(--_focus); outline-offset: 2px; }
.option input { margin: 0.2em 0 0; width: 1.1em; height: 1.1em; flex: none; accent-color: var(--_accent); }
.option input:focus-visible { outline: none; }
.option.dont-know { border-style: dashed; color: var(--_muted); }
.scale { display: grid; gap: 0.5em; grid-template-columns: repeat(auto-fit, minmax(10em, 1fr)); }
/* a long word ("Régulièrement") wraps inside its box instead of running over the border */
.option .label-text { min-width: 0; overflow-wrap: anywhere; }

.number-row { display: flex; align-items: center; gap: 0.6em; flex-wrap: wrap; }
input[type="number"], textarea {
  font: inherit; color: inherit; background: var(--_bg);
  border: 1px solid var(--_border); border-radius: var(--_radius); padding: 0.55em 0.7em;
}
input[type="number"] { width: 8em; }
textarea { width: 100%; min-height: 6em; resize: vertical; }
input[type="number"]:focus-visible, textarea:focus-visible { outline: 3px solid var(--_focus); outline-offset: 1px; border-color: var(--_accent); }
.unit { color: var(--_muted); }

/* matrix: one fieldset per row; a table-like grid when the widget is wide enough */
.matrix { display: grid; gap: 0.75em; }
.matrix-head { display: none; }
.matrix-row { border: 0; margin: 0; padding: 0.75em 0 0; min-width: 0; border-top: 1px solid var(--_border); }
.matrix-row > legend { font-weight: 600; padding: 0; margin-bottom: 0.4em; float: left; width: 100%; }
.matrix-row .row-label { display: none; }
.matrix-row .options { clear: both; display: flex; flex-wrap: wrap; }
.matrix-row .option { flex: 1 1 auto; padding: 0.55em 0.75em; align-items: center; min-height: 2.75em; }
.matrix-row .option input { margin: 0; }
@container form (min-width: 640px) {
  .matrix { gap: 0; border: 1px solid var(--_border); border-radius: var(--_radius); overflow: hidden; }
  .matrix-head, .matrix-row .cells {
    display: grid; align-items: center;
    grid-template-columns: minmax(8em, 1fr) repeat(var(--_cols, 4), minmax(4.5em, 6.5em));
  }
  .matrix-head { background: var(--_surface); font-weight: 500; color: var(--_text); text-align: center; }
  /* the font size on the cells, not the row: the grid's em tracks must match the rows below */
  .matrix-head > span { font-size: 0.75em; padding: 0.8em 0.1em; line-height: 1.25; overflow-wrap: break-word; }
  .matrix-row { padding: 0; }
  .matrix-row:nth-of-type(odd) { background: color-mix(in srgb, var(--_surface) 45%, transparent); }
  .matrix-row > legend { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; float: none; }
  .matrix-row .row-label { display: block; padding: 0.6em 0.85em; font-weight: 500; }
  .matrix-row .options { display: contents; }
  .matrix-row .option { min-height: 0; justify-content: center; border: 0; border-radius: 0; background: transparent; box-shadow: none; padding: 0.75em 0.3em; height: 100%; align-items: center; }
  .matrix-row .option:has(input:checked) { background: var(--_accent-soft); box-shadow: none; }
  .matrix-row .option .label-text { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
}

/* ---- navigation ---- */
.nav { display: flex; gap: 0.75em; justify-content: space-between; align-items: center; flex-wrap: wrap; margin-top: 1.75em; padding-top: 1.25em; border-top: 1px solid var(--_border); }
.nav .spacer { flex: 1; }
.button {
  font: inherit; font-weight: 600; cursor: pointer; border-radius: var(--_radius);
  padding: 0.6em 1.2em; border: 1px solid var(--_accent); background: var(--_accent); color: #fff;
  min-height: 2.75em; transition: background-color 0.12s;
}
.button:hover { background: var(--_accent-strong); border-color: var(--_accent-strong); }
.button.secondary { background: var(--_bg); color: var(--_accent); }
.button.secondary:hover { background: var(--_accent-soft); }
.button:disabled { opacity: 0.6; cursor: progress; }
.privacy { font-size: 0.85em; color: var(--_muted); }
.erase { font: inherit; font-weight: 600; color: var(--_accent); background: none; border: 0; border-radius: 4px; padding: 0.35em 0.25em; margin: 0; text-decoration: underline; cursor: pointer; }
.erase:hover { background: var(--_accent-soft); }
.status { font-size: 0.9em; color: var(--_muted); }
.alert { padding: 0.75em 1em; border-radius: var(--_radius); background: var(--_danger-soft); color: var(--_danger); border: 1px solid currentColor; font-weight: 500; }
.notice { padding: 0.6em 0.9em; border-radius: var(--_radius); background: var(--_accent-soft); font-size: 0.9em; }
.notice.warn { background: var(--_warn-soft); display: grid; gap: 0.35em; }
.notice ul { padding-inline-start: 1.2em; }
.notice code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }

/* ---- compact reading (phones): in sight at the bottom of the form, leads to the panel ---- */
.reading-bar {
  position: sticky; bottom: 0; z-index: 1; width: 100%; margin-top: 1em; display: flex; align-items: center; gap: 0.75em;
  font: inherit; text-align: start; cursor: pointer; color: var(--_text); background: var(--_bg);
  padding: 0.45em 0.75em; border: 1px solid var(--_accent); border-radius: var(--_radius); box-shadow: 0 -2px 10px rgb(0 0 0 / 0.12);
  font-size: 0.9em; line-height: 1.35;
}
.bar-text { flex: 1; display: grid; gap: 0.1em; min-width: 0; }
.bar-main { font-weight: 650; }
.bar-change { font-size: 0.85em; color: var(--_muted); }
.bar-change:empty { display: none; }
.bar-open { font-size: 0.85em; font-weight: 600; color: var(--_accent); text-decoration: underline; flex: none; }
.is-done .reading-bar, .is-done .panel-back { display: none; }
.panel-back { justify-self: start; }

/* ---- feedback panel ---- */
.feedback { display: grid; gap: 1.25em; padding: 1.25em; background: var(--_surface); border-radius: calc(var(--_radius) * 1.5); border: 1px solid var(--_border); }
.panel-reading, .panel-next { display: grid; gap: 1.25em; align-content: start; min-width: 0; }
.reading-note { grid-column: 1 / -1; font-size: 0.875em; padding: 0.5em 0.7em; border-radius: var(--_radius); background: var(--_warn-soft); }
.reading-note strong { color: var(--_warn); }
.feedback-title { font-size: 1.05em; }
.block { display: grid; gap: 0.5em; }
.empty-note { color: var(--_muted); font-size: 0.9em; }

.score-card { display: grid; grid-template-columns: auto 1fr; gap: 0.25em 1em; align-items: center; padding: 1em; background: var(--_bg); border-radius: var(--_radius); border: 1px solid var(--_border); min-height: 7.5em; }
.index-value { font-size: 2.6em; font-weight: 750; line-height: 1; color: var(--_accent-strong); font-variant-numeric: tabular-nums; min-width: 2.4ch; }
.index-value.none { color: var(--_border); }
.index-none { font-size: 0.9em; color: var(--_muted); font-weight: 600; }
.index-meta { display: grid; gap: 0.15em; }
.index-label { font-size: 0.8em; text-transform: uppercase; letter-spacing: 0.06em; color: var(--_muted); font-weight: 650; }
.level-badge { justify-self: start; display: inline-block; font-weight: 700; font-size: 0.95em; padding: 0.15em 0.6em; border-radius: 999px; background: var(--_accent); color: #fff; }
.level-badge:empty { display: none; }
.interpretation { grid-column: 1 / -1; font-size: 0.9em; }
.indicative { grid-column: 1 / -1; font-size: 0.8em; color: var(--_muted); }

.declared { padding: 0.75em 1em; border-radius: var(--_radius); border-inline-start: 4px solid var(--_ok); background: var(--_bg); font-size: 0.9em; display: grid; gap: 0.25em; }
.declared.disagree { border-inline-start-color: var(--_warn); background: var(--_warn-soft); }
.declared.undecided { border-inline-start-color: var(--_border); }
.declared strong { font-weight: 650; }

.radar { width: 100%; max-width: 26em; height: auto; aspect-ratio: 360 / 280; justify-self: center; overflow: visible; display: block; }
.radar .grid { fill: none; stroke: var(--_border); stroke-width: 1; }
.radar .axis { stroke: var(--_border); stroke-width: 1; }
.radar .area { fill: color-mix(in srgb, var(--_accent) 22%, transparent); stroke: var(--_accent); stroke-width: 2; stroke-linejoin: round; }
.radar .overlay { fill: none; stroke: var(--_text); stroke-width: 1.5; stroke-dasharray: 5 4; }
.radar .dot { fill: var(--_accent); }
.radar .axis-label { font-size: 15px; fill: var(--_text); }
.radar .axis-label.insufficient { fill: var(--_muted); font-style: italic; }
.radar .tick { font-size: 12px; fill: var(--_muted); }

.dims { list-style: none; padding: 0; display: grid; gap: 0.7em; }
.dim { display: grid; grid-template-columns: 1fr auto; gap: 0.2em 0.75em; font-size: 0.9em; }
.dim-name { font-weight: 600; }
.dim-score { font-variant-numeric: tabular-nums; font-weight: 650; }
.dim-bar { position: relative; grid-column: 1 / -1; height: 8px; border-radius: 4px; background: var(--_bg); box-shadow: inset 0 0 0 1px var(--_border); overflow: hidden; }
.dim-fill { height: 100%; width: 0; background: var(--_accent); border-radius: 4px; transition: width 0.2s ease; }
.dim-marker { position: absolute; top: -2px; bottom: -2px; width: 3px; margin-left: -1.5px; background: var(--_text); border-radius: 1px; }
.radar-legend { display: flex; flex-wrap: wrap; align-items: center; justify-content: center; gap: 0.3em 0.5em; font-size: 0.8em; color: var(--_muted); }
.radar-legend .key { display: inline-block; width: 1.6em; height: 0; border-top: 2px solid var(--_accent); }
.radar-legend .key.reference { border-top: 2px dashed var(--_text); }
.radar-legend .legend-item { display: inline-flex; align-items: center; gap: 0.4em; margin-inline: 0.4em; }
.dim-note { grid-column: 1 / -1; font-size: 0.85em; color: var(--_muted); }
.dim.insufficient .dim-score { color: var(--_muted); }
.dim.insufficient .dim-note { font-style: italic; }
.dim.insufficient .dim-bar { background: repeating-linear-gradient(135deg, var(--_bg) 0 6px, var(--_surface) 6px 12px); }

.list { list-style: none; padding: 0; display: grid; gap: 0.6em; font-size: 0.9em; }
.list li { padding: 0.65em 0.85em; background: var(--_bg); border-radius: var(--_radius); border: 1px solid var(--_border); display: grid; gap: 0.2em; }
.list .tag { font-size: 0.8em; font-weight: 650; color: var(--_accent-strong); text-transform: uppercase; letter-spacing: 0.04em; }
.list .source, .block > .source { font-size: 0.8em; color: var(--_muted); }
.list.compact { gap: 0; border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_bg); }
.list.compact li { border: 0; border-radius: 0; background: none; padding: 0.5em 0.85em; }
.list.compact li + li { border-top: 1px solid var(--_border); }
details summary { cursor: pointer; font-weight: 650; list-style-position: outside; margin-inline-start: 1em; }
details summary::marker { color: var(--_accent); }
details[open] summary { margin-bottom: 0.35em; }
details p { color: var(--_text); }

/* ---- before finishing: what is thin ---- */
.check { display: grid; gap: 0.75em; padding: 1.25em; border-radius: var(--_radius); border: 1px solid var(--_warn); background: var(--_warn-soft); }
.check-list, .check-dims { padding: 0; list-style: none; display: grid; gap: 0.5em; }
.check-list li { display: flex; align-items: center; justify-content: space-between; gap: 0.75em; flex-wrap: wrap; }
.check-list .button { min-height: 2.5em; padding: 0.35em 0.9em; }
.check-dims li::before { content: "· "; }

/* ---- final screen and errors ---- */
.is-done .layout { grid-template-columns: minmax(0, 1fr); gap: 1.5em; }
.is-done .intro, .is-done .intro-more { display: none; }
/* two columns of whole groups: a dimension is never split across them */
@container catalyse (min-width: 700px) { .is-done .feedback { grid-template-columns: 1fr 1fr; column-gap: 2em; } }
.is-done .feedback > .feedback-title, .is-done .feedback > .pending-note { grid-column: 1 / -1; font-size: 1.2em; }
.done { display: grid; gap: 1em; }
.done .actions { display: flex; flex-wrap: wrap; gap: 0.75em; }
.reopen { display: grid; gap: 0.35em; }
.reopen ul { padding: 0; list-style: none; display: grid; gap: 0.1em; }
.reopen .erase, .restart .erase { text-align: start; font-weight: 500; }
.restart { font-size: 0.9em; }
.print-only { display: none; }
.error { display: grid; gap: 0.75em; padding: 1.25em; border-radius: var(--_radius); border: 1px solid var(--_danger); background: var(--_danger-soft); }
.error h2 { font-size: 1.2em; color: var(--_danger); }
.error ul { padding-inline-start: 1.2em; display: grid; gap: 0.4em; }
.error code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; background: var(--_bg); padding: 0.05em 0.35em; border-radius: 4px; word-break: break-all; }
.loading { color: var(--_muted); padding: 2em 0; }
.pending-note { color: var(--_muted); }

@media (prefers-reduced-motion: reduce) {
  .progress-fill, .dim-fill, .option { transition: none; }
}

@media print {
  .root { padding: 0; font-size: 11pt; color: #000; }
  .form-column > :not(.done), .nav, .actions, .progress, .feedback-live, .reading-bar, .panel-back,
  .reopen, .restart, .intro-more, .screen-only, .done > h3, .done > .status { display: none !important; }
  .print-only { display: block; }
  .synthesis-of { font-weight: 650; }
  .layout { display: block; }
  .feedback, .is-done .feedback { display: block; border: 0; padding: 0; background: none; margin-top: 1em; }
  .panel-reading, .panel-next { display: block; }
  .panel-reading > *, .panel-next > * { margin-bottom: 1em; }
  .score-card, .list li, .declared, .dim, .levers-block, figure { break-inside: avoid; }
  h4 { break-after: avoid; }
  details::details-content { content-visibility: visible; display: block; }
  .dim-fill, .level-badge { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;

let sheet;
let source = () => CSS;
/** The shared stylesheet (created on first use: Node tests import this module without a DOM). */
export function styleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(source());
  }
  return sheet;
}

/** Where the stylesheet's text comes from when the script carries none: `read()` gives it. */
export function stylesFrom(read) {
  source = read;
}
