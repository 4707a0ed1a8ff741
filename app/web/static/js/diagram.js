/* The case's BPMN diagram (bpmn-js viewer): open tasks and the path taken so far marked.
   The diagram and its markers come from /dossiers/<id>/diagram (same origin, JSON).
   On load it shows the case's current phase (the columns between the scripts that set
   the phases) in the lane of the current task; below a readable scale it shows the
   current task up close, within that phase and lane, instead. Buttons zoom in and out,
   show the current task, the whole phase (all lanes) or the whole diagram; the view box is written on the container
   (data-viewbox, data-scale) and the status line says what is shown. */
(function () {
  'use strict';

  var READABLE = 0.55;  // below this the labels cannot be read
  var CLOSE_UP = 0.8;
  var STEP = 1.25;
  var MIN = 0.1;
  var MAX = 2.5;
  var PHASE_NAMES = { fase1: 'fase 1', fase2: 'fase 2', fase3: 'fase 3' };

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

  function contains(box, x, y) {
    return x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height;
  }

  // Where each phase starts: the leftmost script that sets it (set_phase("faseN")).
  function phaseStarts(registry) {
    var starts = {};
    registry.filter(function (e) { return e.type === 'bpmn:ScriptTask'; }).forEach(function (e) {
      var match = /set_phase\("(\w+)"/.exec(e.businessObject.script || '');
      if (match && (starts[match[1]] === undefined || e.x < starts[match[1]])) {
        starts[match[1]] = e.x;
      }
    });
    return starts;
  }

  function Layout(viewer, phase, openIds) {
    var registry = viewer.get('elementRegistry');
    var root = viewer.get('canvas').getRootElement();
    var pool = registry.filter(function (e) { return e.type === 'bpmn:Participant'; })[0];
    this.all = pool ? { x: pool.x, y: pool.y, width: pool.width, height: pool.height } : null;
    this.current = null;
    for (var i = 0; i < openIds.length && !this.current; i++) {
      var found = registry.get(openIds[i]);
      if (found && found.parent && found.parent !== root && found.type !== 'bpmn:BoundaryEvent') {
        this.current = found;
      }
    }
    this.lane = null;
    if (this.current) {
      var cx = this.current.x + this.current.width / 2;
      var cy = this.current.y + this.current.height / 2;
      var lanes = registry.filter(function (e) { return e.type === 'bpmn:Lane' && contains(e, cx, cy); });
      lanes.sort(function (a, b) { return a.width * a.height - b.width * b.height; });
      this.lane = lanes[0] || null;
    }
    this.phase = null;
    var starts = phaseStarts(registry);
    if (this.all && starts[phase] !== undefined) {
      var left = Object.keys(starts).every(function (p) { return starts[p] >= starts[phase]; }) ? this.all.x : starts[phase] - 40;
      var right = this.all.x + this.all.width;
      Object.keys(starts).forEach(function (p) {
        if (starts[p] > starts[phase] && starts[p] - 40 < right) {
          right = starts[p] - 40;
        }
      });
      this.phase = { x: left, y: this.all.y, width: right - left, height: this.all.height };
    }
    this.phaseName = PHASE_NAMES[phase] || null;
  }

  // The phase's columns in the current task's lane; its whole height without a task.
  Layout.prototype.focusBox = function () {
    var box = this.phase || this.all;
    if (box && this.lane) {
      box = { x: box.x, y: this.lane.y, width: box.width, height: this.lane.height };
    }
    return box;
  };

  function center(canvas, x, y, within) {
    var box = canvas.viewbox();
    var left = x - box.width / 2;
    var top = y - box.height / 2;
    if (within) {  // stay inside the phase and lane where they are larger than the view
      if (within.width > box.width) {
        left = Math.min(Math.max(left, within.x), within.x + within.width - box.width);
      }
      if (within.height > box.height) {
        top = Math.min(Math.max(top, within.y), within.y + within.height - box.height);
      }
    }
    canvas.viewbox({ x: left, y: top, width: box.width, height: box.height });
  }

  function fitBox(canvas, box) {
    canvas.viewbox(box);
    center(canvas, box.x + box.width / 2, box.y + box.height / 2);
  }

  function closeUp(canvas, layout) {
    if (!layout.current) {
      return;
    }
    var task = layout.current;
    canvas.zoom(CLOSE_UP);
    center(canvas, task.x + task.width / 2, task.y + task.height / 2, layout.lane);
  }

  function fitPhase(canvas, layout) {
    var box = layout.focusBox();
    if (!box) {
      canvas.zoom('fit-viewport');
      return;
    }
    fitBox(canvas, box);
    if (canvas.zoom() >= READABLE) {
      return;
    }
    canvas.zoom(layout.current ? CLOSE_UP : READABLE);
    var task = layout.current;
    if (task) {
      center(canvas, task.x + task.width / 2, task.y + task.height / 2, box);
    } else {
      center(canvas, box.x, box.y + box.height / 2, box);
      var view = canvas.viewbox();
      canvas.viewbox({ x: box.x, y: view.y, width: view.width, height: view.height });
    }
  }

  function describe(container, canvas, layout) {
    var box = canvas.viewbox();
    container.setAttribute('data-viewbox', [box.x, box.y, box.width, box.height].map(Math.round).join(' '));
    container.setAttribute('data-scale', box.scale.toFixed(3));
    var caption = document.querySelector('[data-diagram-caption]');
    if (!caption) {
      return;
    }
    var parts = [];
    if (layout.phaseName) {
      parts.push(layout.phaseName.charAt(0).toUpperCase() + layout.phaseName.slice(1) + ' in beeld');
    }
    if (layout.current) {
      var name = layout.current.businessObject.name || 'open taak';
      var lane = layout.lane && layout.lane.businessObject.name;
      parts.push('open taak: ' + name + (lane ? ' (baan ' + lane + ')' : ''));
    }
    parts.push('zoom ' + Math.round(box.scale * 100) + '%');
    caption.textContent = parts.join(' · ');
  }

  function wireTools(canvas, layout) {
    var tools = document.querySelector('[data-diagram-tools]');
    if (!tools) {
      return;
    }
    tools.hidden = false;
    var actions = {
      'in': function () { canvas.zoom(Math.min(canvas.zoom() * STEP, MAX), 'auto'); },
      'out': function () { canvas.zoom(Math.max(canvas.zoom() / STEP, MIN), 'auto'); },
      phase: function () { fitBox(canvas, layout.phase); },
      current: function () { closeUp(canvas, layout); },
      all: function () { canvas.zoom('fit-viewport', 'auto'); }
    };
    tools.querySelectorAll('[data-diagram-zoom]').forEach(function (button) {
      var what = button.getAttribute('data-diagram-zoom');
      if ((what === 'current' && !layout.current) || (what === 'phase' && !layout.phase)) {
        button.hidden = true;
      }
      button.addEventListener('click', function () {
        actions[what]();
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
        var canvas = viewer.get('canvas');
        var layout = new Layout(viewer, container.getAttribute('data-phase'), data.open);
        viewer.get('eventBus').on('canvas.viewbox.changed', function () {
          describe(container, canvas, layout);
        });
        fitPhase(canvas, layout);
        describe(container, canvas, layout);
        wireTools(canvas, layout);
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
