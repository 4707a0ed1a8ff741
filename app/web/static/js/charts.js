/* Absence charts: Chart.js draws what a canvas's data-chart attribute holds.
   The same figures are in a table beside each chart; without this file the
   tables are all there is. */
(function () {
  'use strict';

  // One colour per code, the same on every chart (B stands out).
  var COLOURS = {
    B: '#b3261e', Z: '#1f5fa8', R: '#5c7f2a', P: '#8a5a00', A: '#6b4fa0', H: '#00796b',
    M: '#7a4e2d', L: '#6d6d6d', '-': '#a0a0a0', '': '#1f5fa8'
  };

  function draw(canvas) {
    var spec;
    try {
      spec = JSON.parse(canvas.getAttribute('data-chart'));
    } catch (e) {
      return;
    }
    var stacked = spec.kind === 'stacked';
    // eslint-disable-next-line no-new
    new window.Chart(canvas, {
      type: 'bar',
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (set) {
          var colour = set.codes ? set.codes.map(function (code) { return COLOURS[code] || COLOURS['']; })
            : (COLOURS[set.code] || COLOURS['']);
          return {label: set.label, data: set.data, backgroundColor: colour};
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: {display: stacked, position: 'bottom'},
          title: {display: false, text: spec.title}
        },
        scales: {
          x: {stacked: stacked},
          y: {stacked: stacked, beginAtZero: true, ticks: {precision: 0}}
        }
      }
    });
  }

  function start() {
    if (!window.Chart) {
      return;
    }
    var canvases = document.querySelectorAll('canvas[data-chart]');
    for (var i = 0; i < canvases.length; i++) {
      draw(canvases[i]);
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
