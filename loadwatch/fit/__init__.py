"""FIT codec: a fast decoder, a fitparse fallback, a CRC and a writer.

The decoder and the writer take message and field numbers, scales, offsets and
base types from fitparse's profile (the FIT SDK profile), never from constants
typed here.
"""

from loadwatch.fit.decoder import DecodedFit, decode_fit

__all__ = ["DecodedFit", "decode_fit"]
