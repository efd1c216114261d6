// The HTML report's style sheet and script, inlined into the page: the page
// must open from disk with no network at all (issue 13), so no CDN, no web
// fonts (system monospace and sans-serif stacks), no external files.

export const STYLE = `
:root{--fg:#1d2330;--dim:#6b7280;--line:#9aa3b2;--fail:#c81e1e;--warn:#b45309;--pass:#15803d;--hl:#fff3b0;--bg:#fff}
*{box-sizing:border-box}
body{margin:0;padding:24px 32px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:0 0 6px;font-weight:600}
code,pre,.mono{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace}
.summary{color:var(--dim);margin:0 0 12px}
.verdict{font-weight:700;letter-spacing:.03em}.verdict.pass{color:var(--pass)}.verdict.fail,.verdict.error{color:var(--fail)}.verdict.skip{color:var(--dim)}
table.index{border-collapse:collapse;margin:8px 0 28px;min-width:640px}
table.index th,table.index td{text-align:left;padding:4px 14px 4px 0;border-bottom:1px solid #e5e7eb}
table.index td.num{text-align:right;font-variant-numeric:tabular-nums}
table.index a{color:inherit}
.only-failed .run.pass,.only-failed .run.skip{display:none}
section.run{border-top:2px solid #e5e7eb;padding:18px 0 26px}
.meta{color:var(--dim);margin:0 0 8px}
pre.failure{color:var(--fail);background:#fef2f2;border-left:3px solid var(--fail);padding:8px 12px;margin:0 0 12px;white-space:pre-wrap}
.ladder{display:flex;gap:24px;align-items:flex-start}
.diagram{flex:0 0 auto}
pre.script{flex:1 1 320px;position:sticky;top:8px;max-height:calc(100vh - 16px);overflow:auto;margin:0;padding:8px 0;background:#f8fafc;border:1px solid #e5e7eb;font-size:12px;line-height:1.5}
pre.script span{display:block;padding:0 10px;white-space:pre}
pre.script span i{display:inline-block;width:3em;color:var(--dim);font-style:normal;user-select:none}
pre.script span.hl,.ladder g.row.hl{background:var(--hl)}
pre.script span.failed{color:var(--fail);font-weight:600}
svg.ladder{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:11.5px;background:var(--bg)}
svg.ladder .who{font:600 13px system-ui,sans-serif;fill:var(--fg)}
svg.ladder .addr{fill:var(--dim)}
svg.ladder .col{fill:var(--dim);font:11px system-ui,sans-serif}
svg.ladder .ln,svg.ladder .t{fill:var(--dim);text-anchor:end}
svg.ladder .lifeline{stroke:#475569;stroke-width:2;fill:none}
svg.ladder .arrow{stroke:#1e3a8a;stroke-width:1.6;fill:none}
svg.ladder .arrow.head{fill:#1e3a8a;stroke:none}
svg.ladder .arrow.stray{stroke-dasharray:6 4}
svg.ladder .arrow.stray.head{stroke-dasharray:none}
svg.ladder .label{fill:#111827;text-anchor:middle}
svg.ladder .mark{fill:#374151}
svg.ladder .glyph{fill:#475569}
svg.ladder .final{fill:var(--dim);font-style:italic}
svg.ladder .row.failed .arrow{stroke:var(--fail)}svg.ladder .row.failed .arrow.head,svg.ladder .row.failed .glyph{fill:var(--fail)}
svg.ladder .row.failed .label,svg.ladder .row.failed .mark,svg.ladder .row.failed .ln,svg.ladder .row.failed .t{fill:var(--fail);font-weight:700}
svg.ladder .row.warn .arrow{stroke:var(--warn)}svg.ladder .row.warn .arrow.head{fill:var(--warn)}svg.ladder .row.warn .label{fill:var(--warn)}
svg.ladder .note rect{fill:#fef2f2;stroke:var(--fail)}
svg.ladder .note-text{fill:var(--fail);white-space:pre}
svg.ladder .row.warn .note rect{fill:#fffbeb;stroke:var(--warn)}svg.ladder .row.warn .note-text{fill:var(--warn)}
svg.ladder .window path{stroke:var(--fail);stroke-width:2;fill:none}
svg.ladder .window-key{stroke:var(--fail);stroke-width:2;fill:none}
svg.ladder .cut path{stroke:#475569;stroke-width:1.5;fill:none}
svg.ladder .cut-label{fill:var(--dim);font-style:italic}
svg.ladder .row:hover .label,svg.ladder .row:hover .mark{text-decoration:underline}
svg.ladder .band-rect{stroke:#fff;stroke-width:1}
svg.ladder .band-label{font:600 10px system-ui,sans-serif;fill:#1f2937;letter-spacing:.02em}
svg.ladder .legend-text{fill:var(--dim);font:11px system-ui,sans-serif}
.st-listen{fill:#e0e7ff}.st-syn-sent,.st-syn-recv{fill:#fde68a}.st-established{fill:#bbf7d0}
.st-fin-wait1{fill:#fed7aa}.st-fin-wait2{fill:#fdba74}.st-closing{fill:#fca5a5}.st-close-wait,.st-last-ack{fill:#fbcfe8}
.st-time-wait{fill:#c7d2fe}.st-close{fill:#e5e7eb}.st-unknown{fill:#f3f4f6}
`;

/**
 * Hovering a diagram row or a script line lights up both; the checkbox hides
 * passed runs. Without script the page still shows everything.
 */
export const SCRIPT = `
(function(){
  var lit=[];
  function clear(){lit.forEach(function(e){e.classList.remove('hl')});lit=[]}
  function light(run,line){
    clear();
    run.querySelectorAll('[data-line="'+line+'"]').forEach(function(e){e.classList.add('hl');lit.push(e)});
  }
  document.addEventListener('mouseover',function(ev){
    var el=ev.target.closest&&ev.target.closest('[data-line]');
    var run=el&&el.closest('section.run');
    if(run)light(run,el.getAttribute('data-line'));else clear();
  });
  var box=document.getElementById('only-failed');
  if(box)box.addEventListener('change',function(){document.body.classList.toggle('only-failed',box.checked)});
})();
`;
