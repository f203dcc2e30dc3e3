"""The named errors of the project; each says which file and why."""

from __future__ import annotations

from pathlib import Path


class DirectivesError(Exception):
    """Base of every error this project raises on purpose."""


class DocumentError(DirectivesError):
    """A document could not be read; carries the file and a reason a clerk can act on."""

    code = "document_error"

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class EmptyFileError(DocumentError):
    code = "empty_file"


class UnsupportedFormatError(DocumentError):
    code = "unsupported_format"


class CorruptFileError(DocumentError):
    """Truncated or damaged: a PDF cut short, a ZIP whose directory cannot be read."""

    code = "corrupt_file"


class PasswordProtectedError(DocumentError):
    """A PDF with a user password, or an Office file encrypted with a password."""

    code = "password_protected"


class ZipBombError(DocumentError):
    """A DOCX (a ZIP archive) that would expand far beyond its size: refused unread."""

    code = "zip_bomb"


class NoTextError(DocumentError):
    code = "no_text"


class NotRegularFileError(DocumentError):
    """A symbolic link, pipe, device or folder where a file was expected: never read."""

    code = "not_regular_file"


class TooLargeError(DocumentError):
    code = "too_large"


class EncodingError(DocumentError):
    code = "encoding"


class OcrUnavailableError(DocumentError):
    """The file needs OCR and tesseract (or its Vietnamese model) is not installed."""

    code = "ocr_unavailable"


class OcrError(DocumentError):
    """tesseract failed or timed out on a page."""

    code = "ocr_failed"


class ConverterMissingError(DocumentError):
    """A legacy .doc needs LibreOffice, which is not installed."""

    code = "converter_missing"


class ConversionError(DocumentError):
    """LibreOffice could not convert a legacy .doc, or timed out."""

    code = "conversion_failed"


class IndexBackendError(DirectivesError):
    """The index could not be opened or written."""


class StoreError(DirectivesError):
    """The store cannot be used: not migrated, unreachable, or from a newer version."""


class NotFoundError(DirectivesError):
    """A document id that the index does not hold."""


class TaskNotFoundError(DirectivesError):
    """A task id that the index does not hold."""


class TaskConflictError(DirectivesError):
    """A task changed since the caller read it: its version no longer matches."""

    def __init__(self, task_id: str, expected: str, actual: str) -> None:
        self.task_id, self.expected, self.actual = task_id, expected, actual
        super().__init__(
            f"nhiệm vụ {task_id} đã được cập nhật sau khi đọc (phiên bản {expected}, nay {actual})"
        )


class DocumentConflictError(TaskConflictError):
    """A document changed since the caller read it (its header was corrected meanwhile)."""

    def __init__(self, doc_id: str, expected: str, actual: str) -> None:
        DirectivesError.__init__(
            self, f"văn bản {doc_id} đã được sửa sau khi đọc (phiên bản {expected}, nay {actual})"
        )
        self.task_id, self.expected, self.actual = doc_id, expected, actual


class InvalidCorrectionError(DirectivesError):
    """A correction that cannot be applied (an unknown field, a date that is no date…)."""


class InvalidStatusError(DirectivesError):
    """A task status outside chưa thực hiện, đang thực hiện, hoàn thành."""
