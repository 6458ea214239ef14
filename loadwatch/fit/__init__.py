"""FIT decoding: a fast decoder, a fitparse fallback and a CRC.

The decoder (and the test tooling's writer, ``loadwatch.testing.fit_writer``)
take message and field numbers, scales, offsets and base types from
fitparse's profile (the FIT SDK profile), never from constants typed here.
"""

from loadwatch.fit.decoder import DecodedFit, decode_fit

__all__ = ["DecodedFit", "decode_fit"]
