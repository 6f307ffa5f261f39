// Feit or mening while typing (ADR 0024): shows the feit-or-mening block as soon as a note
// marked "feit" contains speculative wording, with the same words and matching as the server
// (dossier/formulering.py: whole words or consecutive words, case-insensitive). The server check
// stays; without this script the block appears after saving. Text only through textContent.
(function () {
  "use strict";
  var blok = document.getElementById("feit-of-mening");
  if (!blok) {
    return;
  }
  var formulier = blok.closest("form");
  var tekstveld = formulier && formulier.querySelector("textarea[name=tekst]");
  var woordenplek = blok.querySelector("[data-woorden]");
  if (!tekstveld || !woordenplek) {
    return;
  }
  var lijst = JSON.parse(blok.getAttribute("data-woordenlijst") || "[]");
  var WOORD = /\p{L}+(?:[-'\u2019]\p{L}+)*/gu;

  function isFeit() {
    var gekozen = formulier.querySelector("input[name=aard]:checked");
    return gekozen !== null && gekozen.value === "feit";
  }

  function gevonden(tekst) {
    var origineel = tekst.match(WOORD) || [];
    var gevouwen = origineel.map(function (w) { return w.toLocaleLowerCase("nl"); });
    var treffers = [];
    lijst.forEach(function (vormen) {
      for (var v = 0; v < vormen.length; v += 1) {
        var vorm = vormen[v];
        for (var i = 0; i + vorm.length <= gevouwen.length; i += 1) {
          var gelijk = vorm.every(function (woord, j) { return gevouwen[i + j] === woord; });
          if (gelijk) {
            treffers.push("\u2018" + origineel.slice(i, i + vorm.length).join(" ") + "\u2019");
            return;
          }
        }
      }
    });
    return treffers.join(", ");
  }

  var getoond = blok.hidden ? "" : woordenplek.textContent;
  var wacht = null;

  function werkBij() {
    wacht = null;
    var woorden = isFeit() ? gevonden(tekstveld.value) : "";
    if (woorden === getoond) {
      return;
    }
    getoond = woorden;
    woordenplek.textContent = woorden;
    blok.hidden = woorden === "";
  }

  function straks() {
    if (wacht !== null) {
      window.clearTimeout(wacht);
    }
    wacht = window.setTimeout(werkBij, 250);
  }

  tekstveld.addEventListener("input", straks);
  formulier.querySelectorAll("input[name=aard]").forEach(function (keuze) {
    keuze.addEventListener("change", werkBij);
  });
}());
