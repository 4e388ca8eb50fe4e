// claimscope's only script: layer toggles, opening a record from its mark,
// copying a citation, and the flag-threshold slider. No inline handlers exist
// (the Content-Security-Policy forbids them); everything is wired up here.
"use strict";

function wireLayers() {
  const form = document.querySelector("form.layers");
  if (!form) return;
  const apply = () => {
    for (const box of form.querySelectorAll("input[data-layer]")) {
      document.body.classList.toggle("hide-" + box.dataset.layer, !box.checked);
    }
  };
  form.addEventListener("change", apply);
  const button = form.querySelector(".layers-apply");
  if (button) button.hidden = true;  // toggling is instant with the script
  apply();
}

function openRecord(id) {
  const panel = document.getElementById(id);
  if (!panel || !panel.matches("details.record")) return;
  for (const open of document.querySelectorAll("details.record.current")) {
    open.classList.remove("current");
  }
  panel.open = true;
  panel.classList.add("current");
  panel.scrollIntoView({ block: "nearest" });
}

function wireMarks() {
  document.addEventListener("click", (event) => {
    const mark = event.target.closest("mark[data-record]");
    if (mark) openRecord(mark.dataset.record);
  });
  if (location.hash.length > 1) {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = document.getElementById(id);
    // a search hit in folded boilerplate: unfold it
    if (target && target.matches("details.segment")) target.open = true;
    openRecord(id);
  }
}

function wireCite() {
  for (const button of document.querySelectorAll("button.copy-cite")) {
    button.addEventListener("click", () => {
      const text = button.parentElement.querySelector(".cite-text").textContent;
      if (navigator.clipboard) {
        navigator.clipboard.writeText(text).then(
          () => { button.textContent = "copied"; },
          () => { button.textContent = "select and copy"; });
      }
    });
  }
}

// Characters (code points, as the store counts them) from the start of `root`
// to `node`/`offset`.
function codePointsBefore(root, node, offset) {
  const range = document.createRange();
  range.setStart(root, 0);
  range.setEnd(node, offset);
  return Array.from(range.toString()).length;
}

function wireSelectionCite() {
  const article = document.querySelector("article.text");
  const box = document.getElementById("selection-cite");
  if (!article || !box) return;
  document.addEventListener("selectionchange", () => {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || selection.rangeCount === 0) return;
    const range = selection.getRangeAt(0);
    const segment = range.startContainer.parentElement &&
      range.startContainer.parentElement.closest(".seg-text");
    if (!segment || !segment.contains(range.endContainer)) return;  // one segment at a time
    const base = Number(segment.parentElement.dataset.start);
    const start = base + codePointsBefore(segment, range.startContainer, range.startOffset);
    const quote = range.toString();
    const end = start + Array.from(quote).length;
    box.querySelector(".cite-text").textContent =
      quote + "\n— page " + article.dataset.pageId + ", " + article.dataset.url +
      ", characters " + start + "–" + end;
    box.hidden = false;
  });
}

function wireThreshold() {
  const slider = document.querySelector("input.threshold");
  const exact = document.querySelector("input.threshold-exact");
  if (!slider || !exact) return;
  slider.addEventListener("input", () => { exact.value = slider.value; });
  exact.addEventListener("input", () => { slider.value = exact.value; });
  slider.addEventListener("change", () => { slider.form.requestSubmit(); });
}

wireSelectionCite();
wireLayers();
wireMarks();
wireCite();
wireThreshold();
