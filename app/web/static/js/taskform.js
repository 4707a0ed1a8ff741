/* Task forms: show fields only when they apply (if/then in the form's JSON Schema),
   and add or remove repeated rows without a round trip. Progressive enhancement:
   without this file every field is shown, rows are added by the server, and the
   server validates either way. A hidden field is disabled, so it is not sent. */
(function () {
  'use strict';

  var PLACEHOLDER = /__row__/g;

  // Every value the field has now: one for a choice, each checked box of a group.
  function currentValues(form, name) {
    var values = [];
    Array.prototype.forEach.call(form.elements, function (element) {
      if (element.name !== name || element.disabled) {
        return;
      }
      if (element.type === 'radio' || element.type === 'checkbox') {
        if (element.checked) {
          values.push(element.value);
        }
      } else {
        values.push(element.value);
      }
    });
    return values;
  }

  function applies(form, conditions) {
    return conditions.some(function (condition) {
      var present = currentValues(form, condition.field).some(function (value) {
        return condition.values.indexOf(value) !== -1;
      });
      return condition.is ? present : !present;
    });
  }

  function setShown(element, shown) {
    element.hidden = !shown;
    element.querySelectorAll('input, select, textarea, button').forEach(function (control) {
      control.disabled = !shown;
    });
  }

  function updateConditions(form) {
    form.querySelectorAll('[data-when]').forEach(function (element) {
      var conditions;
      try {
        conditions = JSON.parse(element.getAttribute('data-when'));
      } catch (error) {
        return;
      }
      setShown(element, applies(form, conditions));
    });
  }

  function rowIndices(form, name) {
    var pattern = new RegExp('^' + name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '\\.(\\d+)\\._row$');
    var indices = [];
    Array.prototype.forEach.call(form.elements, function (element) {
      var match = pattern.exec(element.name || '');
      if (match) {
        indices.push(parseInt(match[1], 10));
      }
    });
    return indices;
  }

  function renumber(container) {
    var rows = container.querySelectorAll(':scope > [data-row]');
    rows.forEach(function (row, position) {
      var number = row.querySelector('[data-row-number]');
      if (number) {
        number.textContent = String(position + 1);
      }
    });
  }

  function addRow(form, name) {
    var template = form.querySelector('template[data-row-template="' + name + '"]');
    var container = form.querySelector('[data-rows="' + name + '"]');
    if (!template || !container) {
      return;
    }
    var indices = rowIndices(form, name);
    var next = String(indices.length ? Math.max.apply(null, indices) + 1 : 0);
    var fragment = template.content.cloneNode(true);
    fragment.querySelectorAll('*').forEach(function (element) {
      Array.prototype.forEach.call(element.attributes, function (attribute) {
        if (attribute.value.indexOf('__row__') !== -1) {
          element.setAttribute(attribute.name, attribute.value.replace(PLACEHOLDER, next));
        }
      });
    });
    var row = fragment.querySelector('[data-row]');
    container.appendChild(fragment);
    renumber(container);
    var first = row && row.querySelector('input:not([type="hidden"]), select, textarea');
    if (first) {
      first.focus();
    }
  }

  function removeRow(button) {
    var row = button.closest('[data-row]');
    var container = row && row.parentElement;
    if (!row || !container) {
      return;
    }
    row.remove();
    renumber(container);
    var add = container.parentElement.querySelector('[data-add-row="' + container.getAttribute('data-rows') + '"]');
    if (add) {
      add.focus();
    }
  }

  function enhance(form) {
    updateConditions(form);
    form.addEventListener('change', function () { updateConditions(form); });
    form.addEventListener('click', function (event) {
      var add = event.target.closest('[data-add-row]');
      if (add && form.contains(add)) {
        event.preventDefault();
        addRow(form, add.getAttribute('data-add-row'));
        return;
      }
      var remove = event.target.closest('[data-remove-row]');
      if (remove && form.contains(remove)) {
        event.preventDefault();
        removeRow(remove);
      }
    });
  }

  function init() {
    document.querySelectorAll('form[data-taskform]').forEach(enhance);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
