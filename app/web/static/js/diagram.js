/* The case's BPMN diagram (bpmn-js viewer): open tasks and the path taken so far marked.
   The diagram and its markers come from /dossiers/<id>/diagram (same origin, JSON). */
(function () {
  'use strict';

  function show(container, text) {
    var status = container.querySelector('[data-diagram-status]');
    if (status) {
      status.textContent = text;
    }
  }

  function mark(viewer, ids, marker) {
    var canvas = viewer.get('canvas');
    var registry = viewer.get('elementRegistry');
    ids.forEach(function (id) {
      if (registry.get(id)) {
        canvas.addMarker(id, marker);
      }
    });
  }

  // Below this scale the labels are unreadable: show the current task up close instead.
  var READABLE = 0.6;
  var CLOSE_UP = 0.85;

  function closeUp(viewer, id) {
    var canvas = viewer.get('canvas');
    var element = viewer.get('elementRegistry').get(id);
    if (!element) {
      return false;
    }
    canvas.zoom(CLOSE_UP);
    var box = canvas.viewbox();
    canvas.viewbox({
      x: element.x + element.width / 2 - box.width / 2,
      y: element.y + element.height / 2 - box.height / 2,
      width: box.width,
      height: box.height
    });
    return true;
  }

  function wireTools(container, viewer, current) {
    var tools = document.querySelector('[data-diagram-tools]');
    if (!tools) {
      return;
    }
    tools.hidden = false;
    tools.querySelectorAll('[data-diagram-zoom]').forEach(function (button) {
      var what = button.getAttribute('data-diagram-zoom');
      if (what === 'current' && !current) {
        button.hidden = true;
      }
      button.addEventListener('click', function () {
        if (what === 'current') {
          closeUp(viewer, current);
        } else {
          viewer.get('canvas').zoom('fit-viewport');
        }
      });
    });
  }

  function load(container) {
    show(container, 'Het diagram wordt geladen…');
    if (!window.BpmnJS) {
      show(container, 'Het diagram is niet beschikbaar (bpmn-js ontbreekt).');
      return;
    }
    fetch(container.getAttribute('data-src'), {
      credentials: 'same-origin',
      headers: { 'Accept': 'application/json' }
    }).then(function (response) {
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      return response.json();
    }).then(function (data) {
      var viewer = new window.BpmnJS({ container: container });
      return viewer.importXML(data.xml).then(function () {
        mark(viewer, data.completed, 'zp-done');
        mark(viewer, data.open, 'zp-open');
        var current = data.open.length ? data.open[0] : null;
        var scale = viewer.get('canvas').zoom('fit-viewport');
        if (scale < READABLE && current) {
          closeUp(viewer, current);
        }
        wireTools(container, viewer, current);
        container.classList.add('is-loaded');
      });
    }).catch(function () {
      show(container, 'Het diagram kon niet geladen worden.');
    });
  }

  function init() {
    var container = document.getElementById('diagram');
    if (container) {
      load(container);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
