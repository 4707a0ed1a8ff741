"""The garbage collector during a sweep."""

import gc
from contextlib import contextmanager


@contextmanager
def young_garbage_only():
    """No full garbage collections during the sweep (nor in its forked workers):
    its garbage, each instance's restored workflow, is young and goes with the
    young generations, while a full collection walks the app's whole heap
    (some 200,000 objects: ~140 ms, once or twice per 1,000 instances)."""
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], 1_000_000)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
