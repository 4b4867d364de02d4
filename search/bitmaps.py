"""Sets of pages as bitmaps: a Python int whose bit n is set when page n is in the set.

Union, intersection and counting are then single operations over machine words, which is what
matching and facet counting at tens of thousands of entries need.
"""


def bitmap(page_ids) -> int:
    """The bitmap of these page ids."""
    page_ids = list(page_ids)
    if not page_ids:
        return 0
    bits = bytearray(max(page_ids) // 8 + 1)
    for page_id in page_ids:
        bits[page_id >> 3] |= 1 << (page_id & 7)
    return int.from_bytes(bits, "little")


def page_ids(bits: int):
    """The page ids of a bitmap, in order."""
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    for offset, byte in enumerate(data):
        if byte:
            for bit in _BITS_OF_BYTE[byte]:
                yield offset * 8 + bit


_BITS_OF_BYTE = tuple(tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256))


class Bitmap:
    """A bitmap with quick membership tests."""

    def __init__(self, bits: int):
        self.bits = bits
        self.data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")

    def __contains__(self, page_id: int) -> bool:
        return page_id >> 3 < len(self.data) and bool(self.data[page_id >> 3] >> (page_id & 7) & 1)
