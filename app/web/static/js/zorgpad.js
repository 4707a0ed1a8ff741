/* Small comforts on every page; every page also works without this file. */
(function () {
  'use strict';

  function focusSummary() {
    // After a refused form, a screen reader and the keyboard start at the list of errors.
    var summary = document.querySelector('[data-focus-on-load]');
    if (summary) {
      summary.focus();
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', focusSummary);
  } else {
    focusSummary();
  }
})();
