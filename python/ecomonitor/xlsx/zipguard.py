"""Reading zip files from untrusted hands with bounded memory and time.

A zip names its members' sizes in the central directory, and those sizes can
lie. Before anything is decompressed, the end record and the directory are
checked: member count, declared sizes, compression ratios, duplicate names.
Each member is then inflated by hand with a cap one byte above its declared
size. A member that inflates to more than it declares, or a stream with
trailing data, is caught without inflating it fully. Only stored and deflated
members are read: they are what Excel, WPS, LibreOffice and zip tools write.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

END_RECORD = b"PK\x05\x06"
LOCAL_HEADER = b"PK\x03\x04"
LOCAL_HEADER_SIZE = 30
MAX_COMMENT = 65535
UTF8_NAME_FLAG = 0x800
ENCRYPTED_FLAG = 0x1


@dataclass(frozen=True)
class ZipLimits:
    """Bounds for one zip: a workbook package or an archive of returns."""

    max_members: int = 2000
    max_member_bytes: int = 64 * 1024 * 1024
    max_total_bytes: int = 256 * 1024 * 1024
    # Ratios above this are suspicious for members larger than ratio_floor:
    # sheet XML compresses 10 to 30 times, already compressed files about once.
    max_ratio: float = 200.0
    ratio_floor: int = 1024 * 1024
    max_directory_bytes: int = 4 * 1024 * 1024


class FileRejected(Exception):
    """A file that is not read; ``code`` is a finding code, ``message`` is Chinese."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def open_zip(data: bytes, limits: ZipLimits) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """Open zip bytes after checking the directory; raise FileRejected otherwise."""
    check_end_record(data, limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError) as error:
        # zipfile raises NotImplementedError for a version or method it does not know.
        raise FileRejected("file-corrupt", f"压缩结构已损坏或使用了不支持的格式（{error}）") from error
    members = archive.infolist()
    _check_directory(members, limits)
    return archive, members


def check_end_record(data: bytes, limits: ZipLimits) -> None:
    """Check the member count and directory size the end record declares."""
    tail = data[-(MAX_COMMENT + 22):]
    position = tail.rfind(END_RECORD)
    if position < 0 or len(tail) - position < 22:
        raise FileRejected("file-corrupt", "找不到压缩文件的目录（文件不完整或已损坏）")
    _disk, _start, _here, total, size, _offset, _comment = struct.unpack(
        "<HHHHIIH", tail[position + 4:position + 22]
    )
    if total > limits.max_members or size > limits.max_directory_bytes:
        raise FileRejected(
            "zip-bomb",
            f"压缩包含 {total} 个成员（目录 {size} 字节），超过上限 {limits.max_members} 个，已拒绝读取",
        )


def _check_directory(members: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
    if len(members) > limits.max_members:
        raise FileRejected("zip-bomb", f"压缩包含 {len(members)} 个成员，超过上限 {limits.max_members} 个")
    names = [member.filename for member in members]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise FileRejected(
            "zip-duplicate-member",
            f"压缩包中有重名的成员“{duplicates[0]}”（不同程序会读到不同内容），已拒绝读取",
        )
    total = 0
    for member in members:
        _check_declared(member, limits)
        total += member.file_size
    if total > limits.max_total_bytes:
        raise FileRejected(
            "zip-bomb",
            f"解压后共 {_megabytes(total)}，超过上限 {_megabytes(limits.max_total_bytes)}，已拒绝读取",
        )


def _check_declared(member: zipfile.ZipInfo, limits: ZipLimits) -> None:
    if member.file_size > limits.max_member_bytes:
        raise FileRejected(
            "zip-bomb",
            f"成员“{member.filename}”解压后有 {_megabytes(member.file_size)}，超过上限 "
            f"{_megabytes(limits.max_member_bytes)}，已拒绝读取",
        )
    if member.file_size > limits.ratio_floor and member.file_size > member.compress_size * limits.max_ratio:
        ratio = member.file_size / max(member.compress_size, 1)
        raise FileRejected(
            "zip-bomb",
            f"成员“{member.filename}”的压缩比为 {ratio:.0f} 倍，超过上限 {limits.max_ratio:.0f} 倍（疑似压缩炸弹），已拒绝读取",
        )


def read_member(data: bytes, member: zipfile.ZipInfo, limits: ZipLimits) -> bytes:
    """Inflate one member, checking its real size, its end and its CRC."""
    if member.flag_bits & ENCRYPTED_FLAG:
        raise FileRejected("file-encrypted", f"成员“{member.filename}”设有密码")
    raw = _compressed_bytes(data, member)
    if member.compress_type == zipfile.ZIP_STORED:
        content = raw
    elif member.compress_type == zipfile.ZIP_DEFLATED:
        content = _inflate(raw, member, limits)
    else:
        raise FileRejected(
            "file-corrupt", f"成员“{member.filename}”使用了不支持的压缩方法（{member.compress_type}）"
        )
    if len(content) != member.file_size:
        raise FileRejected(
            "zip-bomb" if len(content) > member.file_size else "file-corrupt",
            f"成员“{member.filename}”解压后的大小与目录记录不符（{len(content)} 字节，记录为 {member.file_size} 字节）",
        )
    if zlib.crc32(content) != member.CRC:
        raise FileRejected("file-corrupt", f"成员“{member.filename}”的校验码不符（内容已损坏）")
    return content


def _compressed_bytes(data: bytes, member: zipfile.ZipInfo) -> bytes:
    start = member.header_offset
    header = data[start:start + LOCAL_HEADER_SIZE]
    if len(header) < LOCAL_HEADER_SIZE or header[:4] != LOCAL_HEADER:
        raise FileRejected("file-corrupt", f"成员“{member.filename}”的文件头已损坏")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    name = data[start + LOCAL_HEADER_SIZE:start + LOCAL_HEADER_SIZE + name_length]
    if name != _raw_name(member):
        raise FileRejected(
            "zip-duplicate-member", f"成员“{member.filename}”的文件头与目录中的名字不一致，已拒绝读取"
        )
    offset = start + LOCAL_HEADER_SIZE + name_length + extra_length
    raw = data[offset:offset + member.compress_size]
    if len(raw) != member.compress_size:
        raise FileRejected("file-corrupt", f"成员“{member.filename}”不完整（文件被截断）")
    return raw


def _raw_name(member: zipfile.ZipInfo) -> bytes:
    codec = "utf-8" if member.flag_bits & UTF8_NAME_FLAG else "cp437"
    return member.orig_filename.encode(codec, "surrogateescape")


def _inflate(raw: bytes, member: zipfile.ZipInfo, limits: ZipLimits) -> bytes:
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    cap = min(member.file_size, limits.max_member_bytes) + 1
    try:
        content = inflater.decompress(raw, cap)
    except zlib.error as error:
        raise FileRejected("file-corrupt", f"成员“{member.filename}”无法解压（{error}）") from error
    if len(content) >= cap:
        raise FileRejected(
            "zip-bomb", f"成员“{member.filename}”解压后超过目录记录的 {member.file_size} 字节（疑似压缩炸弹），已拒绝读取"
        )
    if not inflater.eof or inflater.unused_data:
        raise FileRejected("file-corrupt", f"成员“{member.filename}”的压缩数据不完整或带有多余数据")
    return content


def decoded_member_name(member: zipfile.ZipInfo) -> str:
    """Return a member's name, decoding names that Chinese Windows tools store in GBK.

    Without the UTF-8 flag zipfile decodes names as code page 437; tools on
    Chinese Windows write GBK there, and some write UTF-8 without the flag.
    """
    if member.flag_bits & UTF8_NAME_FLAG:
        return member.filename
    try:
        raw = member.filename.encode("cp437")
    except UnicodeEncodeError:
        return member.filename
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return member.filename


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"
