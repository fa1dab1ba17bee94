"""Content-addressed blob storage on a local volume: blobs/<sha[:2]>/<sha>.pdf.

Uploads are streamed to a temporary file in the same directory while hashing, then renamed
into place, so a file is never held in memory and a half-written blob is never visible.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from vendor_core.errors import EmptyUpload, NotAPdf, StorageUnavailable, UploadTooLarge

CHUNK = 1024 * 1024
# PDF readers accept the header anywhere in the first 1024 bytes (ISO 32000-1 §7.5.2 note).
PDF_MAGIC_WINDOW = 1024


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size_bytes: int
    path: Path


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.pdf"

    def put_pdf(self, stream: BinaryIO, *, max_bytes: int) -> StoredBlob:
        """Store a PDF upload; raise EmptyUpload, UploadTooLarge or NotAPdf (nothing kept)."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(dir=self.root, prefix=".upload-", suffix=".part")
        except OSError as exc:
            raise StorageUnavailable(f"blob store not writable: {exc}") from exc
        tmp = Path(tmp_name)
        try:
            digest = hashlib.sha256()
            size = 0
            head = b""
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise UploadTooLarge(
                            f"the file is larger than the limit of {max_bytes // (1024 * 1024)} MB",
                            limit_bytes=max_bytes,
                        )
                    if len(head) < PDF_MAGIC_WINDOW:
                        head += chunk[: PDF_MAGIC_WINDOW - len(head)]
                    digest.update(chunk)
                    out.write(chunk)
            if size == 0:
                raise EmptyUpload("the uploaded file is empty")
            if b"%PDF-" not in head:
                raise NotAPdf("the uploaded file is not a PDF (no %PDF- header)")
            sha = digest.hexdigest()
            final = self.path_for(sha)
            final.parent.mkdir(parents=True, exist_ok=True)
            tmp.replace(final)
            return StoredBlob(sha256=sha, size_bytes=size, path=final)
        finally:
            tmp.unlink(missing_ok=True)

    def open(self, sha256: str) -> Path:
        path = self.path_for(sha256)
        if not path.is_file():
            raise StorageUnavailable(f"blob {sha256} is missing from the store")
        return path
