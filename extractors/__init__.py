"""Pure extractors: normalized Vietnamese text in, frozen records out.

No I/O, no environment, no clock: callers pass what they know (e.g. ``issued``).
"""
