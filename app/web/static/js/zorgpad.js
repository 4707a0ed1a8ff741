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

  function selectAll() {
    // A work list: one box in the header chooses every task of the page for bulk assign.
    document.querySelectorAll('[data-select-all]').forEach(function (box) {
      var name = box.getAttribute('data-select-all');
      box.hidden = false;
      box.addEventListener('change', function () {
        document.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (item) {
          item.checked = box.checked;
        });
      });
    });
  }

  function ready() {
    focusSummary();
    selectAll();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', ready);
  } else {
    ready();
  }
})();
