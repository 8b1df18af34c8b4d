"""What a zip archive (a workbook, a Word document) may unpack to before anything reads it.

The sizes are the archive's own word. Reading stops at them (Python's zip reader checks each
part's length and checksum), and a parser that would trust them runs in a bounded child
(:mod:`stdcheck.bounded`); these checks refuse a hostile file at once, with a message.
"""

from __future__ import annotations

import zipfile
from typing import Optional

from .vocabulary import Text, msg

MAX_XML = 1 << 30  # uncompressed bytes of any one part (a sheet's XML, the shared strings)
#: A part over RATIO_FROM bytes that unpacks to more than MAX_RATIO times its packed size is
#: refused: spreadsheet and word processors pack their XML about 10:1, a zip bomb about 1000:1
MAX_RATIO = 100
RATIO_FROM = 16 << 20


def too_large_part(parts: list[zipfile.ZipInfo]) -> Optional[Text]:
    """What is wrong with the first part that unpacks to too much (the start of a message that
    the caller ends with what to do), or None."""
    for part in parts:
        size, packed = part.file_size, max(part.compress_size, 1)
        if size > MAX_XML:
            return msg(f"its part {part.filename} unpacks to {size / (1 << 30):.1f} GiB, more "
                       f"than the {MAX_XML >> 30} GiB a file of this kind holds; ",
                       f"其中的 {part.filename} 解压后有 {size / (1 << 30):.1f} GiB，超过此类文件"
                       f"的 {MAX_XML >> 30} GiB；")
        if size > RATIO_FROM and size > MAX_RATIO * packed:
            return msg(f"its part {part.filename} unpacks from {packed:,} bytes to {size:,} "
                       f"({size // packed:,} times as much): no office program packs a file like "
                       "that (a zip bomb, or a damaged file); ",
                       f"其中的 {part.filename} 从 {packed:,} 字节解压为 {size:,} 字节（"
                       f"{size // packed:,} 倍）：办公软件不会这样压缩文件（压缩炸弹或文件已损坏）；")
    return None
