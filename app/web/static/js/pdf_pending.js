/* The page "PDF wordt aangemaakt" (or "Document wordt aangemaakt": the Word file of a
   document a step just made): asks every few seconds whether the file is there (no
   reload, no content read) and then starts the download. Without this file the page's
   link does the same by hand. */
(function () {
  'use strict';

  function watch(box) {
    var statusUrl = box.getAttribute('data-pdf-status');
    var fileUrl = box.getAttribute('data-pdf-file');
    var wait = (parseInt(box.getAttribute('data-retry-after'), 10) || 5) * 1000;
    var message = box.querySelector('[role="status"]');
    var pdf = box.getAttribute('data-what') !== 'Document';
    var subject = pdf ? 'De PDF' : 'Het document';
    var fallback = pdf ? ' of download het Word-bestand.' : '.';
    var tries = 0;

    function say(words) {
      message.textContent = words;
    }

    function ask() {
      tries += 1;
      fetch(statusUrl, { credentials: 'same-origin', cache: 'no-store' })
        .then(function (response) {
          if (response.status === 204) {
            say(subject + ' is klaar; de download start.');
            window.location.href = fileUrl;
          } else if (response.status === 202 && tries < 60) {
            window.setTimeout(ask, wait);
          } else if (response.status === 202) {
            say(subject + ' is er nog niet. Probeer het later opnieuw' + fallback);
          } else {
            say(pdf ? 'De PDF kon niet gemaakt worden; download het Word-bestand.' : 'Het document kon niet gemaakt worden; maak een nieuwe versie.');
          }
        })
        .catch(function () {
          say('De server antwoordt niet. Probeer het later opnieuw' + fallback);
        });
    }

    window.setTimeout(ask, wait);
  }

  function ready() {
    document.querySelectorAll('[data-pdf-status]').forEach(watch);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', ready);
  } else {
    ready();
  }
})();
